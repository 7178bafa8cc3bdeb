"""Every write to the domain goes through these functions."""

from modelhub.services.aimodels import (
    ConflictError,
    PreconditionFailed,
    UpdateResult,
    aimodel_create,
    aimodel_update,
    fingerprint,
    value_of,
)

__all__ = [
    "ConflictError",
    "PreconditionFailed",
    "UpdateResult",
    "aimodel_create",
    "aimodel_update",
    "fingerprint",
    "value_of",
]

from modelhub.services.tokens import (  # noqa: E402
    api_request_record,
    token_authenticate,
    token_create,
    token_revoke,
    token_touch,
    tokens_revoke_all,
)

__all__ += ["api_request_record", "token_authenticate", "token_create", "token_revoke", "token_touch"]
__all__ += ["tokens_revoke_all"]

from modelhub.services.moderation import (  # noqa: E402
    aimodel_hide,
    aimodel_unhide,
    moderation_note_create,
    report_create,
    report_dismiss,
)

__all__ += ["aimodel_hide", "aimodel_unhide", "moderation_note_create", "report_create", "report_dismiss"]

from modelhub.services.namespaces import definition_create, membership_set, namespace_create  # noqa: E402

__all__ += ["definition_create", "membership_set", "namespace_create"]

from modelhub.model_ids import ModelIdTaken  # noqa: E402
from modelhub.services.lifecycle import (  # noqa: E402
    LifecycleRefused,
    PurgeRefused,
    aimodel_delete,
    aimodel_rename,
    aimodel_restore,
    aimodels_purge_deleted,
    restore_deadline,
)

__all__ += [
    "LifecycleRefused",
    "ModelIdTaken",
    "PurgeRefused",
    "aimodel_delete",
    "aimodel_rename",
    "aimodel_restore",
    "aimodels_purge_deleted",
    "restore_deadline",
]

from modelhub.services.lifecycle import aimodel_transfer  # noqa: E402

__all__ += ["aimodel_transfer"]

from modelhub.services.organizations import (  # noqa: E402
    ID_TAKEN,
    LastOwner,
    MembershipExists,
    NotPermitted,
    OrganizationNotEmpty,
    OrganizationRefused,
    membership_accept,
    membership_change_role,
    membership_decline,
    membership_invite,
    membership_remove,
    organization_create,
    organization_delete,
    organization_update,
)

__all__ += [
    "ID_TAKEN",
    "LastOwner",
    "MembershipExists",
    "NotPermitted",
    "OrganizationNotEmpty",
    "OrganizationRefused",
    "membership_accept",
    "membership_change_role",
    "membership_decline",
    "membership_invite",
    "membership_remove",
    "organization_create",
    "organization_delete",
    "organization_update",
]
