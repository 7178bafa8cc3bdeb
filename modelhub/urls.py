from django.contrib import admin
from django.urls import include, path

from modelhub.security import passwords
from modelhub.security.login import ThrottledLoginView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    # Before Django's own: the same URLs and names, throttled and revoking API tokens.
    path("accounts/password_change/", passwords.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
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
