"""Who may do what (spec section 5). `role` is the caller's role in the model's namespace."""

from modelhub.models import AIModel, ModerationState, Role, Visibility

READ_ROLES = frozenset({Role.OWNER, Role.ADMIN, Role.MEMBER, Role.VIEWER})
EDIT_ROLES = frozenset({Role.OWNER, Role.ADMIN, Role.MEMBER})
MODERATE_PERMISSION = "modelhub.moderate_aimodel"


def is_moderator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.has_perm(MODERATE_PERMISSION))


def is_publicly_visible(aimodel: AIModel) -> bool:
    return aimodel.visibility == Visibility.PUBLIC and aimodel.moderation_state == ModerationState.ACTIVE


def can_view(user, aimodel: AIModel, role: str | None) -> bool:
    if is_publicly_visible(aimodel) or role in READ_ROLES:
        return True
    return bool(user.is_authenticated and (user.is_superuser or is_moderator(user)))


def can_edit(user, role: str | None) -> bool:
    """Edit a namespace's models (or create one in it)."""
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or role in EDIT_ROLES))


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


def can_administer_organization(user, role: str | None) -> bool:
    """Rename or delete an organization."""
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or role == Role.OWNER))
