from django.urls import path, re_path

from modelhub.api import definitions, health, lifecycle, openapi, views, webhooks

app_name = "api"

MODEL = "namespaces/<str:namespace_id>/models/<str:model_id>"
WEBHOOK = "namespaces/<str:namespace_id>/webhooks/<str:webhook_id>"

urlpatterns = [
    path("namespaces/<str:namespace_id>/models", views.aimodel_list, name="aimodel-list"),
    path(MODEL, views.aimodel_detail, name="aimodel"),
    path(f"{MODEL}/image", views.aimodel_image, name="aimodel-image"),
    path(f"{MODEL}/rename", lifecycle.aimodel_rename_view, name="aimodel-rename"),
    path(f"{MODEL}/transfer", lifecycle.aimodel_transfer_view, name="aimodel-transfer"),
    path("namespaces/<str:namespace_id>/webhooks", webhooks.webhook_list, name="webhook-list"),
    path(WEBHOOK, webhooks.webhook_detail, name="webhook"),
    path(f"{WEBHOOK}/rotateSecret", webhooks.webhook_rotate_secret_view, name="webhook-rotate-secret"),
    path(f"{WEBHOOK}/deliveries", webhooks.delivery_list, name="webhook-deliveries"),
    path(
        f"{WEBHOOK}/deliveries/<str:delivery_id>/redeliver",
        webhooks.delivery_redeliver_view,
        name="webhook-redeliver",
    ),
    path("models", lifecycle.aimodel_list_all, name="aimodel-list-all"),
    path("models/<str:model_uid>/lookUp", lifecycle.aimodel_look_up, name="aimodel-look-up"),
    path("available-regions", views.available_regions, name="available-regions"),
    path("model-definitions", definitions.definition_list, name="definition-list"),
    path("model-definitions/<str:definition_id>", views.definition_detail, name="definition"),
    path("__liveness", health.liveness, name="liveness"),
    path("__readiness", health.readiness, name="readiness"),
    path("health/model", health.liveness, name="liveness-alias"),
    path("ready/model", health.readiness, name="readiness-alias"),
    path("openapi.json", openapi.openapi_json, name="openapi-json"),
    path("openapi.yaml", openapi.openapi_yaml, name="openapi-yaml"),
    re_path(r"^(?P<rest>.*)$", views.unknown_path, name="unknown"),
]
