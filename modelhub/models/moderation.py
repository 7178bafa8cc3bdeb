"""Moderation records: users' reports on public models, and staff notes to a model's owner."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

MAX_REPORT_TEXT = 2_000
MAX_NOTE_TEXT = 2_000


class ReportReason(models.TextChoices):
    SPAM = "spam", "Spam"
    MALWARE = "malware", "Malware"
    LICENSE = "license", "License violation"
    INAPPROPRIATE = "inappropriate", "Inappropriate content"
    OTHER = "other", "Other"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    DISMISSED = "dismissed", "Dismissed"
    ACTIONED = "actioned", "Actioned"


class Report(models.Model):
    """A signed-in user's report of a public model, handled by staff moderators."""

    aimodel = models.ForeignKey("modelhub.AIModel", on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_reports")
    reason = models.CharField(max_length=16, choices=ReportReason.choices)
    text = models.TextField(blank=True, validators=[MaxLengthValidator(MAX_REPORT_TEXT)])
    status = models.CharField(max_length=16, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    create_time = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolve_time = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-create_time", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "aimodel"],
                condition=models.Q(status="open"),
                name="report_one_open_per_reporter",
            ),
        ]
        indexes = [
            # The queue: open reports (optionally of one reason), newest first, grouped by model.
            models.Index(fields=["status", "-create_time"], name="report_status_time"),
            models.Index(fields=["status", "reason", "-create_time"], name="report_status_reason_time"),
            # One model's reports (its moderation page, and hide resolving its open reports).
            models.Index(fields=["aimodel", "status"], name="report_model_status"),
            # The queue grouped by model, from open reports only: each model's open reports
            # together, with the columns the queue counts (a covering index on both databases).
            models.Index(
                fields=["aimodel", "create_time", "reason"],
                condition=models.Q(status="open"),
                name="report_open_by_model",
            ),
        ]

    def __str__(self) -> str:
        return f"Report #{self.pk} ({self.reason}, {self.status}) on {self.aimodel_id}"

    @property
    def is_open(self) -> bool:
        return self.status == ReportStatus.OPEN


class ModerationNote(models.Model):
    """A staff note on a model, shown to its owner (and members who may edit it) on its page."""

    aimodel = models.ForeignKey("modelhub.AIModel", on_delete=models.CASCADE, related_name="moderation_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    text = models.TextField(validators=[MaxLengthValidator(MAX_NOTE_TEXT)])
    create_time = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-create_time", "-id"]
        indexes = [models.Index(fields=["aimodel", "-create_time"], name="modnote_model_time")]

    def __str__(self) -> str:
        return f"Note by {self.author or 'staff'} on {self.aimodel_id}"
