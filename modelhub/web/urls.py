from django.urls import path

from modelhub.web.views import (
    account,
    browse,
    configuration,
    editing,
    lifecycle,
    namespaces,
    organizations,
    revert,
    tokens,
    webhooks,
)

MODEL = "namespaces/<str:namespace_id>/models/<str:model_id>/"
WEBHOOK = "namespaces/<str:namespace_id>/webhooks/<str:webhook_id>/"

urlpatterns = [
    path("", browse.aimodel_list, name="aimodel-list"),
    # "new" before the model pages: /namespaces/{ns}/models/new/ is the create form.
    path("namespaces/<str:namespace_id>/models/new/", editing.aimodel_new, name="aimodel-new"),
    path(MODEL, browse.aimodel_detail, name="aimodel-detail"),
    path(MODEL + "edit/", editing.aimodel_edit, name="aimodel-edit"),
    path(MODEL + "history/", browse.aimodel_history, name="aimodel-history"),
    path(MODEL + "history/<int:entry_id>/", revert.aimodel_history_point, name="aimodel-history-point"),
    path(MODEL + "history/<int:entry_id>/revert/", revert.aimodel_revert_view, name="aimodel-revert"),
    path(MODEL + "delete/", lifecycle.aimodel_delete_view, name="aimodel-delete"),
    path(MODEL + "transfer/", lifecycle.aimodel_transfer_view, name="aimodel-transfer"),
    path("namespaces/<str:namespace_id>/deleted/", lifecycle.namespace_deleted, name="namespace-deleted"),
    path(
        "namespaces/<str:namespace_id>/deleted/<str:model_id>/restore/",
        lifecycle.aimodel_restore_view,
        name="aimodel-restore",
    ),
    path("namespaces/<str:namespace_id>/", namespaces.namespace_detail, name="namespace-detail"),
    path("namespaces/<str:namespace_id>/settings/", organizations.namespace_settings, name="namespace-settings"),
    path("namespaces/<str:namespace_id>/history/", organizations.namespace_history, name="namespace-history"),
    path("namespaces/<str:namespace_id>/delete/", organizations.organization_delete_view, name="organization-delete"),
    path("namespaces/<str:namespace_id>/members/invite/", organizations.member_invite, name="member-invite"),
    path(
        "namespaces/<str:namespace_id>/members/<int:membership_id>/role/",
        organizations.member_role,
        name="member-role",
    ),
    path(
        "namespaces/<str:namespace_id>/members/<int:membership_id>/remove/",
        organizations.member_remove,
        name="member-remove",
    ),
    path("organizations/new/", organizations.organization_new, name="organization-new"),
    path("settings/account/", account.account, name="account"),
    path(
        "settings/account/invitations/<int:membership_id>/",
        account.invitation_answer,
        name="invitation-answer",
    ),
    path("namespaces/<str:namespace_id>/webhooks/", webhooks.webhook_list, name="webhook-list"),
    path(f"{WEBHOOK}rotate/", webhooks.webhook_rotate_view, name="webhook-rotate"),
    path(f"{WEBHOOK}active/", webhooks.webhook_active_view, name="webhook-active"),
    path(f"{WEBHOOK}delete/", webhooks.webhook_delete_view, name="webhook-delete"),
    path(
        f"{WEBHOOK}deliveries/<str:delivery_id>/redeliver/",
        webhooks.delivery_redeliver_view,
        name="webhook-redeliver",
    ),
    path("namespace-suggestions/", browse.namespace_suggestions, name="namespace-suggestions"),
    path("hardware-options/", editing.hardware_options, name="hardware-options"),
    path("readme-preview/", editing.readme_preview, name="readme-preview"),
    path("configuration-fields/", configuration.configuration_fields, name="configuration-fields"),
    path("settings/tokens/", tokens.token_list, name="token-list"),
    path("settings/tokens/<int:token_id>/revoke/", tokens.token_revoke_view, name="token-revoke"),
]
