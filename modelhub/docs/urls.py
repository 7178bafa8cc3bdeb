from django.urls import path

from modelhub.docs import views

urlpatterns = [
    path("", views.api_index, name="docs-api"),
    path("<slug:slug>/", views.api_operation, name="docs-api-operation"),
    path("<slug:slug>/recent-requests/", views.api_recent_requests, name="docs-api-recent-requests"),
]
