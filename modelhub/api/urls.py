from django.urls import path, re_path

from modelhub.api import openapi, views

app_name = "api"

MODEL = "namespaces/<str:namespace_id>/models/<str:model_id>"

urlpatterns = [
    path("namespaces/<str:namespace_id>/models", views.aimodel_list, name="aimodel-list"),
    path(MODEL, views.aimodel_detail, name="aimodel"),
    path(f"{MODEL}/image", views.aimodel_image, name="aimodel-image"),
    path("available-regions", views.available_regions, name="available-regions"),
    path("model-definitions", views.definition_list, name="definition-list"),
    path("model-definitions/<str:definition_id>", views.definition_detail, name="definition"),
    path("openapi.json", openapi.openapi_json, name="openapi-json"),
    path("openapi.yaml", openapi.openapi_yaml, name="openapi-yaml"),
    re_path(r"^(?P<rest>.*)$", views.unknown_path, name="unknown"),
]
