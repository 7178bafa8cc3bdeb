import json

from django.contrib import admin
from django.utils.html import format_html

from modelhub.admin.read_only import ReadOnlyAdminMixin
from modelhub.models import AuditEntry, PurgeRecord
from modelhub.models.aimodels import HEAVY_FIELDS
from modelhub.permissions import is_staff_moderator


def _shortened(changes):
    """The changes with each image thumbnail (a data URI kept for the history page) named, not printed."""
    image = changes.get("profile_image") if isinstance(changes, dict) else None
    if not isinstance(image, dict):
        return changes
    sides = {
        side: {**value, "thumbnail": f"(a {len(value['thumbnail']):,}-character thumbnail)"}
        if isinstance(value, dict) and isinstance(value.get("thumbnail"), str)
        else value
        for side, value in image.items()
    }
    return {**changes, "profile_image": sides}


def changed_fields_summary(entry: AuditEntry) -> str:
    return ", ".join(entry.changes) or "—"


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail is written by the service only; here it is read, never edited."""

    list_display = ("create_time", "aimodel", "action", "source", "actor", "changed_fields")
    list_filter = ("source", "action")
    list_select_related = ("aimodel__namespace", "actor")
    search_fields = ("aimodel__model_id", "aimodel__namespace__namespace_id", "actor__username", "message")
    date_hierarchy = "create_time"
    show_full_result_count = False
    fields = ("create_time", "aimodel", "action", "source", "actor", "message", "changes_pretty")
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        """Moderators read the audit trail of every model, as they read the models."""
        return is_staff_moderator(request.user) or super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return is_staff_moderator(request.user) or super().has_module_permission(request)

    def get_queryset(self, request):
        # The model column shows the model's name only: never load its image, README or configuration.
        heavy = [f"aimodel__{field}" for field in HEAVY_FIELDS]
        return super().get_queryset(request).select_related("aimodel__namespace", "actor").defer(*heavy)

    @admin.display(description="Fields")
    def changed_fields(self, entry):
        return changed_fields_summary(entry)

    @admin.display(description="Changes")
    def changes_pretty(self, entry):
        text = json.dumps(_shortened(entry.changes), indent=2, ensure_ascii=False, sort_keys=True)
        return format_html("<pre>{}</pre>", text)


@admin.register(PurgeRecord)
class PurgeRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Tombstones of purged models, written by the purge only; moderators read them too."""

    list_display = (
        "purge_time",
        "namespace_name",
        "model_id",
        "model_uid",
        "purged_by_name",
        "source",
        "history_entries",
        "within_restore_window",
    )
    list_filter = ("source", "within_restore_window")
    search_fields = ("namespace_name", "model_id", "model_uid", "purged_by_name")
    date_hierarchy = "purge_time"
    fields = (
        "purge_time",
        "namespace",
        "namespace_name",
        "model_id",
        "model_uid",
        "delete_time",
        "purged_by",
        "purged_by_name",
        "source",
        "history_entries",
        "within_restore_window",
    )
    readonly_fields = fields
    list_select_related = ("namespace", "purged_by")

    def has_view_permission(self, request, obj=None):
        return is_staff_moderator(request.user) or super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return is_staff_moderator(request.user) or super().has_module_permission(request)
