"""Who may do what (spec section 5). `role` is the caller's role in the model's namespace."""

from modelhub.models import AIModel, Role

# Staff and the public rule are declared with the model (its queryset filters by them).
from modelhub.models.aimodels import MODERATE_PERMISSION as MODERATE_PERMISSION
from modelhub.models.aimodels import is_staff_moderator as is_staff_moderator

READ_ROLES = frozenset({Role.OWNER, Role.ADMIN, Role.MEMBER, Role.VIEWER})
EDIT_ROLES = frozenset({Role.OWNER, Role.ADMIN, Role.MEMBER})


def can_view(user, aimodel: AIModel, role: str | None) -> bool:
    return aimodel.is_public or role in READ_ROLES or is_staff_moderator(user)


def can_edit(user, role: str | None) -> bool:
    """Edit a namespace's models (or create one in it)."""
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or role in EDIT_ROLES))


def sees_moderation(user, role: str | None) -> bool:
    """The moderation state and history are shown to the model's editors and to staff."""
    return can_edit(user, role) or is_staff_moderator(user)


def can_purge_within_restore_window(user) -> bool:
    """Purge a deleted model before its editors' restore window is over: superusers only."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def sees_purge_records(user, role: str | None) -> bool:
    """The tombstones of a namespace's purged models: its owners and staff."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (role == Role.OWNER or user.is_superuser or is_staff_moderator(user))
    )


WEBHOOK_ROLES = frozenset({Role.OWNER, Role.ADMIN})


def can_manage_webhooks(user, role: str | None) -> bool:
    """A namespace's webhooks: its owners and admins (a user's own namespace: the user), superusers."""
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or role in WEBHOOK_ROLES))


# Organizations (spec section 1): owners manage everyone, admins the members and viewers.
MANAGE_ROLES = frozenset({Role.OWNER, Role.ADMIN})
ADMIN_MANAGED_ROLES = frozenset({Role.MEMBER, Role.VIEWER})


def can_manage_members(user, role: str | None) -> bool:
    """Invite, change roles and remove in an organization (which of them: `can_grant`)."""
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or role in MANAGE_ROLES))


def can_grant(user, role: str | None, *, old_role: str | None, new_role: str | None) -> bool:
    """Whether a caller with `role` may turn a member's `old_role` (None: not a member yet) into
    `new_role` (None: removed). Owners may do anything; admins only among members and viewers."""
    if not can_manage_members(user, role):
        return False
    if user.is_superuser or role == Role.OWNER:
        return True
    return old_role in ADMIN_MANAGED_ROLES | {None} and new_role in ADMIN_MANAGED_ROLES | {None}


def sees_organization_settings(user, role: str | None) -> bool:
    """An organization's settings page: its members, whatever their role, and superusers."""
    return role is not None or bool(user.is_superuser)


def can_administer_organization(user, role: str | None) -> bool:
    """Rename or delete an organization."""
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or role == Role.OWNER))
