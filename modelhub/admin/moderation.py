"""Django admin for moderation: Report and ModerationNote, read-only records.

They are written by the moderation services; hide/restore are bulk actions of the
AIModel admin (modelhub.admin.aimodels).
"""

from django.contrib import admin

from modelhub.admin.read_only import ReadOnlyAdminMixin
from modelhub.models import ModerationNote, Report
from modelhub.models.aimodels import HEAVY_FIELDS
from modelhub.permissions import is_staff_moderator


def may_moderate(request) -> bool:
    return is_staff_moderator(request.user)


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Records written by the moderation services; the admin shows them, never writes them."""

    def has_view_permission(self, request, obj=None) -> bool:
        return may_moderate(request) or super().has_view_permission(request, obj)

    def has_module_permission(self, request) -> bool:
        return may_moderate(request) or super().has_module_permission(request)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("id", "aimodel_name", "reason", "status", "reporter", "create_time", "resolved_by")
    list_filter = ("status", "reason", "create_time")
    search_fields = ("aimodel__model_id", "aimodel__namespace__namespace_id", "reporter__username", "text")
    list_select_related = ("aimodel__namespace", "reporter", "resolved_by")
    readonly_fields = (
        "aimodel",
        "reporter",
        "reason",
        "text",
        "status",
        "create_time",
        "resolved_by",
        "resolve_time",
        "resolution_note",
    )
    date_hierarchy = "create_time"

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*(f"aimodel__{f}" for f in HEAVY_FIELDS))

    @admin.display(description="Model", ordering="aimodel__model_id")
    def aimodel_name(self, report: Report) -> str:
        return report.aimodel.name


@admin.register(ModerationNote)
class ModerationNoteAdmin(ReadOnlyAdmin):
    list_display = ("aimodel_name", "author", "create_time", "text")
    list_filter = ("create_time",)
    search_fields = ("aimodel__model_id", "aimodel__namespace__namespace_id", "author__username", "text")
    list_select_related = ("aimodel__namespace", "author")
    readonly_fields = ("aimodel", "author", "text", "create_time")

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*(f"aimodel__{f}" for f in HEAVY_FIELDS))

    @admin.display(description="Model", ordering="aimodel__model_id")
    def aimodel_name(self, note: ModerationNote) -> str:
        return note.aimodel.name


__all__ = ["ModerationNoteAdmin", "ReportAdmin", "may_moderate"]
