from modelhub.models.aimodels import AIModel, AIModelAlias, ModerationState, Task, Visibility
from modelhub.models.audit import AuditAction, AuditEntry, AuditSource
from modelhub.models.catalog import Hardware, ModelDefinition, Region, ReleaseStage
from modelhub.models.moderation import ModerationNote, Report, ReportReason, ReportStatus
from modelhub.models.namespaces import (
    Membership,
    MembershipState,
    Namespace,
    NamespaceKind,
    OrganizationAction,
    OrganizationAuditEntry,
    Role,
)
from modelhub.models.purges import PurgeRecord
from modelhub.models.throttle import ThrottleCounter
from modelhub.models.tokens import ApiRequest, ApiToken, Credentials
from modelhub.models.webhooks import DeliveryStatus, Webhook, WebhookAttempt, WebhookDelivery, WebhookEvent

__all__ = [
    "AIModel",
    "AIModelAlias",
    "ApiRequest",
    "ApiToken",
    "AuditAction",
    "AuditEntry",
    "AuditSource",
    "Credentials",
    "DeliveryStatus",
    "Hardware",
    "Membership",
    "MembershipState",
    "ModelDefinition",
    "ModerationNote",
    "ModerationState",
    "Namespace",
    "NamespaceKind",
    "OrganizationAction",
    "OrganizationAuditEntry",
    "PurgeRecord",
    "Region",
    "ReleaseStage",
    "Report",
    "ReportReason",
    "ReportStatus",
    "Role",
    "Task",
    "ThrottleCounter",
    "Visibility",
    "Webhook",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEvent",
]
