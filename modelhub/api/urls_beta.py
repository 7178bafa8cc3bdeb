"""Instill's management routes (organizations and memberships) under /v1beta/."""

from django.urls import path, re_path

from modelhub.api import organizations, views

app_name = "api-beta"

ORG = "organizations/<str:org_id>"

urlpatterns = [
    path("organizations", organizations.organization_list, name="organization-list"),
    path(ORG, organizations.organization_detail, name="organization"),
    path(f"{ORG}/memberships", organizations.organization_memberships, name="organization-memberships"),
    path(f"{ORG}/memberships/<str:username>", organizations.organization_membership, name="organization-membership"),
    path("users/<str:username>/memberships", organizations.user_memberships, name="user-memberships"),
    path("users/<str:username>/memberships/<str:org_id>", organizations.user_membership, name="user-membership"),
    re_path(r"^(?P<rest>.*)$", views.unknown_path, name="unknown"),
]
