"""Bulk actions of the AIModel changelist; every change goes through the service."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from modelhub.models import AuditSource, Visibility
from modelhub.services import ConflictError, UpdateResult, aimodel_hide, aimodel_unhide, aimodel_update


def _run(modeladmin, request, queryset, change: Callable, *, done: str, unchanged: str, refused: str) -> None:
    """Apply `change` to each model on its own, and report which were changed, unchanged or refused."""
    changed_names, unchanged_names, refusals = [], [], []
    for aimodel in queryset:
        try:
            result: UpdateResult = change(aimodel)
        except ValidationError as exc:
            refusals.append(f"{aimodel}: {' '.join(exc.messages)}")
        except ConflictError:
            refusals.append(f"{aimodel}: changed by someone else meanwhile; try again.")
        else:
            (changed_names if result.changed else unchanged_names).append(str(aimodel))
    if changed_names:
        modeladmin.message_user(request, f"{done}: {', '.join(changed_names)}.", messages.SUCCESS)
    if unchanged_names:
        modeladmin.message_user(request, f"{unchanged}: {', '.join(unchanged_names)}.", messages.INFO)
    for refusal in refusals:
        modeladmin.message_user(request, f"{refused} {refusal}", messages.ERROR)


def _set_visibility(modeladmin, request, queryset, visibility: str) -> None:
    word = Visibility(visibility).label.lower()

    def change(aimodel):
        return aimodel_update(
            aimodel=aimodel, changes={"visibility": visibility}, actor=request.user, source=AuditSource.ADMIN
        )

    _run(
        modeladmin,
        request,
        queryset,
        change,
        done=f"Made {word}",
        unchanged=f"Already {word}",
        refused=f"Not made {word}:",
    )


@admin.action(permissions=["change"], description="Make selected models private")
def make_private(modeladmin, request, queryset):
    _set_visibility(modeladmin, request, queryset, Visibility.PRIVATE)


@admin.action(permissions=["change"], description="Make selected models public")
def make_public(modeladmin, request, queryset):
    _set_visibility(modeladmin, request, queryset, Visibility.PUBLIC)


@admin.action(permissions=["moderate"], description="Hide selected models (moderation)")
def hide(modeladmin, request, queryset):
    def change(aimodel):
        return aimodel_hide(aimodel=aimodel, actor=request.user, note="Hidden from the Django admin.")

    _run(modeladmin, request, queryset, change, done="Hidden", unchanged="Already hidden", refused="Not hidden:")


@admin.action(permissions=["moderate"], description="Restore selected hidden models (moderation)")
def restore(modeladmin, request, queryset):
    def change(aimodel):
        return aimodel_unhide(aimodel=aimodel, actor=request.user, note="Restored from the Django admin.")

    _run(modeladmin, request, queryset, change, done="Restored", unchanged="Not hidden", refused="Not restored:")
