from django.conf import settings
from django.db import models


class AuditSource(models.TextChoices):
    WEB = "web", "Web"
    API = "api", "API"
    ADMIN = "admin", "Admin"
    MODERATION = "moderation", "Moderation"


class AuditAction(models.TextChoices):
    """What an audit entry records; the label is what the history pages show."""

    CREATE = "create", "Created"
    UPDATE = "update", "Edited"
    HIDE = "hide", "Hidden by moderators"
    RESTORE = "restore", "Restored by moderators"  # un-hidden
    NOTE = "note", "Note from the moderators"
    REPORTS_ACTIONED = "reports_actioned", "Reports resolved"
    REPORT_DISMISSED = "report_dismissed", "Report dismissed"
    RENAME = "rename", "Renamed"
    DELETE = "delete", "Deleted"
    UNDELETE = "undelete", "Restored from Deleted models"
    REVERT = "revert", "A value restored from history"
    TRANSFER = "transfer", "Transferred to another namespace"


class AuditEntry(models.Model):
    """Who changed what, when and through which surface. Written in the change's transaction."""

    aimodel = models.ForeignKey("modelhub.AIModel", on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=16, choices=AuditSource.choices)
    action = models.CharField(max_length=32, choices=AuditAction.choices, default=AuditAction.UPDATE)
    # {field: {"old": value, "new": value}}; the image as {"bytes": n, "sha256": hex}.
    changes = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    create_time = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "audit entries"
        ordering = ["-create_time", "-id"]
        indexes = [
            models.Index(fields=["aimodel", "-create_time"], name="audit_model_time"),
            # The moderators' "Recently made public": the entries that made a model public, in
            # the page's order (modelhub.moderation.selectors.recently_made_public).
            models.Index(
                fields=["-create_time", "id"],
                condition=models.Q(changes__visibility__new="VISIBILITY_PUBLIC"),
                name="audit_made_public",
            ),
        ]

    def __str__(self) -> str:
        # What the admin shows for an entry (its inline's first cell): words, not field names.
        return f"{self.action.replace('_', ' ').capitalize()} by {self.actor or 'the system'}"
