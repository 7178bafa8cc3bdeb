from django.db import models


class ThrottleCounter(models.Model):
    """The recent attempts counted against one throttle key (a hashed username, e-mail, user
    or client IP), shared by every app server. Changed only under its row lock
    (modelhub/security/throttle.py), so parallel attempts cannot slip past the limit."""

    key = models.CharField(max_length=120, primary_key=True)
    stamps = models.JSONField(default=list, help_text="Times (epoch seconds) of the attempts inside the window.")
    expire_time = models.FloatField(db_index=True, help_text="When the newest attempt leaves the window.")

    class Meta:
        verbose_name = "throttle counter"
        verbose_name_plural = "throttle counters"

    def __str__(self) -> str:
        return self.key
