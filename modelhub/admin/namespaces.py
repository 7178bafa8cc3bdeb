from django.contrib import admin

from modelhub.admin.read_only import ReadOnlyAdminMixin
from modelhub.models import Membership, Namespace, OrganizationAuditEntry


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "state")
    raw_id_fields = ("user",)
    list_select_related = ("user",)

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


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("namespace", "user", "role", "state")
    list_filter = ("role", "state", "namespace__kind")
    list_select_related = ("namespace", "user")
    search_fields = ("namespace__namespace_id", "user__username")
    raw_id_fields = ("user", "namespace")


@admin.register(OrganizationAuditEntry)
class OrganizationAuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("create_time", "namespace", "actor", "action", "member_username", "old_value", "new_value")
    list_filter = ("action", "source")
    list_select_related = ("namespace", "actor")
    search_fields = ("namespace__namespace_id", "member_username", "actor__username")
