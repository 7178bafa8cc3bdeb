"""Django admin for moderation: Report and ModerationNote (read-only records), and the
bulk actions `hide_selected` / `restore_selected` for the AIModel admin's `actions`.

Writes go through the services: the admin never edits these rows directly.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from modelhub.models import ModerationNote, Report
from modelhub.models.aimodels import HEAVY_FIELDS
from modelhub.permissions import is_moderator
from modelhub.services import ConflictError, aimodel_hide, aimodel_restore


def may_moderate(request) -> bool:
    return bool(request.user.is_superuser or is_moderator(request.user))


def _bulk(modeladmin, request, queryset, *, service, done: str) -> None:
    if not may_moderate(request):
        modeladmin.message_user(request, "Only staff moderators may hide or restore models.", messages.ERROR)
        return
    changed = total = 0
    for aimodel in queryset.select_related("namespace").defer(*HEAVY_FIELDS):
        total += 1
        try:
            changed += service(aimodel=aimodel, actor=request.user, note=f"Bulk action in the admin: {done}.").changed
        except (ValidationError, ConflictError) as exc:
            modeladmin.message_user(request, f"{aimodel.name} was not {done}: {exc}", messages.ERROR)
    modeladmin.message_user(request, f"{changed} of {total} model(s) {done}.", messages.SUCCESS)


@admin.action(description="Hide selected models (moderation)")
def hide_selected(modeladmin, request, queryset) -> None:
    _bulk(modeladmin, request, queryset, service=aimodel_hide, done="hidden")


@admin.action(description="Restore selected hidden models (moderation)")
def restore_selected(modeladmin, request, queryset) -> None:
    _bulk(modeladmin, request, queryset, service=aimodel_restore, done="restored")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the moderation services; the admin shows them, never writes them."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

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


__all__ = ["ModerationNoteAdmin", "ReportAdmin", "hide_selected", "may_moderate", "restore_selected"]
