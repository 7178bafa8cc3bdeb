import uuid

from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from modelhub.models.choices import ModerationState as ModerationState
from modelhub.models.choices import Task as Task
from modelhub.models.choices import Visibility as Visibility

# The field table's lists, where the model's callers look for them.
from modelhub.models.fields_table import EDITABLE_FIELDS as EDITABLE_FIELDS
from modelhub.models.fields_table import HEAVY_FIELDS as HEAVY_FIELDS
from modelhub.models.fields_table import LABELS
from modelhub.models.fields_table import REQUIRED_FIELDS as REQUIRED_FIELDS
from modelhub.models.namespaces import Membership, MembershipState
from modelhub.validators import (
    validate_http_url,
    validate_rfc1034,
)

# How long editors may restore a deleted model; `purge_deleted_models` removes it after that.
RESTORE_WINDOW_DAYS = 30


# Who may moderate models: the Moderators group's permission (superusers have every permission).
MODERATE_PERMISSION = "modelhub.moderate_aimodel"


def is_staff_moderator(user) -> bool:
    """Staff: a superuser, or an active staff user with the moderation permission (the Moderators
    group). They see every model and every namespace's Deleted models, and moderate.

    Declared with the model that owns the permission, so its queryset can use it; callers
    import it from modelhub.permissions."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or (user.is_active and user.is_staff and user.has_perm(MODERATE_PERMISSION)))


# Anyone may see a model that is public and not hidden by moderators.
PUBLIC_RULE = {"visibility": Visibility.PUBLIC, "moderation_state": ModerationState.ACTIVE}


class AIModelQuerySet(models.QuerySet):
    def alive(self):
        """Not soft-deleted: what every list, page and API read shows."""
        return self.filter(delete_time__isnull=True)

    def public(self):
        """The models anyone may see (PUBLIC_RULE); deleted ones too unless `alive()` is applied."""
        return self.filter(**PUBLIC_RULE)

    def visible_to(self, user, *, membership_per_row: bool = False):
        """The living models `user` may see: staff all, members their namespaces', everyone the public ones.

        A signed-in caller's membership is a LEFT JOIN on their own membership (at most one row:
        unique per namespace and user), not `namespace IN (subquery)`: with the IN form SQLite ORs
        two index lookups and sorts every visible row; with the join both databases walk the
        list's index in list order and stop after one page. `membership_per_row` asks for the
        same rule with the membership as a correlated lookup per row instead, for SQLite's lists:
        with a large catalog's statistics its planner starts the join from the namespaces and
        sorts every visible model. Only an accepted membership counts: a pending invitation
        grants nothing.
        """
        alive = self.alive()
        if is_staff_moderator(user):
            return alive
        if not user.is_authenticated:
            return alive.public()
        public = models.Q(**PUBLIC_RULE)
        if membership_per_row:
            mine_exists = Membership.objects.active().filter(namespace=models.OuterRef("namespace"), user=user)
            return alive.filter(public | models.Q(models.Exists(mine_exists)))
        mine = models.FilteredRelation(
            "namespace__memberships",
            condition=models.Q(namespace__memberships__user=user, namespace__memberships__state=MembershipState.ACTIVE),
        )
        return alive.annotate(caller_membership=mine).filter(public | models.Q(caller_membership__isnull=False))

    def deleted(self):
        return self.filter(delete_time__isnull=False)


class AIModel(models.Model):
    """A model record of the hub (named AIModel so it does not clash with models.Model)."""

    uid = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    namespace = models.ForeignKey("modelhub.Namespace", on_delete=models.PROTECT, related_name="aimodels")
    model_id = models.CharField(LABELS["model_id"], max_length=63, validators=[validate_rfc1034])
    description = models.CharField(LABELS["description"], max_length=1023, blank=True)
    model_definition = models.ForeignKey(
        "modelhub.ModelDefinition",
        on_delete=models.PROTECT,
        to_field="definition_id",
        related_name="aimodels",
        verbose_name=LABELS["model_definition"],
    )
    configuration = models.JSONField(LABELS["configuration"], default=dict)
    task = models.CharField(LABELS["task"], max_length=40, choices=Task.choices)
    visibility = models.CharField(
        LABELS["visibility"],
        max_length=24,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )
    region = models.ForeignKey(
        "modelhub.Region",
        on_delete=models.PROTECT,
        to_field="name",
        related_name="aimodels",
        verbose_name=LABELS["region"],
    )
    hardware = models.CharField(LABELS["hardware"], max_length=63)
    readme = models.TextField(LABELS["readme"], blank=True, validators=[MaxLengthValidator(100_000)])
    source_url = models.CharField(LABELS["source_url"], max_length=255, blank=True, validators=[validate_http_url])
    documentation_url = models.CharField(
        LABELS["documentation_url"], max_length=255, blank=True, validators=[validate_http_url]
    )
    license = models.CharField(LABELS["license"], max_length=255, blank=True)
    profile_image = models.TextField(LABELS["profile_image"], blank=True)
    # Lower-case strings, de-duplicated, bounded (modelhub.tags.normalize_tags / tag_errors).
    tags = models.JSONField(LABELS["tags"], default=list, blank=True)
    moderation_state = models.CharField(max_length=16, choices=ModerationState.choices, default=ModerationState.ACTIVE)
    # Set by the service (aimodel_create) to the same instant as update_time.
    create_time = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    update_time = models.DateTimeField(default=timezone.now)
    # Set by a soft delete (modelhub.services.lifecycle); the ID stays taken until purged.
    # Indexed for deleted rows only (index `aimodel_deleted`): a plain index on it holds
    # NULL for every live model, and SQLite then answered the list's `delete_time IS NULL`
    # through it and sorted every row instead of walking `aimodel_created` in list order.
    delete_time = models.DateTimeField(null=True, blank=True)

    objects = AIModelQuerySet.as_manager()
    # The caller's role in the model's namespace (or None), annotated by the selectors that load a model for a caller.
    caller_role: str | None

    class Meta:
        verbose_name = "model"
        ordering = ["-create_time", "uid"]
        constraints = [
            # RFC-1034 names compare case-insensitively: `resnet-50` and `RESNET-50` are one ID.
            models.UniqueConstraint(Lower("model_id"), "namespace", name="aimodel_unique_id_ci_in_namespace"),
            models.CheckConstraint(
                condition=models.Q(update_time__gte=models.F("create_time")),
                name="aimodel_updated_not_before_created",
            ),
        ]
        indexes = [
            models.Index(
                fields=["visibility", "-create_time", "uid"],
                name="aimodel_visibility_created",
            ),
            # The list page's order (all namespaces) and its keyset cursor.
            models.Index(fields=["-create_time", "uid"], name="aimodel_created"),
            models.Index(fields=["namespace", "-create_time", "uid"], name="aimodel_ns_created"),
            # A namespace's models anyone may see (public, active, alive) in list order: an
            # outsider's page of a namespace, and its count from the index alone (the count a
            # signed-in visitor's list starts with too: modelhub.paging); and the visibility filter.
            models.Index(
                fields=["namespace", *PUBLIC_RULE, "delete_time", "-create_time", "uid"],
                name="aimodel_ns_visibility_created",
            ),
            models.Index(fields=["-update_time", "uid"], name="aimodel_updated"),
            # The purge's and the "Deleted models" page's rows: only deleted models are in it.
            models.Index(fields=["delete_time"], condition=models.Q(delete_time__isnull=False), name="aimodel_deleted"),
            models.Index(fields=["task"], name="aimodel_task"),
            # A task's models in list order: the task filter's page without sorting its rows;
            # with the columns of who may see a row after them, its count reads the index alone.
            models.Index(
                fields=["task", "-create_time", "uid", *PUBLIC_RULE, "delete_time"], name="aimodel_task_listing"
            ),
            # The lists' other orders (modelhub.paging.Order: the column, then uid the other way),
            # across namespaces and within one; and a namespace's "Deleted models" page.
            models.Index(fields=["model_id", "-uid"], name="aimodel_name"),
            models.Index(fields=["namespace", "-update_time", "uid"], name="aimodel_ns_updated"),
            models.Index(fields=["namespace", "model_id", "-uid"], name="aimodel_ns_name"),
            # A search's models whose ID starts with the text, within one namespace, in ID order
            # (modelhub.search.top_id_matches); the unique constraint serves it across namespaces.
            models.Index(models.F("namespace"), Lower("model_id"), name="aimodel_ns_lower_id"),
            models.Index(
                fields=["namespace", "-delete_time", "uid"],
                condition=models.Q(delete_time__isnull=False),
                name="aimodel_ns_deleted",
            ),
            # What anyone may see (public, active, alive), and what staff see (alive), in list
            # order: their pages are read in order without a filter, and their bounded counts
            # from the index. The staff one holds its condition's column too: SQLite reads a
            # column from the row, not from a partial index's condition, so without it a count
            # would read every row it counts. (The public one does not: with its condition's
            # columns in a partial index, SQLite's planner sorts an anonymous list in another
            # order, by update time or name, rather than walk that order's index.)
            models.Index(
                fields=["-create_time", "uid"],
                condition=models.Q(**PUBLIC_RULE, delete_time__isnull=True),
                name="aimodel_public_created",
            ),
            models.Index(
                fields=["-create_time", "uid", "delete_time"],
                condition=models.Q(delete_time__isnull=True),
                name="aimodel_alive_listing",
            ),
        ]
        permissions = [("moderate_aimodel", "Can moderate models (hide, restore, handle reports)")]

    def __str__(self) -> str:
        return self.handle

    @property
    def name(self) -> str:
        """The API's resource name."""
        return f"namespaces/{self.namespace.namespace_id}/models/{self.model_id}"

    @property
    def handle(self) -> str:
        """What people call the model, as on its page: "alice/resnet-50"."""
        return f"{self.namespace.namespace_id}/{self.model_id}"

    @property
    def is_deleted(self) -> bool:
        return self.delete_time is not None

    @property
    def is_public(self) -> bool:
        """Anyone may see it (PUBLIC_RULE, as `AIModel.objects.public()` selects)."""
        return all(getattr(self, field) == value for field, value in PUBLIC_RULE.items())

    @property
    def is_hidden(self) -> bool:
        return self.moderation_state == ModerationState.HIDDEN

    @property
    def etag(self) -> str:
        """A strong validator for If-Match: changes whenever the row is written."""
        return f'"{int(self.update_time.timestamp() * 1_000_000):x}"'

    @classmethod
    def choice_label(cls, field_name: str, value) -> str | None:
        """What people see for a stored value of one of the model's choice fields (task,
        visibility, moderation state): the label its choices declare; None for any other field
        (a reverse relation such as the reports has no choices at all) or a value that is not
        one of its choices."""
        try:
            field = cls._meta.get_field(field_name)
        except FieldDoesNotExist:
            return None
        if not isinstance(field, models.Field) or not field.choices or not isinstance(value, str):
            return None
        return dict(field.flatchoices).get(value)

    def get_absolute_url(self) -> str:
        return reverse("aimodel-detail", args=[self.namespace.namespace_id, self.model_id])


class AIModelAlias(models.Model):
    """A former ID of a model (kept by a rename): its page and API URLs lead to the model.

    A model that takes the ID (created or renamed to it) ends the alias.
    """

    namespace = models.ForeignKey("modelhub.Namespace", on_delete=models.CASCADE, related_name="aimodel_aliases")
    model_id = models.CharField("Former ID", max_length=63, validators=[validate_rfc1034])
    aimodel = models.ForeignKey(AIModel, on_delete=models.CASCADE, related_name="aliases")
    create_time = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "model alias"
        verbose_name_plural = "model aliases"
        ordering = ["-create_time", "id"]
        constraints = [
            models.UniqueConstraint(Lower("model_id"), "namespace", name="aimodel_alias_unique_id_ci"),
        ]

    def __str__(self) -> str:
        return f"namespaces/{self.namespace.namespace_id}/models/{self.model_id} → {self.aimodel.model_id}"
