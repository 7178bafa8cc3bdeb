from django.conf import settings
from django.db import models


class PurgeRecord(models.Model):
    """What is left of a model purged for good: a tombstone, written in the purge's transaction.

    It refers to nothing that the purge removes (the model's IDs are copied), so it outlives the
    model and its history; its namespace's owners and staff see it."""

    namespace = models.ForeignKey("modelhub.Namespace", on_delete=models.CASCADE, related_name="purge_records")
    namespace_name = models.CharField("namespace ID", max_length=63)
    model_id = models.CharField("model ID", max_length=63)
    model_uid = models.UUIDField("model UID", db_index=True)
    delete_time = models.DateTimeField(help_text="When the model was deleted (before the purge).")
    purge_time = models.DateTimeField(auto_now_add=True)
    purged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    purged_by_name = models.CharField(
        max_length=150, blank=True, help_text="The purger's username, kept should the account go."
    )
    source = models.CharField(max_length=16, help_text="admin, or command (manage.py purge_deleted_models).")
    history_entries = models.PositiveIntegerField(help_text="How many history entries were removed with it.")
    within_restore_window = models.BooleanField(
        default=False, help_text="Purged before its editors' restore window was over (superusers only)."
    )

    class Meta:
        ordering = ["-purge_time", "-id"]
        verbose_name = "purge record"
        verbose_name_plural = "purge records"
        indexes = [models.Index(fields=["namespace", "-purge_time"], name="purgerecord_ns_time")]

    def __str__(self) -> str:
        return f"{self.namespace_name}/{self.model_id} purged {self.purge_time:%Y-%m-%d}"
