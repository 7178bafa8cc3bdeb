"""Password change and reset: throttled, and every API token revoked when a password changes.

* Changing a password (/accounts/password_change/): each check of the old password runs on
  a slot reserved per user and per client IP (modelhub/security/throttle.py); a wrong one
  keeps its slot, a right one gives it back. Past the limit the form answers 429 without
  checking the password, however many attempts arrive at once.
* Asking for a reset mail (/accounts/password_reset/): every request reserves a slot per
  e-mail address and per IP before any mail is sent; past the limit no mail is sent and the
  page answers 429 (for any address, so it tells nothing about which accounts exist).
* A new password (change, reset, or set by staff in the admin) revokes the user's API
  tokens through the tokens service, in the same transaction; so does deactivating a user in
  the admin (modelhub/admin/users.py). No signal: the forms that change a password call it.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AdminPasswordChangeForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.db import transaction

from modelhub.security.throttle import AttemptCounter, Throttled, setting, wait_message
from modelhub.services import tokens_revoke_all

THROTTLED = "throttled"

PASSWORD_CHANGE = AttemptCounter(
    "password-change",
    key_limit=setting("PASSWORD_CHANGE_THROTTLE_USER_LIMIT", 5),
    ip_limit=setting("PASSWORD_CHANGE_THROTTLE_IP_LIMIT", 20),
    window=setting("PASSWORD_CHANGE_THROTTLE_WINDOW", 15 * 60),
)
PASSWORD_RESET = AttemptCounter(
    "password-reset",
    key_limit=setting("PASSWORD_RESET_THROTTLE_EMAIL_LIMIT", 3),
    ip_limit=setting("PASSWORD_RESET_THROTTLE_IP_LIMIT", 10),
    window=setting("PASSWORD_RESET_THROTTLE_WINDOW", 60 * 60),
)


class TokenRevokingSetPasswordMixin:
    """save() sets the password and revokes the user's API tokens, in one transaction."""

    def save(self, commit=True):
        with transaction.atomic():
            user = super().save(commit=commit)
            if commit:
                tokens_revoke_all(user=user)
        return user


class ThrottledPasswordChangeForm(TokenRevokingSetPasswordMixin, PasswordChangeForm):
    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        try:
            reservation = PASSWORD_CHANGE.reserve(self.request, str(self.user.pk))
        except Throttled as refused:
            raise ValidationError(wait_message("wrong passwords", refused.seconds), code=THROTTLED) from None
        old_password = super().clean_old_password()  # a wrong one raises and keeps the slot
        reservation.release()
        return old_password


class TokenRevokingSetPasswordForm(TokenRevokingSetPasswordMixin, SetPasswordForm):
    """The reset link's new-password form."""


class TokenRevokingAdminPasswordChangeForm(TokenRevokingSetPasswordMixin, AdminPasswordChangeForm):
    """The admin's "change password" form for a user."""


class ThrottledPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        try:  # every request counts: each may send a mail
            PASSWORD_RESET.reserve(self.request, email)
        except Throttled as refused:
            raise ValidationError(wait_message("password reset requests", refused.seconds), code=THROTTLED) from None
        return self.cleaned_data["email"]


def _throttled(form) -> bool:
    return any(error.code == THROTTLED for errors in form.errors.as_data().values() for error in errors)


class _RequestFormMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if _throttled(form):
            response.status_code = 429
        return response


class PasswordChangeView(_RequestFormMixin, auth_views.PasswordChangeView):
    form_class = ThrottledPasswordChangeForm


# Backends that keep the message on this machine (development): the "check your e-mail" page
# says where it went instead of promising a delivery.
_LOCAL_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


def mail_stays_on_server() -> bool:
    return settings.EMAIL_BACKEND in _LOCAL_MAIL_BACKENDS


class PasswordResetView(_RequestFormMixin, auth_views.PasswordResetView):
    form_class = ThrottledPasswordResetForm

    def get_context_data(self, **kwargs):
        days = max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))
        return super().get_context_data(**kwargs) | {"reset_link_days": days}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"mail_stays_on_server": mail_stays_on_server()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = TokenRevokingSetPasswordForm
