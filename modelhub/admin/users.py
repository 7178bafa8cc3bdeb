"""Users in the admin: Django's UserAdmin, with API tokens revoked through the tokens service
when staff set a new password or deactivate a user (a reactivated user gets no old token back)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from modelhub.security.passwords import TokenRevokingAdminPasswordChangeForm
from modelhub.services import tokens_revoke_all

User = get_user_model()


class TokenRevokingUserAdmin(UserAdmin):
    change_password_form = TokenRevokingAdminPasswordChangeForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            tokens_revoke_all(user=obj)  # the admin's change view runs in one transaction


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, TokenRevokingUserAdmin)
