"""The login page, the authentication backend and the signal handlers that throttle logins.

The page refuses a throttled attempt with HTTP 429 and a clear message before the
password is checked. The backend refuses it too, so surfaces that authenticate
through their own forms (the Django admin's login page) are throttled as well.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import user_logged_in, user_login_failed
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver

from modelhub.security import throttle

THROTTLED = "throttled"
_REFUSED_ATTR = "_modelhub_login_throttled"
_CHECKED_ATTR = "_modelhub_login_throttle_checked"


class ThrottleFormMixin:
    """Refuse a throttled attempt with a clear message before the password is checked."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if seconds := throttle.seconds_locked(self.request, username):
            raise ValidationError(throttle.locked_message(seconds), code=THROTTLED)
        if self.request is not None:
            setattr(self.request, _CHECKED_ATTR, True)  # the backend need not check again
        return super().clean()


class ThrottledAuthenticationForm(ThrottleFormMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottleFormMixin, AdminAuthenticationForm):
    """For `admin.site.login_form`: the admin login page then shows the same message."""


class ThrottledLoginView(LoginView):
    form_class = ThrottledAuthenticationForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if any(error.code == THROTTLED for error in form.non_field_errors().as_data()):
            response.status_code = 429
        return response


class ThrottledModelBackend(ModelBackend):
    """ModelBackend that refuses a throttled username/IP without checking the password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        name = username if username is not None else kwargs.get("username") or ""
        already_checked = request is not None and getattr(request, _CHECKED_ATTR, False)
        if not already_checked and throttle.seconds_locked(request, str(name)):
            if request is not None:
                setattr(request, _REFUSED_ATTR, True)
            raise PermissionDenied(THROTTLED)  # stops authenticate() trying other backends
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed, dispatch_uid="modelhub.security.login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    if request is not None and getattr(request, _REFUSED_ATTR, False):
        return  # a refused attempt does not extend the lock
    throttle.record_failure(request, str(credentials.get("username") or ""))


@receiver(user_logged_in, dispatch_uid="modelhub.security.logged_in")
def _on_logged_in(sender, request, user, **kwargs):
    throttle.reset_username(user.get_username())
