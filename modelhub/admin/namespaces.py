from django.contrib import admin

from modelhub.models import Membership, Namespace


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role")
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
    list_display = ("namespace", "user", "role")
    list_filter = ("role", "namespace__kind")
    list_select_related = ("namespace", "user")
    search_fields = ("namespace__namespace_id", "user__username")
    raw_id_fields = ("user", "namespace")
