"""Reads. Each returns a QuerySet (or one object) with what its callers show, and no more.

Split by topic; every public name is re-exported here, so callers import from
`modelhub.selectors` whatever module it lives in.
"""

from modelhub.selectors.aimodels import (
    aimodel_by_uid_with_role,
    aimodels_anyone_sees,
    aimodels_deleted_in,
    aimodels_of_namespace_visible_to,
    aimodels_visible_to,
    purge_records_of,
    with_configuration,
)
from modelhub.selectors.history import audit_entries_shown_to, visibility_before_hide
from modelhub.selectors.namespaces import (
    namespace_by_id,
    namespace_known_to,
    namespace_shown_to,
    namespace_with_role,
    namespaces_editable_by,
    namespaces_listed_to,
    namespaces_with_edit_role,
    role_in_namespace,
)
from modelhub.selectors.organizations import (
    ROLE_ORDER,
    invitations_for,
    members_shown_to,
    memberships_of,
    organization_history,
)
from modelhub.selectors.resolve import aimodel_resolve, aimodel_with_role

__all__ = [
    "ROLE_ORDER",
    "aimodel_by_uid_with_role",
    "aimodel_resolve",
    "aimodel_with_role",
    "aimodels_anyone_sees",
    "aimodels_deleted_in",
    "aimodels_of_namespace_visible_to",
    "aimodels_visible_to",
    "audit_entries_shown_to",
    "invitations_for",
    "members_shown_to",
    "memberships_of",
    "namespace_by_id",
    "namespace_known_to",
    "namespace_shown_to",
    "namespace_with_role",
    "namespaces_editable_by",
    "namespaces_listed_to",
    "namespaces_with_edit_role",
    "organization_history",
    "purge_records_of",
    "role_in_namespace",
    "visibility_before_hide",
    "with_configuration",
]
