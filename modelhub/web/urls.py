from django.urls import path

from modelhub.web import views

urlpatterns = [
    path("", views.aimodel_list, name="aimodel-list"),
    path("namespaces/<str:namespace_id>/models/<str:model_id>/", views.aimodel_detail, name="aimodel-detail"),
]
