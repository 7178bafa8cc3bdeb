from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from modelhub.validators import validate_rfc1034


class NamespaceKind(models.TextChoices):
    USER = "USER", "User"
    ORGANIZATION = "ORGANIZATION", "Organization"


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    ADMIN = "admin", "Admin"
    MEMBER = "member", "Member"
    VIEWER = "viewer", "Viewer"


class Namespace(models.Model):
    """A user's or an organization's namespace; it owns models."""

    namespace_id = models.CharField("ID", max_length=63, unique=True, validators=[validate_rfc1034])
    kind = models.CharField(max_length=16, choices=NamespaceKind.choices)
    display_name = models.CharField(max_length=255, blank=True)
    create_time = models.DateTimeField(auto_now_add=True)
    update_time = models.DateTimeField(auto_now=True)
    # Whether it has an active webhook: read with the namespace on every write, so a namespace
    # without webhooks costs its writes no query for them. Kept by modelhub.services.webhooks.
    has_webhooks = models.BooleanField(default=False, editable=False)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="namespaces")
    # The caller's role in the namespace (or None), annotated by the selectors that load one for a caller.
    caller_role: str | None

    class Meta:
        ordering = ["namespace_id"]
        constraints = [
            # RFC-1034 names compare case-insensitively: `alice` and `ALICE` are one namespace.
            models.UniqueConstraint(Lower("namespace_id"), name="namespace_unique_id_ci"),
        ]

    def __str__(self) -> str:
        return self.namespace_id

    @property
    def name(self) -> str:
        return f"namespaces/{self.namespace_id}"

    @property
    def owner_name(self) -> str:
        prefix = "users" if self.kind == NamespaceKind.USER else "organizations"
        return f"{prefix}/{self.namespace_id}"

    def get_absolute_url(self) -> str:
        return f"/?namespace={self.namespace_id}"


class Membership(models.Model):
    """A user's role in a namespace. A user's own namespace has them as owner."""

    namespace = models.ForeignKey(Namespace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["namespace", "user"], name="membership_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.role} of {self.namespace}"
