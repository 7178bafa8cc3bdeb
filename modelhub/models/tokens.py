from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Mod


class ApiToken(models.Model):
    """An API token. Only its SHA-256 hash is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, help_text="The first characters, to recognise the token.")
    key_hash = models.CharField(max_length=64, unique=True)
    create_time = models.DateTimeField(auto_now_add=True)
    last_used_time = models.DateTimeField(null=True, blank=True)
    revoke_time = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-create_time"]
        verbose_name = "API token"
        verbose_name_plural = "API tokens"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoke_time is None


class Credentials(models.TextChoices):
    """How an API request was authenticated (kept even when its token row is gone)."""

    SESSION = "session", "Browser session"
    TOKEN = "token", "API token"


REQUESTS_KEPT_PER_USER = 100


class ApiRequest(models.Model):
    """One API request of a user, for the "Recent requests" panel: a ring of at most
    REQUESTS_KEPT_PER_USER slots per user, so the bound is the unique constraint's to keep."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_requests")
    token = models.ForeignKey(ApiToken, null=True, blank=True, on_delete=models.SET_NULL)
    credentials = models.CharField(max_length=8, choices=Credentials.choices, default=Credentials.SESSION)
    create_time = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=255)
    status = models.PositiveSmallIntegerField()
    user_agent = models.CharField(max_length=255, blank=True)
    seq = models.PositiveBigIntegerField(default=0, help_text="The user's n-th logged request.")
    # Derived by the database, so the log's one INSERT carries the user's next seq only once.
    slot = models.GeneratedField(
        expression=Mod(F("seq"), Value(REQUESTS_KEPT_PER_USER)),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        help_text="seq modulo the number of requests kept.",
    )

    class Meta:
        ordering = ["-create_time", "-id"]
        verbose_name = "API request"
        verbose_name_plural = "API requests"
        indexes = [
            models.Index(fields=["user", "-create_time"], name="apirequest_user_time"),
            models.Index(fields=["user", "-seq"], name="apirequest_user_seq"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "slot"], name="apirequest_user_slot"),
            models.CheckConstraint(condition=models.Q(slot__lt=REQUESTS_KEPT_PER_USER), name="apirequest_slot_in_ring"),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.status}"
