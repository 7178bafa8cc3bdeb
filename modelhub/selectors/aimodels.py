"""Lists of models: what a user may see, a namespace's models, its deleted ones; one model by its uid."""

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import F, OuterRef, QuerySet, Subquery

from modelhub.join_order import in_written_join_order
from modelhub.models import AIModel, AuditAction, AuditEntry, Namespace, PurgeRecord
from modelhub.models.aimodels import HEAVY_FIELDS
from modelhub.permissions import is_staff_moderator
from modelhub.selectors.caller_role import caller_role_annotation


def aimodels_visible_to(user) -> QuerySet[AIModel]:
    """The models `user` may see, for lists: no image, README or configuration loaded; never deleted ones.

    Each has `caller_role` (the user's role in its namespace, or None) annotated: for a signed-in
    non-staff caller from the membership join `visible_to` already makes.
    """
    if connection.vendor == "sqlite":
        # Walks the list's index and looks each row's namespace up, whatever the planner's
        # statistics say (modelhub.join_order).
        qs = in_written_join_order(AIModel.objects.visible_to(user, membership_per_row=True))
        return qs.select_related("namespace").defer(*HEAVY_FIELDS).annotate(caller_role=caller_role_annotation(user))
    qs = AIModel.objects.visible_to(user).select_related("namespace").defer(*HEAVY_FIELDS)
    if user.is_authenticated and not is_staff_moderator(user):
        return qs.annotate(caller_role=F("caller_membership__role"))
    return qs.annotate(caller_role=caller_role_annotation(user))


def aimodels_anyone_sees(user) -> QuerySet[AIModel] | None:
    """For counting `aimodels_visible_to(user)` (modelhub.paging's `at_least`): the rows of it
    anyone may see, when `user` sees more than those (a signed-in visitor who is not staff);
    else None."""
    if not user.is_authenticated or is_staff_moderator(user):
        return None
    return AIModel.objects.visible_to(AnonymousUser())


def with_configuration(qs: QuerySet[AIModel]) -> QuerySet[AIModel]:
    """A list's models with their configuration and README loaded (the API's VIEW_FULL), never their image."""
    return qs.defer(None).defer("profile_image")


def aimodels_of_namespace_visible_to(user, namespace: Namespace) -> QuerySet[AIModel]:
    """The models of one namespace `user` may see, for lists (`namespace` from namespace_with_role).

    The same rows as `aimodels_visible_to(user).filter(namespace=namespace)`, but with the
    caller's role already known the condition is plain: all of them for members and staff,
    the public active ones otherwise. Both are counted from an index alone, far cheaper
    than counting through the membership join.
    """
    qs = AIModel.objects.alive().filter(namespace=namespace).defer(*HEAVY_FIELDS)
    member = namespace.caller_role is not None
    if member or is_staff_moderator(user):
        return qs
    return qs.public()


def aimodels_deleted_in(namespace: Namespace) -> QuerySet[AIModel]:
    """A namespace's deleted (not yet purged) models, the most recently deleted first; for its
    "Deleted models" page (no image, README or configuration loaded). Each has `deleted_by`
    annotated: the username of whoever deleted it (the latest "delete" audit entry), or None."""
    deleter = (
        AuditEntry.objects.filter(aimodel=OuterRef("pk"), action=AuditAction.DELETE)
        .order_by("-create_time", "-id")
        .values("actor__username")[:1]
    )
    return (
        AIModel.objects.deleted()
        .filter(namespace=namespace)
        .select_related("namespace")
        .defer(*HEAVY_FIELDS)
        .annotate(deleted_by=Subquery(deleter))
        .order_by("-delete_time", "uid")
    )


def purge_records_of(namespace: Namespace) -> QuerySet[PurgeRecord]:
    """The tombstones of a namespace's purged models, the most recent purge first."""
    return PurgeRecord.objects.filter(namespace=namespace).order_by("-purge_time", "-id")


def aimodel_by_uid_with_role(user, uid) -> AIModel | None:
    """One model by its uid (Instill's permalink `models/{uid}`), with `caller_role` annotated; never a deleted one."""
    qs = (
        AIModel.objects.alive()
        .select_related("namespace", "model_definition")
        .annotate(caller_role=caller_role_annotation(user))
    )
    try:
        return qs.get(pk=uid)
    except AIModel.DoesNotExist:
        return None
