"""Organizations and their members: create, rename, delete; invite, accept, decline, change a role,
remove, leave. Each change is checked against the actor's own (active) role here, written with
the organization's row locked (so two owners cannot both step down), and audited in
OrganizationAuditEntry in the same transaction. A refusal writes nothing.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from modelhub.models import (
    AIModel,
    Membership,
    MembershipState,
    Namespace,
    NamespaceKind,
    OrganizationAction,
    OrganizationAuditEntry,
    Role,
)
from modelhub.permissions import can_administer_organization, can_grant
from modelhub.services.namespaces import namespace_create

Actor = AbstractBaseUser | AnonymousUser | None
DISPLAY_NAME_MAX = 255
ID_TAKEN = "A user or an organization with this ID already exists (IDs ignore letter case)."


class OrganizationRefused(Exception):
    """A change the rules refuse; `message` says why in words. Nothing was written."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class NotPermitted(OrganizationRefused):
    """The actor's role does not allow this change (the API answers 403)."""


class MembershipExists(OrganizationRefused):
    """The user is already a member or invited with that role (the API answers 409, ALREADY_EXISTS)."""


class LastOwner(OrganizationRefused):
    """The change would leave the organization without an active owner."""


class OrganizationNotEmpty(OrganizationRefused):
    """The organization still holds models."""


def _actor(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _role_error(role) -> ValidationError | None:
    if isinstance(role, str) and role in Role.values:
        return None
    shown = str(role)[:32]
    return ValidationError({"role": [f"Unknown role “{shown}”; use one of {', '.join(Role.values)}."]})


def _lock(namespace: Namespace) -> Namespace:
    locked = Namespace.objects.select_for_update().get(pk=namespace.pk)
    if locked.kind != NamespaceKind.ORGANIZATION:
        raise OrganizationRefused(f"{locked.namespace_id} is a user's namespace, not an organization.")
    return locked


def _role_of(namespace: Namespace, user) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    return Membership.objects.active().filter(namespace=namespace, user=user).values_list("role", flat=True).first()


def _audit(namespace, actor, source, action, member=None, old="", new="") -> None:
    OrganizationAuditEntry.objects.create(
        namespace=namespace,
        actor=_actor(actor),
        member=member,
        member_username=member.get_username() if member is not None else "",
        action=action,
        source=source,
        old_value=old or "",
        new_value=new or "",
    )


def _keeps_an_owner(namespace: Namespace, membership: Membership) -> bool:
    """Whether the organization has an active owner besides `membership`."""
    owners = Membership.objects.active().filter(namespace=namespace, role=Role.OWNER).exclude(pk=membership.pk)
    return owners.exists()


@transaction.atomic
def organization_create(*, namespace_id: str, display_name: str, owner, source: str) -> Namespace:
    """A new organization; `owner` (any signed-in user) becomes its owner. Bad or taken IDs raise
    ValidationError (by field: namespace_id, display_name)."""
    if not isinstance(display_name, str):
        raise ValidationError({"display_name": ["Must be text."]})
    if isinstance(namespace_id, str) and Namespace.objects.filter(namespace_id__iexact=namespace_id).exists():
        raise ValidationError({"namespace_id": [ID_TAKEN]})
    namespace = namespace_create(
        namespace_id=namespace_id, kind=NamespaceKind.ORGANIZATION, display_name=display_name.strip(), owner=owner
    )
    _audit(namespace, owner, source, OrganizationAction.CREATE, member=owner, new=Role.OWNER)
    return namespace


@transaction.atomic
def organization_update(*, namespace: Namespace, display_name: str, actor: Actor, source: str) -> Namespace:
    """Change the display name (owners). A name that does not change writes nothing."""
    current = _lock(namespace)
    if not can_administer_organization(actor, _role_of(current, actor)):
        raise NotPermitted("Only the organization's owners may change its name.")
    if not isinstance(display_name, str):
        raise ValidationError({"display_name": ["Must be text."]})
    display_name = display_name.strip()
    if len(display_name) > DISPLAY_NAME_MAX:
        raise ValidationError({"display_name": [f"At most {DISPLAY_NAME_MAX} characters."]})
    if display_name == current.display_name:
        return current
    old = current.display_name
    current.display_name = display_name
    current.update_time = timezone.now()
    current.save(update_fields=["display_name", "update_time"])
    _audit(current, actor, source, OrganizationAction.UPDATE, old=old, new=display_name)
    return current


@transaction.atomic
def organization_delete(*, namespace: Namespace, actor: Actor) -> str:
    """Delete an organization that holds no model (owners); its memberships and history go with it.
    Returns its ID. Deleted models are kept for restoring until they are purged, and keep it too."""
    current = _lock(namespace)
    if not can_administer_organization(actor, _role_of(current, actor)):
        raise NotPermitted("Only the organization's owners may delete it.")
    models = AIModel.objects.filter(namespace=current)
    if models.alive().exists():
        raise OrganizationNotEmpty(
            f"{current.namespace_id} still holds models: transfer or delete them before deleting the organization."
        )
    if models.exists():
        raise OrganizationNotEmpty(
            f"{current.namespace_id} holds deleted models that can still be restored; it can be deleted once "
            "they are purged (ask staff to purge them sooner)."
        )
    namespace_id = current.namespace_id
    current.delete()
    return namespace_id


@transaction.atomic
def membership_invite(*, namespace: Namespace, user, role: str, actor: Actor, source: str) -> Membership:
    """Invite an existing user with a role: a pending membership that grants nothing until accepted."""
    if error := _role_error(role):
        raise error
    current = _lock(namespace)
    if not can_grant(actor, _role_of(current, actor), old_role=None, new_role=role):
        raise NotPermitted(f"You may not invite people as {Role(role).label.lower()} to {current.namespace_id}.")
    existing = Membership.objects.filter(namespace=current, user=user).first()
    if existing is not None:
        what = "already invited to" if existing.is_pending else "already a member of"
        raise MembershipExists(f"{user.get_username()} is {what} {current.namespace_id}.")
    membership = Membership.objects.create(
        namespace=current, user=user, role=role, state=MembershipState.PENDING, invited_by=_actor(actor)
    )
    _audit(current, actor, source, OrganizationAction.INVITE, member=user, new=role)
    return membership


def _locked_membership(membership: Membership) -> tuple[Namespace, Membership]:
    namespace = _lock(membership.namespace)
    try:
        return namespace, Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    except Membership.DoesNotExist:
        raise OrganizationRefused("That membership no longer exists.") from None


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor: Actor, source: str) -> Membership:
    """Give a member (or a pending invitation) another role. The last active owner keeps theirs.
    The same role raises MembershipExists (nothing to change)."""
    if error := _role_error(role):
        raise error
    namespace, current = _locked_membership(membership)
    actor_role = _role_of(namespace, actor)
    if not can_grant(actor, actor_role, old_role=current.role, new_role=role):
        raise NotPermitted(f"You may not change {current.user.get_username()}'s role in {namespace.namespace_id}.")
    if current.role == role:
        what = "invited as" if current.is_pending else "already"
        raise MembershipExists(f"{current.user.get_username()} is {what} {Role(role).label.lower()}.")
    if current.role == Role.OWNER and not current.is_pending and not _keeps_an_owner(namespace, current):
        raise LastOwner(
            f"{current.user.get_username()} is the last owner of {namespace.namespace_id}; "
            "make someone else owner first."
        )
    old = current.role
    current.role = role
    current.update_time = timezone.now()
    current.save(update_fields=["role", "update_time"])
    _audit(namespace, actor, source, OrganizationAction.ROLE, member=current.user, old=old, new=role)
    return current


@transaction.atomic
def membership_remove(*, membership: Membership, actor: Actor, source: str) -> None:
    """Remove a member or withdraw an invitation (managers, by `can_grant`), or leave (the member
    themselves). The last active owner can neither leave nor be removed."""
    namespace, current = _locked_membership(membership)
    leaving = actor is not None and actor.is_authenticated and actor.pk == current.user_id
    if leaving and current.is_pending:
        raise OrganizationRefused("Decline the invitation instead.")
    if not leaving and not can_grant(actor, _role_of(namespace, actor), old_role=current.role, new_role=None):
        raise NotPermitted(f"You may not remove {current.user.get_username()} from {namespace.namespace_id}.")
    if current.role == Role.OWNER and not current.is_pending and not _keeps_an_owner(namespace, current):
        who = "You are" if leaving else f"{current.user.get_username()} is"
        raise LastOwner(f"{who} the last owner of {namespace.namespace_id}; make someone else owner first.")
    if leaving:
        action = OrganizationAction.LEAVE
    else:
        action = OrganizationAction.CANCEL if current.is_pending else OrganizationAction.REMOVE
    current.delete()
    _audit(namespace, actor, source, action, member=current.user, old=current.role)


def _own_invitation(membership: Membership, actor: Actor) -> tuple[Namespace, Membership]:
    namespace, current = _locked_membership(membership)
    if actor is None or not actor.is_authenticated or actor.pk != current.user_id:
        raise NotPermitted("Only the invitee may answer an invitation.")
    if not current.is_pending:
        raise MembershipExists(f"You are already a member of {namespace.namespace_id}.")
    return namespace, current


@transaction.atomic
def membership_accept(*, membership: Membership, actor: Actor, source: str) -> Membership:
    """The invitee accepts: the membership becomes active and its role counts from now on."""
    namespace, current = _own_invitation(membership, actor)
    current.state = MembershipState.ACTIVE
    current.update_time = timezone.now()
    current.save(update_fields=["state", "update_time"])
    _audit(namespace, actor, source, OrganizationAction.ACCEPT, member=current.user, new=current.role)
    return current


@transaction.atomic
def membership_decline(*, membership: Membership, actor: Actor, source: str) -> None:
    """The invitee declines: the invitation is gone."""
    namespace, current = _own_invitation(membership, actor)
    current.delete()
    _audit(namespace, actor, source, OrganizationAction.DECLINE, member=current.user, old=current.role)
