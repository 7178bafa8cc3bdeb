"""Staff moderation pages (spec section 8) and the users' "Report" action."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from modelhub.models import Report, ReportReason, Visibility
from modelhub.moderation import selectors
from modelhub.moderation.forms import DismissForm, HideForm, NoteForm, QueueFilterForm, ReportForm, RestoreForm
from modelhub.permissions import can_view, is_staff_moderator
from modelhub.selectors import visibility_before_hide
from modelhub.services import (
    ConflictError,
    aimodel_hide,
    aimodel_unhide,
    moderation_note_create,
    report_create,
    report_dismiss,
)
from modelhub.web.display import catalog_titles
from modelhub.web.history import action_label, field_changes
from modelhub.web.paging import bounded_count, keyset_page, listing_scope

PAGE_SIZE = 25


def moderator_required(view):
    """Anonymous: to the login page. Signed in without the moderation permission: 403."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_staff_moderator(request.user):
            raise PermissionDenied("Only staff moderators may do this.")
        return view(request, *args, **kwargs)

    return wrapped


def _model_or_404(request, uid):
    aimodel = selectors.aimodel_by_uid_with_role(request.user, uid)
    if aimodel is None or not can_view(request.user, aimodel, aimodel.caller_role):
        raise Http404("No such model.")
    return aimodel


def _back(request, aimodel):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("moderation-model", uid=aimodel.pk)


def _form_error(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _service_error(request, exc: ValidationError) -> None:
    for error in exc.messages:
        messages.error(request, error)


def _write_failed(request, aimodel, exc: Exception):
    if isinstance(exc, ConflictError):
        messages.error(request, "The model was changed meanwhile; nothing was saved. Check it and try again.")
    else:
        _service_error(request, exc)
    return _back(request, aimodel)


def _state_change(request, aimodel, write: Callable, *, changed: str, unchanged: str):
    """Run a hide or restore; say what it did (or that it had nothing to do, or why it failed)."""
    try:
        result = write()
    except (ValidationError, ConflictError) as exc:
        return _write_failed(request, aimodel, exc)
    if result.changed:
        messages.success(request, changed)
    else:
        messages.info(request, unchanged)
    return _back(request, aimodel)


# --- the queue and a model's moderation page ----------------------------------------


@require_http_methods(["GET"])
@moderator_required
def queue(request):
    tab = "public" if request.GET.get("tab") == "public" else "reports"
    filters = QueueFilterForm(request.GET)
    reason = filters.cleaned_data["reason"] if filters.is_valid() else ""
    if tab == "public":
        rows, order = selectors.recently_made_public(), selectors.MOST_RECENTLY_MADE_PUBLIC
    else:
        rows, order = selectors.report_queue(reason=reason or None), selectors.MOST_RECENTLY_REPORTED
    page = keyset_page(rows, request.GET, PAGE_SIZE, order, scope=listing_scope(request))
    if tab == "reports":
        for aimodel in page:
            aimodel.reason_counts = selectors.reason_counts(aimodel)
    count, more = bounded_count(rows)
    context = {
        "tab": tab,
        "page": page,
        "count": count,
        "count_is_more": more,
        "count_label": f"{count:,}+" if more else f"{count:,}",
        "filters": filters,
        "reason": reason,
        "reasons": ReportReason.choices,
    }
    return render(request, "moderation/queue.html", context)


@require_http_methods(["GET"])
@moderator_required
def aimodel_moderation(request, uid):
    aimodel = _model_or_404(request, uid)
    reports = list(selectors.reports_of(aimodel))
    titles = catalog_titles()
    history = []
    for entry in selectors.audit_history_of(aimodel)[: selectors.RECENT_AUDIT_ENTRIES]:
        entry.action_label = action_label(entry.action)
        history.append((entry, field_changes(entry, titles, aimodel.region_id)))
    context = {
        "aimodel": aimodel,
        "rows": history,
        "reports": [(r, DismissForm(report=r) if r.is_open else None) for r in reports],
        "open_count": sum(r.is_open for r in reports),
        "notes": selectors.notes_of(aimodel),
        "hide_form": HideForm(aimodel=aimodel),
        "restore_form": RestoreForm(aimodel=aimodel, visibility_before=visibility_before_hide(aimodel))
        if aimodel.is_hidden
        else None,
        "note_form": NoteForm(aimodel=aimodel),
    }
    return render(request, "moderation/aimodel.html", context)


# --- moderators' actions (POST only) ------------------------------------------------


@require_http_methods(["POST"])
@moderator_required
def report_dismiss_view(request, report_id: int):
    report = get_object_or_404(Report.objects.select_related("aimodel"), pk=report_id)
    form = DismissForm(request.POST, report=report)
    if not form.is_valid():
        _form_error(request, form)
        return _back(request, report.aimodel)
    try:
        report_dismiss(report=report, actor=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        _service_error(request, exc)
    else:
        messages.success(request, f"Report #{report.pk} dismissed.")
    return _back(request, report.aimodel)


@require_http_methods(["POST"])
@moderator_required
def hide_view(request, uid):
    aimodel = _model_or_404(request, uid)
    form = HideForm(request.POST, aimodel=aimodel)
    if not form.is_valid():
        _form_error(request, form)
        return _back(request, aimodel)
    data = form.cleaned_data
    if not form.is_confirmed():  # without JavaScript (no dialog): ask on a page of its own
        confirm = HideForm(initial=data, aimodel=aimodel, confirming=True)
        context = {
            "aimodel": aimodel,
            "form": confirm,
            "open_count": sum(r.is_open for r in selectors.reports_of(aimodel)),
        }
        return render(request, "moderation/hide_confirm.html", context)
    return _state_change(
        request,
        aimodel,
        lambda: aimodel_hide(
            aimodel=aimodel,
            actor=request.user,
            note=data["note"],
            resolve_reports=data["resolve_reports"],
            share_note=True,
        ),
        changed=f"{aimodel.handle} is hidden: private, and its owner cannot publish it.",
        unchanged=f"{aimodel.handle} was already hidden.",
    )


@require_http_methods(["POST"])
@moderator_required
def restore_view(request, uid):
    aimodel = _model_or_404(request, uid)
    form = RestoreForm(request.POST, aimodel=aimodel, visibility_before=visibility_before_hide(aimodel))
    if not form.is_valid():
        _form_error(request, form)
        return _back(request, aimodel)
    data = form.cleaned_data
    public = data["visibility"] == Visibility.PUBLIC
    return _state_change(
        request,
        aimodel,
        lambda: aimodel_unhide(
            aimodel=aimodel, actor=request.user, note=data["note"], share_note=True, visibility=data["visibility"]
        ),
        changed=(
            f"{aimodel.handle} is restored and public again."
            if public
            else f"{aimodel.handle} is restored; it stays private until its owner publishes it."
        ),
        unchanged=f"{aimodel.handle} was not hidden.",
    )


@require_http_methods(["POST"])
@moderator_required
def note_create_view(request, uid):
    aimodel = _model_or_404(request, uid)
    form = NoteForm(request.POST, aimodel=aimodel)
    if not form.is_valid():
        _form_error(request, form)
        return _back(request, aimodel)
    moderation_note_create(aimodel=aimodel, author=request.user, text=form.cleaned_data["text"])
    messages.success(request, "Note left; the owner sees it on the model's page.")
    return _back(request, aimodel)


# --- reporting, for any signed-in user ----------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def report_create_view(request, uid):
    aimodel = _model_or_404(request, uid)
    form = ReportForm(request.POST if request.method == "POST" else None, aimodel=aimodel)
    if request.method == "POST" and form.is_valid():
        try:
            report_create(aimodel=aimodel, reporter=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, "Thank you: your report was sent to the moderators.")
            return redirect(aimodel.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"aimodel": aimodel, "form": form, "my_report": selectors.open_report_by(aimodel, request.user)}
    return render(request, "moderation/report_form.html", context, status=status)
