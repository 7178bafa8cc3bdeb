from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse

from modelhub.admin.read_only import ReadOnlyAdminMixin
from modelhub.models import AuditSource, Membership, Namespace, OrganizationAuditEntry
from modelhub.services.organizations import (
    OrganizationRefused,
    membership_change_role,
    membership_invite,
    membership_remove,
)


class MembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Shown on the namespace; changed on the membership's own page, through the services."""

    model = Membership
    extra = 0
    fields = ("user", "role", "state")
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Namespace)
class NamespaceAdmin(admin.ModelAdmin):
    list_display = ("namespace_id", "display_name", "kind", "create_time", "update_time")
    list_filter = ("kind",)
    search_fields = ("namespace_id", "display_name")
    readonly_fields = ("owner_name", "create_time", "update_time")
    fields = ("namespace_id", "kind", "display_name", "owner_name", "create_time", "update_time")
    inlines = (MembershipInline,)


class _DryRun(Exception):
    """Rolls back a service call made only to learn whether it would refuse."""


def _refusal(call: Callable[[], object]) -> str | None:
    """What the service would refuse with, its writes rolled back either way."""
    try:
        with transaction.atomic():
            call()
            raise _DryRun
    except _DryRun:
        return None
    except OrganizationRefused as refusal:
        return refusal.message
    except ValidationError as error:
        return " ".join(error.messages)


class MembershipAdminForm(forms.ModelForm):
    """Validated by the service that will write it (an invitation, a role change), so its refusals
    (the last owner, someone already invited) are form errors and the save writes exactly that."""

    actor = None

    class Meta:
        model = Membership
        fields = ("namespace", "user", "role")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if refusal := _refusal(lambda: membership_write(form=self, actor=self.actor)):
            raise ValidationError(refusal)
        return cleaned


def membership_write(*, form: MembershipAdminForm, actor) -> Membership:
    """An invitation for a new row, a role change for an existing one; the only writes this page makes."""
    data = form.cleaned_data
    if form.instance.pk is None:
        return membership_invite(
            namespace=data["namespace"], user=data["user"], role=data["role"], actor=actor, source=AuditSource.ADMIN
        )
    current = Membership.objects.get(pk=form.instance.pk)
    if current.role == data["role"]:
        return current
    return membership_change_role(membership=current, role=data["role"], actor=actor, source=AuditSource.ADMIN)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Adding invites (the invitee accepts on their account page); a change of role or a deletion
    goes through the same services as the organization's pages, audited with source "admin"."""

    form = MembershipAdminForm
    list_display = ("namespace", "user", "role", "state")
    list_filter = ("role", "state", "namespace__kind")
    list_select_related = ("namespace", "user")
    search_fields = ("namespace__namespace_id", "user__username")
    raw_id_fields = ("user", "namespace")
    readonly_fields = ("state", "invited_by")
    actions = None  # a bulk delete would skip the last-owner rule

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return (*self.readonly_fields, "namespace", "user")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request, obj, form, change):
        saved = membership_write(form=form, actor=request.user)
        obj.pk, obj.state = saved.pk, saved.state

    def delete_view(self, request, object_id, extra_context=None):
        membership = self.get_object(request, object_id)
        if request.method == "POST" and membership is not None:
            refusal = _refusal(
                lambda: membership_remove(membership=membership, actor=request.user, source=AuditSource.ADMIN)
            )
            if refusal:
                self.message_user(request, refusal, messages.ERROR)
                return HttpResponseRedirect(reverse("admin:modelhub_membership_change", args=[membership.pk]))
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        membership_remove(membership=obj, actor=request.user, source=AuditSource.ADMIN)


@admin.register(OrganizationAuditEntry)
class OrganizationAuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("create_time", "namespace", "actor", "action", "member_username", "old_value", "new_value")
    list_filter = ("action", "source")
    list_select_related = ("namespace", "actor")
    search_fields = ("namespace__namespace_id", "member_username", "actor__username")
