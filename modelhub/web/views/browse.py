"""Reading pages: the model list, a model's detail page and its history."""

import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models.functions import Lower
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from modelhub import search
from modelhub.permissions import can_edit, is_staff_moderator, sees_moderation
from modelhub.selectors import (
    aimodels_anyone_sees,
    aimodels_visible_to,
    audit_entries_shown_to,
    namespaces_listed_to,
    namespaces_with_edit_role,
)
from modelhub.services.revert import restorable
from modelhub.web.access import (
    canonical_redirect,
    image_endpoint,
    image_src,
    thumbnail_url,
    viewable_aimodel,
)
from modelhub.web.display import catalog_titles
from modelhub.web.filters import AIModelFilterForm, with_has_image
from modelhub.web.history import action_label, field_changes
from modelhub.web.markdown import render_markdown
from modelhub.web.paging import bounded_count, keyset_page, listing_scope

MODELS_PER_PAGE = 20
NAMESPACE_SUGGESTIONS = 10
ENTRIES_PER_PAGE = 50


@require_http_methods(["GET"])
def aimodel_list(request):
    filter_form = AIModelFilterForm(request.GET)
    queryset = with_has_image(filter_form.filtered(aimodels_visible_to(request.user)))
    top = search.top_id_matches(queryset, filter_form.search)
    page = keyset_page(queryset, request.GET, MODELS_PER_PAGE, filter_form.order, top=top, scope=listing_scope(request))
    titles = catalog_titles()
    for aimodel in page:
        titles.label(aimodel)
        aimodel.thumbnail_url = thumbnail_url(aimodel) if aimodel.has_image else ""
    anyone = aimodels_anyone_sees(request.user)
    # The public rows among the visitor's may settle "more than the limit" at the cost of an
    # anonymous visitor's count (built only when that is asked: SQLite).
    at_least = (lambda: filter_form.filtered(anyone)) if anyone is not None else None
    count, more = bounded_count(queryset, at_least=at_least)
    context = {
        "page": page,
        "count": count,
        "count_is_more": more,
        "count_label": f"{count:,}+" if more else f"{count:,}",
        "filter_form": filter_form,
        "creatable_namespaces": list(namespaces_with_edit_role(request.user).values_list("namespace_id", flat=True)),
        "filtered": any(request.GET.get(key) for key in filter_form.fields if key != "sort"),
        "sees_all_deleted": is_staff_moderator(request.user),  # staff see every namespace's Deleted models page
    }
    return render(request, "modelhub/aimodel_list.html", context)


@require_http_methods(["GET"])
def namespace_suggestions(request):
    """The namespace filter's suggestions as the visitor types (a datalist, for htmx): the first
    few namespaces whose ID starts with the text, among those the visitor may know of."""
    prefix = request.GET.get("namespace", "").strip().lower()[:63]
    namespaces = []
    if prefix:
        listed = namespaces_listed_to(request.user).alias(lower_id=Lower("namespace_id"))
        # The range reads the index on lower(namespace_id); startswith keeps it exact under any collation.
        starting = listed.filter(lower_id__gte=prefix, lower_id__lt=prefix + "\U0010ffff", lower_id__startswith=prefix)
        namespaces = list(starting.order_by("lower_id").values_list("namespace_id", flat=True)[:NAMESPACE_SUGGESTIONS])
    return render(request, "modelhub/namespace_suggestions.html", {"namespaces": namespaces})


@require_http_methods(["GET"])
def aimodel_detail(request, namespace_id: str, model_id: str):
    aimodel = catalog_titles().label(viewable_aimodel(request, namespace_id, model_id))
    if moved := canonical_redirect(request, aimodel):
        return moved
    editor = can_edit(request.user, aimodel.caller_role)
    context = {
        "aimodel": aimodel,
        "can_edit": editor,
        # Outsiders report public models (members and staff have other means); anonymous visitors log in first.
        "can_report": aimodel.is_public and aimodel.caller_role is None and not is_staff_moderator(request.user),
        "report_in_header": True,
        "show_moderation": sees_moderation(request.user, aimodel.caller_role),
        "image_src": image_src(aimodel),
        "readme_html": render_markdown(aimodel.readme, image_path=image_endpoint(aimodel)),
        "configuration_json": json.dumps(aimodel.configuration, indent=2, ensure_ascii=False, sort_keys=True),
    }
    return render(request, "modelhub/aimodel_detail.html", context)


@login_required
@require_http_methods(["GET"])
def aimodel_history(request, namespace_id: str, model_id: str):
    aimodel = viewable_aimodel(request, namespace_id, model_id)
    if moved := canonical_redirect(request, aimodel):
        return moved
    entries = audit_entries_shown_to(aimodel, sees_moderation=sees_moderation(request.user, aimodel.caller_role))
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    titles = catalog_titles()
    rows = []
    editor = can_edit(request.user, aimodel.caller_role)
    for entry in page:
        entry.action_label = action_label(entry.action)
        entry.restorable = {name for name in entry.changes if restorable(entry, name)} if editor else set()
        rows.append((entry, field_changes(entry, titles, aimodel.region_id)))
    context = {"aimodel": aimodel, "can_edit": editor, "page": page, "rows": rows}
    return render(request, "modelhub/aimodel_history.html", context)
