"""Organizations: create one, its settings (display name, members and roles, invitations, Danger
zone) and its membership history. Invitees answer on the account page (views.account).

Who may do what is decided by the services (modelhub.services.organizations) from the caller's
active role; the views only choose which page answers: the settings page is for the
organization's active members and superusers (anyone else who may know the organization gets
403, others 404), its history for owners and admins.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from modelhub.forms.organizations import DisplayNameForm, InviteForm, OrganizationForm, RoleForm
from modelhub.models import Membership, Namespace, Role
from modelhub.permissions import (
    can_administer_organization,
    can_grant,
    can_manage_members,
    sees_organization_settings,
)
from modelhub.selectors import memberships_of, organization_history
from modelhub.services import (
    NotPermitted,
    OrganizationRefused,
    membership_change_role,
    membership_invite,
    membership_remove,
    organization_create,
    organization_delete,
    organization_update,
)
from modelhub.web.access import known_namespace
from modelhub.web.views.namespaces import canonical_namespace_redirect

HISTORY_PER_PAGE = 50


def _organization(
    request,
    namespace_id: str,
    *,
    allowed=sees_organization_settings,
    refusal: str = "Only the organization's members see its settings.",
) -> Namespace:
    """The organization if `allowed(user, role)` (by default: the user belongs to it, or is a
    superuser); 403 with `refusal` to others who may know of it, 404 to everyone else and for
    a user's namespace."""
    return known_namespace(
        request,
        namespace_id,
        organization=True,
        allowed=allowed,
        refusal=refusal,
    )


def _settings_url(namespace: Namespace) -> str:
    return reverse("namespace-settings", args=[namespace.namespace_id])


@login_required
@require_http_methods(["GET", "POST"])
def organization_new(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            namespace = organization_create(
                namespace_id=form.cleaned_data["namespace_id"],
                display_name=form.cleaned_data["display_name"],
                owner=request.user,
                source="web",
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, f"Created the organization {namespace.namespace_id}; you are its owner.")
            return redirect(namespace)
    status = 400 if form.is_bound else 200
    return render(request, "modelhub/organization_new.html", {"form": form}, status=status)


def _member_rows(request, namespace: Namespace) -> list[dict]:
    """Each membership with what the viewer may do to it: the roles they may give, whether they may
    remove it (or, their own, leave)."""
    role = namespace.caller_role
    rows = []
    for membership in memberships_of(namespace):
        own = membership.user_id == request.user.pk
        roles = [
            (value, label)
            for value, label in Role.choices
            if can_grant(request.user, role, old_role=membership.role, new_role=value)
        ]
        removable = can_grant(request.user, role, old_role=membership.role, new_role=None)
        rows.append(
            {
                "membership": membership,
                "own": own,
                "roles": roles,
                "can_remove": (own and not membership.is_pending) or (removable and not own),
            }
        )
    return rows


def _render_settings(request, namespace: Namespace, *, invite_form=None, name_form=None, status=200):
    role = namespace.caller_role
    managers = can_manage_members(request.user, role)
    invite_form = invite_form or InviteForm()
    if managers:
        invite_form.fields["role"].choices = [
            (value, label)
            for value, label in Role.choices
            if can_grant(request.user, role, old_role=None, new_role=value)
        ]
    context = {
        "namespace": namespace,
        "role": role,
        "rows": _member_rows(request, namespace),
        "manages_members": managers,
        "administers": can_administer_organization(request.user, role),
        "invite_form": invite_form,
        "name_form": name_form or DisplayNameForm(initial={"display_name": namespace.display_name}),
    }
    return render(request, "modelhub/namespace_settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def namespace_settings(request, namespace_id: str):
    """The settings page; a POST changes the display name (owners)."""
    namespace = _organization(request, namespace_id)
    if request.method == "GET":
        if moved := canonical_namespace_redirect(request, namespace):
            return moved
        return _render_settings(request, namespace)
    form = DisplayNameForm(request.POST)
    if form.is_valid():
        try:
            organization_update(
                namespace=namespace, display_name=form.cleaned_data["display_name"], actor=request.user, source="web"
            )
        except NotPermitted as refusal:
            raise PermissionDenied(refusal.message)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("display_name", message)
        else:
            messages.success(request, "Saved the display name.")
            return redirect(_settings_url(namespace))
    return _render_settings(request, namespace, name_form=form, status=400)


def _refused(request, namespace: Namespace, refusal: OrganizationRefused):
    if isinstance(refusal, NotPermitted):
        raise PermissionDenied(refusal.message)
    messages.error(request, f"{refusal.message} Nothing was changed.")
    return redirect(_settings_url(namespace))


@login_required
@require_http_methods(["POST"])
def member_invite(request, namespace_id: str):
    namespace = _organization(
        request,
        namespace_id,
        allowed=can_manage_members,
        refusal="Only the organization's owners and admins invite people.",
    )
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _render_settings(request, namespace, invite_form=form, status=400)
    invitee, role = form.cleaned_data["username"], form.cleaned_data["role"]
    try:
        membership_invite(namespace=namespace, user=invitee, role=role, actor=request.user, source="web")
    except OrganizationRefused as refusal:
        if isinstance(refusal, NotPermitted):
            raise PermissionDenied(refusal.message)
        form.add_error("username", refusal.message)
        return _render_settings(request, namespace, invite_form=form, status=400)
    messages.success(
        request,
        f"Invited {invitee.get_username()} as {Role(role).label.lower()}. "
        "The role counts once they accept on their account page.",
    )
    return redirect(_settings_url(namespace))


def _membership(namespace: Namespace, membership_id: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user"), pk=membership_id, namespace=namespace)


@login_required
@require_http_methods(["POST"])
def member_role(request, namespace_id: str, membership_id: int):
    namespace = _organization(request, namespace_id)
    membership = _membership(namespace, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the roles. Nothing was changed.")
        return redirect(_settings_url(namespace))
    try:
        membership_change_role(membership=membership, role=form.cleaned_data["role"], actor=request.user, source="web")
    except OrganizationRefused as refusal:
        return _refused(request, namespace, refusal)
    label = Role(form.cleaned_data["role"]).label.lower()
    messages.success(request, f"{membership.user.get_username()} is now {label}.")
    return redirect(_settings_url(namespace))


@login_required
@require_http_methods(["POST"])
def member_remove(request, namespace_id: str, membership_id: int):
    """Remove a member, withdraw an invitation, or (one's own membership) leave."""
    namespace = _organization(request, namespace_id)
    membership = _membership(namespace, membership_id)
    leaving = membership.user_id == request.user.pk
    try:
        membership_remove(membership=membership, actor=request.user, source="web")
    except OrganizationRefused as refusal:
        return _refused(request, namespace, refusal)
    if leaving:
        messages.success(request, f"You left {namespace.namespace_id}.")
        return redirect("account")
    what = "Withdrew the invitation of" if membership.is_pending else "Removed"
    messages.success(request, f"{what} {membership.user.get_username()}.")
    return redirect(_settings_url(namespace))


@login_required
@require_http_methods(["POST"])
def organization_delete_view(request, namespace_id: str):
    """Delete the organization once its ID is typed in `confirm` (owners; only when it holds no model)."""
    namespace = _organization(
        request,
        namespace_id,
        allowed=can_administer_organization,
        refusal="Only the organization's owners may delete it.",
    )
    if request.POST.get("confirm", "").strip() != namespace.namespace_id:
        messages.error(request, "Type the organization's ID to confirm. Nothing was deleted.")
        return redirect(_settings_url(namespace))
    try:
        organization_delete(namespace=namespace, actor=request.user)
    except OrganizationRefused as refusal:
        return _refused(request, namespace, refusal)
    messages.success(request, f"Deleted the organization {namespace.namespace_id}.")
    return redirect("aimodel-list")


def _role_or_value(value: str) -> str:
    """A role as its label; anything else an entry records (a display name) as it is."""
    return Role(value).label if value in Role.values else value


@login_required
@require_http_methods(["GET"])
def namespace_history(request, namespace_id: str):
    """Who changed the organization's members and roles, newest first (owners and admins)."""
    namespace = _organization(
        request,
        namespace_id,
        allowed=can_manage_members,
        refusal="Only the organization's owners and admins see its history.",
    )
    if moved := canonical_namespace_redirect(request, namespace):
        return moved
    page = Paginator(organization_history(namespace), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    for entry in page:
        entry.label = entry.get_action_display()
        entry.old_shown = _role_or_value(entry.old_value)
        entry.new_shown = _role_or_value(entry.new_value)
    return render(request, "modelhub/namespace_history.html", {"namespace": namespace, "page": page})
