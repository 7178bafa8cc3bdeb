"""The login page and the authentication backend that throttle logins.

Every password check runs on a reserved throttle slot (modelhub/security/throttle.py): the
backend reserves one before `ModelBackend` checks the password, so every surface that calls
`authenticate()` (this page, the Django admin's login page) is throttled, and parallel
attempts cannot pass the limit. A failure keeps its slot; a success gives the IP's slot
back and clears the username's counter (not the IP's: an attacker could otherwise reset
their IP counter by logging into their own account). The page answers a refused attempt
with HTTP 429 and a clear message.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError

from modelhub.security import throttle

THROTTLED = "throttled"
_REFUSED_ATTR = "_modelhub_login_throttled"


class ThrottleFormMixin:
    """Show a refused attempt as a clear message (the backend refused it unchecked)."""

    def clean(self):
        request = self.request
        if request is not None:
            setattr(request, _REFUSED_ATTR, 0)
        try:
            return super().clean()
        except ValidationError:
            seconds = getattr(request, _REFUSED_ATTR, 0) if request is not None else 0
            if seconds:
                raise ValidationError(throttle.locked_message(seconds), code=THROTTLED) from None
            raise


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
    """ModelBackend that checks a password only on a reserved throttle slot."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        name = str(username if username is not None else kwargs.get("username") or "")
        if password is None:
            return None  # nothing to check (ModelBackend returns None too)
        try:
            reservation = throttle.reserve_login(request, name)
        except throttle.Throttled as refused:
            if request is not None:
                setattr(request, _REFUSED_ATTR, refused.seconds)
            raise PermissionDenied(THROTTLED) from None  # stops authenticate() trying other backends
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            reservation.release(clear=throttle.LOGIN.counter_key(name))
        return user
