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
from modelhub.models.tokens import ApiRequest, ApiToken, Credentials

__all__ = [
    "AIModel",
    "AIModelAlias",
    "ApiRequest",
    "ApiToken",
    "AuditAction",
    "AuditEntry",
    "AuditSource",
    "Credentials",
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
    "Region",
    "ReleaseStage",
    "Report",
    "ReportReason",
    "ReportStatus",
    "Role",
    "Task",
    "Visibility",
]
