from django.urls import path

from modelhub.web.views import browse, configuration, editing, lifecycle, tokens

MODEL = "namespaces/<str:namespace_id>/models/<str:model_id>/"

urlpatterns = [
    path("", browse.aimodel_list, name="aimodel-list"),
    # "new" before the model pages: /namespaces/{ns}/models/new/ is the create form.
    path("namespaces/<str:namespace_id>/models/new/", editing.aimodel_new, name="aimodel-new"),
    path(MODEL, browse.aimodel_detail, name="aimodel-detail"),
    path(MODEL + "edit/", editing.aimodel_edit, name="aimodel-edit"),
    path(MODEL + "history/", browse.aimodel_history, name="aimodel-history"),
    path(MODEL + "delete/", lifecycle.aimodel_delete_view, name="aimodel-delete"),
    path("namespaces/<str:namespace_id>/deleted/", lifecycle.namespace_deleted, name="namespace-deleted"),
    path(
        "namespaces/<str:namespace_id>/deleted/<str:model_id>/restore/",
        lifecycle.aimodel_restore_view,
        name="aimodel-restore",
    ),
    path("namespace-suggestions/", browse.namespace_suggestions, name="namespace-suggestions"),
    path("hardware-options/", editing.hardware_options, name="hardware-options"),
    path("readme-preview/", editing.readme_preview, name="readme-preview"),
    path("configuration-fields/", configuration.configuration_fields, name="configuration-fields"),
    path("settings/tokens/", tokens.token_list, name="token-list"),
    path("settings/tokens/<int:token_id>/revoke/", tokens.token_revoke_view, name="token-revoke"),
]
