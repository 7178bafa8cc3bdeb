from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from modelhub.security import passwords
from modelhub.security.login import ThrottledLoginView


def favicon(request):
    """Pages name their icon; this answers clients that ask for /favicon.ico anyway."""
    return redirect(static("favicon.svg"), permanent=True)


urlpatterns = [
    path("favicon.ico", favicon),
    # The admin's own password change is neither throttled nor revokes tokens: the site's page does both.
    path("admin/password_change/", RedirectView.as_view(pattern_name="password_change")),
    path("admin/", admin.site.urls),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    # Before Django's own: the same URLs and names, throttled and revoking API tokens.
    path("accounts/password_change/", passwords.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password_reset/done/", passwords.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("v1alpha/", include("modelhub.api.urls")),
    path("v1beta/", include("modelhub.api.urls_beta")),
    path("moderation/", include("modelhub.moderation.urls")),
    path("docs/api/", include("modelhub.docs.urls")),
    path("", include("modelhub.web.urls")),
]
