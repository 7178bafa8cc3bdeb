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


WEBHOOK_ROLES = frozenset({Role.OWNER, Role.ADMIN})


def can_manage_webhooks(user, role: str | None) -> bool:
    """A namespace's webhooks: its owners and admins (a user's own namespace: the user), superusers."""
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or role in WEBHOOK_ROLES))
