"""The AIModel admin's part of the model lifecycle: soft delete, restore and purge, all through the services.

- Delete (the change page's Delete link and the "Delete selected" action) is the soft delete of
  `aimodel_delete`, audited with source "admin": the model disappears from every list and read
  and can be restored. Staff (superusers, moderators) may delete; a deleted model is view-only.
- "Restore selected deleted models" undoes it (`aimodel_restore`, staff: any time until purged).
- "Purge selected deleted models" removes deleted models for good, after a confirmation page;
  their IDs become free. Only staff with the moderate permission, and only models already
  deleted: a live model must be deleted first. A model still inside its editors' restore window
  is purged only by a superuser (a moderator's purge skips it, saying so). Every purge leaves a
  PurgeRecord, read-only here and on the namespace's Deleted models page. The scheduled purge of
  those past the restore window is `manage.py purge_deleted_models`.
- The changelist shows live models unless its "Deleted" filter says otherwise.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from modelhub.models import AuditSource
from modelhub.models.aimodels import RESTORE_WINDOW_DAYS
from modelhub.permissions import can_purge_within_restore_window, is_staff_moderator
from modelhub.services.lifecycle import (
    RESTORE_WINDOW,
    LifecycleRefused,
    aimodel_delete,
    aimodel_restore,
    aimodels_purge_deleted,
    restore_deadline,
)

PURGE_CONFIRM_FIELD = "confirm_purge"


class DeletedListFilter(admin.SimpleListFilter):
    """Deleted: No (the default: live models only), Yes (the deleted ones, not yet purged), All."""

    title = "deleted"
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return (("no", "No"), ("yes", "Yes"), ("all", "All"))

    def _chosen(self) -> str:
        return self.value() if self.value() in ("no", "yes", "all") else "no"

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self._chosen() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        chosen = self._chosen()
        if chosen == "no":
            return queryset.filter(delete_time__isnull=True)
        if chosen == "yes":
            return queryset.filter(delete_time__isnull=False)
        return queryset


def _names(aimodels) -> str:
    return ", ".join(str(aimodel) for aimodel in aimodels)


@admin.action(permissions=["moderate"], description="Restore selected deleted models")
def restore_deleted(modeladmin, request, queryset):
    restored, refusals = [], []
    for aimodel in queryset.select_related("namespace"):
        try:
            aimodel_restore(aimodel=aimodel, actor=request.user, source=AuditSource.ADMIN)
        except LifecycleRefused as refusal:
            refusals.append(refusal.reason)
        else:
            restored.append(aimodel)
    if restored:
        modeladmin.message_user(request, f"Restored, with their history: {_names(restored)}.", messages.SUCCESS)
    for reason in refusals:
        modeladmin.message_user(request, f"Not restored: {reason}", messages.ERROR)


@admin.action(permissions=["moderate"], description="Purge selected deleted models (for good)")
def purge_deleted(modeladmin, request, queryset):
    """A confirmation page first; on "Yes, purge" the selected deleted models are removed for good.

    A model still inside its editors' restore window is purged only by a superuser; a moderator's
    selection of one is listed as not purged. Every purge leaves a PurgeRecord."""
    chosen = list(queryset.select_related("namespace").order_by("namespace__namespace_id", "model_id"))
    live = [aimodel for aimodel in chosen if not aimodel.is_deleted]
    deleted = [aimodel for aimodel in chosen if aimodel.is_deleted]
    superuser = can_purge_within_restore_window(request.user)
    now = timezone.now()
    too_recent = [aimodel for aimodel in deleted if not superuser and now < restore_deadline(aimodel)]
    purgeable = [aimodel for aimodel in deleted if aimodel not in too_recent]
    if request.POST.get(PURGE_CONFIRM_FIELD) == "yes" and purgeable:
        names = aimodels_purge_deleted(
            older_than=timedelta(0) if superuser else RESTORE_WINDOW,
            uids=[aimodel.pk for aimodel in purgeable],
            actor=request.user,
            source=AuditSource.ADMIN,
        )
        modeladmin.log_deletions(request, [aimodel for aimodel in purgeable if aimodel.name in names])
        if purged := [aimodel for aimodel in purgeable if aimodel.name in names]:
            modeladmin.message_user(
                request, f"Purged for good (their IDs are free): {_names(purged)}.", messages.SUCCESS
            )
        _not_purged(modeladmin, request, live, too_recent)
        return None
    if not purgeable:
        if too_recent:
            _not_purged(modeladmin, request, live, too_recent)
        else:
            modeladmin.message_user(
                request, "Nothing purged: only deleted models can be purged; delete them first.", messages.WARNING
            )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Purge deleted models for good?",
        "opts": modeladmin.model._meta,
        "deleted": purgeable,
        "live": live,
        "too_recent": too_recent,
        "objects_name": model_ngettext(modeladmin.opts, len(purgeable)),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "confirm_field": PURGE_CONFIRM_FIELD,
        "window_days": RESTORE_WINDOW_DAYS,
    }
    return TemplateResponse(request, "admin/modelhub/aimodel/purge_confirmation.html", context)


def _not_purged(modeladmin, request, live, too_recent) -> None:
    if live:
        modeladmin.message_user(request, f"Not purged (not deleted): {_names(live)}.", messages.WARNING)
    if too_recent:
        modeladmin.message_user(
            request,
            f"Not purged (deleted less than {RESTORE_WINDOW_DAYS} days ago; only a superuser may purge a model "
            f"inside its restore window): {_names(too_recent)}.",
            messages.WARNING,
        )


class SoftDeleteAdminMixin:
    """The admin's delete is the service's soft delete; deleted models are view-only."""

    delete_confirmation_template = "admin/modelhub/aimodel/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/modelhub/aimodel/delete_selected_confirmation.html"

    def _is_lifecycle_staff(self, request) -> bool:
        return is_staff_moderator(request.user)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_deleted:
            return False
        return self._is_lifecycle_staff(request)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_deleted:
            return False  # restore it first (the "Restore selected deleted models" action)
        return super().has_change_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        """Nothing else goes: the model is soft-deleted, its history and reports are kept."""
        names = [str(obj) for obj in objs]
        return names, {self.opts.verbose_name_plural: len(names)}, set(), []

    def delete_model(self, request, obj):
        try:
            aimodel_delete(aimodel=obj, actor=request.user, source=AuditSource.ADMIN)
        except LifecycleRefused as refusal:
            self.message_user(request, refusal.reason, messages.WARNING)

    def delete_queryset(self, request, queryset):
        for aimodel in queryset.filter(delete_time__isnull=True).select_related("namespace"):
            self.delete_model(request, aimodel)

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(
            request,
            f"Deleted “{obj_display}”. It can be restored for {RESTORE_WINDOW_DAYS} days by its namespace's "
            "editors, and by staff until it is purged (filter Deleted: Yes).",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
