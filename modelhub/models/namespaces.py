from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from modelhub.validators import validate_rfc1034

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class NamespaceKind(models.TextChoices):
    USER = "USER", "User"
    ORGANIZATION = "ORGANIZATION", "Organization"


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    ADMIN = "admin", "Admin"
    MEMBER = "member", "Member"
    VIEWER = "viewer", "Viewer"


class MembershipState(models.TextChoices):
    """Instill's membership states: an invitation is pending until the invitee accepts it."""

    ACTIVE = "MEMBERSHIP_STATE_ACTIVE", "Active"
    PENDING = "MEMBERSHIP_STATE_PENDING", "Invited"


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
    members: "models.ManyToManyField[User, Membership]" = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", through_fields=("namespace", "user"), related_name="namespaces"
    )
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

    @property
    def etag(self) -> str:
        """A strong validator for If-Match: changes whenever the row is written."""
        return f'"{int(self.update_time.timestamp() * 1_000_000):x}"'

    @property
    def is_organization(self) -> bool:
        return self.kind == NamespaceKind.ORGANIZATION

    def get_absolute_url(self) -> str:
        return reverse("namespace-detail", args=[self.namespace_id])


class MembershipQuerySet(models.QuerySet):
    def active(self):
        """Accepted memberships: the only ones whose role counts (a pending invitation grants nothing)."""
        return self.filter(state=MembershipState.ACTIVE)

    def pending(self):
        return self.filter(state=MembershipState.PENDING)


class Membership(models.Model):
    """A user's role in a namespace. A user's own namespace has them as owner.

    An organization's invitation is a pending membership: its role counts only once the invitee
    accepts it (`state` ACTIVE). Every permission check reads `Membership.objects.active()`.
    """

    namespace = models.ForeignKey(Namespace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    state = models.CharField(max_length=32, choices=MembershipState.choices, default=MembershipState.ACTIVE)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    create_time = models.DateTimeField(default=timezone.now, editable=False)
    update_time = models.DateTimeField(default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    @property
    def is_pending(self) -> bool:
        return self.state == MembershipState.PENDING

    @property
    def etag(self) -> str:
        """A strong validator for If-Match: changes whenever the row is written."""
        return f'"{int(self.update_time.timestamp() * 1_000_000):x}"'

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["namespace", "user"], name="membership_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.role} of {self.namespace}"


class OrganizationAction(models.TextChoices):
    """What an organization audit entry records; the label is what its history page shows."""

    CREATE = "create", "Created the organization"
    UPDATE = "update", "Changed the display name"
    INVITE = "invite", "Invited"
    ACCEPT = "accept", "Accepted the invitation"
    DECLINE = "decline", "Declined the invitation"
    CANCEL = "cancel", "Withdrew the invitation"
    ROLE = "role", "Changed the role"
    REMOVE = "remove", "Removed"
    LEAVE = "leave", "Left"


class OrganizationAuditEntry(models.Model):
    """Who changed an organization's members (or its name), when, and the old and new role."""

    namespace = models.ForeignKey(Namespace, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The member concerned, kept by name too: the history outlives the account.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=16, choices=OrganizationAction.choices)
    source = models.CharField(max_length=16)
    old_value = models.CharField(max_length=255, blank=True)
    new_value = models.CharField(max_length=255, blank=True)
    create_time = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "organization audit entry"
        verbose_name_plural = "organization audit entries"
        ordering = ["-create_time", "-id"]
        indexes = [models.Index(fields=["namespace", "-create_time"], name="org_audit_ns_time")]

    def __str__(self) -> str:
        return f"{self.action} {self.member_username} in {self.namespace_id} by {self.actor or 'system'}"
