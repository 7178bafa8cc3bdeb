from django.contrib import admin, messages

from modelhub.admin.read_only import ReadOnlyAdminMixin
from modelhub.models import ApiRequest, ApiToken
from modelhub.services import token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Tokens are created by their users (shown once); staff may only revoke them."""

    list_display = ("name", "prefix", "user", "is_active", "create_time", "last_used_time", "revoke_time")
    list_filter = (("revoke_time", admin.EmptyFieldListFilter),)
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    fields = ("name", "prefix", "user", "create_time", "last_used_time", "revoke_time")
    readonly_fields = fields
    actions = ("revoke",)

    @admin.display(boolean=True, description="Active")
    def is_active(self, token):
        return token.is_active

    def has_revoke_permission(self, request):
        return request.user.has_perm("modelhub.change_apitoken")

    @admin.action(permissions=["revoke"], description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        active = [token for token in queryset if token.is_active]
        for token in active:
            token_revoke(token=token)
        if active:
            names = ", ".join(f"{t.name} ({t.prefix}…)" for t in active)
            self.message_user(request, f"Revoked {len(active)} token(s): {names}.", messages.SUCCESS)
        if skipped := queryset.count() - len(active):
            self.message_user(request, f"{skipped} token(s) were already revoked.", messages.INFO)


@admin.register(ApiRequest)
class ApiRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("create_time", "method", "path", "status", "user", "credentials", "token", "user_agent")
    list_filter = ("method", "status", "credentials")
    list_select_related = ("user", "token")
    search_fields = ("path", "user__username", "user_agent")
    date_hierarchy = "create_time"
    show_full_result_count = False
