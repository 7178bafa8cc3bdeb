from django.urls import path

from modelhub.moderation import views

urlpatterns = [
    path("", views.queue, name="moderation-queue"),
    path("models/<uuid:uid>/", views.aimodel_moderation, name="moderation-model"),
    path("models/<uuid:uid>/hide/", views.hide_view, name="moderation-hide"),
    path("models/<uuid:uid>/restore/", views.restore_view, name="moderation-restore"),
    path("models/<uuid:uid>/notes/", views.note_create_view, name="moderation-note"),
    path("models/<uuid:uid>/report/", views.report_create_view, name="moderation-report-create"),
    path("reports/<int:report_id>/dismiss/", views.report_dismiss_view, name="moderation-report-dismiss"),
]
