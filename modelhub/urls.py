from django.contrib import admin
from django.urls import include, path

from modelhub.security.login import ThrottledLoginView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("v1alpha/", include("modelhub.api.urls")),
    path("moderation/", include("modelhub.moderation.urls")),
    path("docs/api/", include("modelhub.docs.urls")),
    path("", include("modelhub.web.urls")),
]
