"""Operations of Instill's management API kept here: organizations and memberships (/v1beta/)."""

from modelhub.api.openapi_inputs import IF_MATCH, param, rfc1034
from modelhub.api.openapi_responses import _errors, _json
from modelhub.api.openapi_schemas import ref
from modelhub.models import MembershipState, Role

WRITE_SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}]
ORG = param("organization", "path", "Organization ID", rfc1034(), required=True, example="acme")
USER = param("user", "path", "Username", {"type": "string", "maxLength": 150}, required=True, example="bob")
ETAG = {"ETag": {"description": "The resource's version, for If-Match.", "schema": {"type": "string"}}}
TIME = {"type": "string", "format": "date-time", "readOnly": True}
ROLE = {"type": "string", "enum": list(Role.values), "description": "owner, admin, member (edits models) or viewer."}
STATE = {
    "type": "string",
    "enum": list(MembershipState.values),
    "description": "PENDING until the invitee accepts; only an ACTIVE membership's role counts.",
}

SCHEMAS = {
    "Organization": {
        "type": "object",
        "properties": {
            "name": {"type": "string", "readOnly": True, "description": "organizations/{id}."},
            "id": rfc1034(description="The organization's ID (RFC-1034), unique among users and organizations."),
            "createTime": TIME,
            "updateTime": TIME,
            "profile": {
                "type": "object",
                "properties": {"displayName": {"type": "string", "maxLength": 255}},
            },
        },
        "required": ["name", "id", "createTime", "updateTime", "profile"],
    },
    "OrganizationResponse": {
        "type": "object",
        "properties": {"organization": ref("Organization")},
        "required": ["organization"],
    },
    "CreateOrganizationRequest": {
        "type": "object",
        "description": "The new organization (display_name is accepted too); the caller becomes its owner.",
        "properties": {
            "id": rfc1034(description="The organization's ID."),
            "displayName": {"type": "string", "maxLength": 255, "description": "The name people read."},
            "profile": {
                "type": "object",
                "description": "Instill's profile object: its displayName, as an alternative to displayName.",
                "properties": {"displayName": {"type": "string", "maxLength": 255}},
            },
        },
        "patternProperties": {"^display_name$": {"type": "string", "maxLength": 255}},
        "additionalProperties": False,
        "required": ["id"],
    },
    "Membership": {
        "type": "object",
        "properties": {
            "name": {"type": "string", "readOnly": True},
            "role": ROLE,
            "state": STATE,
            "user": {"type": "object", "properties": {"name": {"type": "string"}, "id": {"type": "string"}}},
            "organization": {"type": "object", "properties": {"name": {"type": "string"}, "id": {"type": "string"}}},
        },
        "required": ["name", "role", "state", "user", "organization"],
    },
    "MembershipResponse": {
        "type": "object",
        "properties": {"membership": ref("Membership")},
        "required": ["membership"],
    },
    "ListMembershipsResponse": {
        "type": "object",
        "properties": {"memberships": {"type": "array", "items": ref("Membership")}},
        "required": ["memberships"],
    },
    "UpdateOrganizationMembershipRequest": {
        "type": "object",
        "properties": {"role": ROLE},
        "required": ["role"],
        "additionalProperties": False,
    },
    "UpdateUserMembershipRequest": {
        "type": "object",
        "properties": {
            "state": {
                "type": "string",
                "enum": [MembershipState.ACTIVE.value],
                "description": "MEMBERSHIP_STATE_ACTIVE accepts the invitation (the proto number 1 too).",
            }
        },
        "required": ["state"],
        "additionalProperties": False,
    },
    "EmptyResponse": {"type": "object", "properties": {}, "additionalProperties": False},
}


ORGANIZATION_EXAMPLE = {
    "name": "organizations/acme",
    "id": "acme",
    "createTime": "2026-01-05T09:00:00Z",
    "updateTime": "2026-01-05T09:00:00Z",
    "profile": {"displayName": "Acme Inc."},
}
MEMBERSHIP_EXAMPLE = {
    "name": "organizations/acme/memberships/bob",
    "role": "member",
    "state": MembershipState.PENDING.value,
    "user": {"name": "users/bob", "id": "bob"},
    "organization": {"name": "organizations/acme", "id": "acme"},
}
ACTIVE_EXAMPLE = {
    **MEMBERSHIP_EXAMPLE,
    "name": "users/bob/memberships/acme",
    "state": MembershipState.ACTIVE.value,
}


def _body(schema_name: str, description: str, example: dict) -> dict:
    return {
        "required": True,
        "description": description,
        "content": {"application/json": {"schema": ref(schema_name), "example": example}},
    }


def _op(operation_id: str, summary: str, description: str, parameters: list, responses: dict, **extra) -> dict:
    return {
        "operationId": operation_id,
        "summary": summary,
        "description": description,
        "tags": ["Organization"],
        "parameters": parameters,
        "responses": responses,
        **extra,
    }


def organization_operations() -> dict:
    """{path: {method: operation}} to merge into the document's paths."""
    org = "/v1beta/organizations/{organization}"
    membership = org + "/memberships/{user}"
    user_membership = "/v1beta/users/{user}/memberships/{organization}"
    return {
        "/v1beta/organizations": {
            "post": _op(
                "CreateOrganization",
                "Create an organization",
                "Creates an organization; the caller becomes its owner. Answers 201 with it.",
                [],
                {
                    "201": _json(
                        "OrganizationResponse", "The new organization.", ETAG, {"organization": ORGANIZATION_EXAMPLE}
                    ),
                    **_errors("409", "413", "415"),
                },
                security=WRITE_SECURITY,
                requestBody=_body(
                    "CreateOrganizationRequest", "The organization", {"id": "acme-labs", "displayName": "Acme Labs"}
                ),
            )
        },
        org: {
            "get": _op(
                "GetOrganization",
                "Get an organization",
                "An organization the caller may know of (a member, staff, or one with a model they may see).",
                [ORG],
                {
                    "200": _json(
                        "OrganizationResponse", "The organization.", ETAG, {"organization": ORGANIZATION_EXAMPLE}
                    ),
                    **_errors("404"),
                },
            )
        },
        org + "/memberships": {
            "get": _op(
                "ListOrganizationMemberships",
                "List organization memberships",
                "The organization's members; its owners and admins also see pending invitations.",
                [ORG],
                {
                    "200": _json(
                        "ListMembershipsResponse", "The memberships.", example={"memberships": [MEMBERSHIP_EXAMPLE]}
                    ),
                    **_errors("404"),
                },
            )
        },
        membership: {
            "put": _op(
                "UpdateOrganizationMembership",
                "Invite a member or change a role",
                "Invites the user with the role (a pending membership, 201) or changes the role of a member or "
                "invitation (200). Owners manage everyone, admins members and viewers; the last owner cannot be "
                "demoted.",
                [ORG, USER, IF_MATCH],
                {
                    "200": _json(
                        "MembershipResponse",
                        "The membership with its new role.",
                        ETAG,
                        {"membership": {**MEMBERSHIP_EXAMPLE, "role": "viewer"}},
                    ),
                    "201": _json(
                        "MembershipResponse",
                        "The invitation (MEMBERSHIP_STATE_PENDING).",
                        ETAG,
                        {"membership": MEMBERSHIP_EXAMPLE},
                    ),
                    **_errors("403", "404", "409", "412", "413", "415"),
                },
                security=WRITE_SECURITY,
                requestBody=_body("UpdateOrganizationMembershipRequest", "The role", {"role": "member"}),
            ),
            "delete": _op(
                "DeleteOrganizationMembership",
                "Remove a member",
                "Removes a member or withdraws an invitation (owners and admins, by the same rules), or, for "
                "one's own membership, leaves. The last owner can neither leave nor be removed.",
                [ORG, USER, IF_MATCH],
                {"200": _json("EmptyResponse", "Removed.", example={}), **_errors("403", "404", "412")},
                security=WRITE_SECURITY,
            ),
        },
        "/v1beta/users/{user}/memberships": {
            "get": _op(
                "ListUserMemberships",
                "List a user's memberships",
                "The caller's own organization memberships, pending invitations included.",
                [USER],
                {
                    "200": _json(
                        "ListMembershipsResponse", "The memberships.", example={"memberships": [MEMBERSHIP_EXAMPLE]}
                    ),
                    **_errors("403", "404"),
                },
                security=WRITE_SECURITY,
            )
        },
        user_membership: {
            "put": _op(
                "UpdateUserMembership",
                "Accept an invitation",
                'The invitee accepts with {"state": "MEMBERSHIP_STATE_ACTIVE"}; the role counts from then on.',
                [USER, ORG, IF_MATCH],
                {
                    "200": _json("MembershipResponse", "The active membership.", ETAG, {"membership": ACTIVE_EXAMPLE}),
                    **_errors("403", "404", "409", "412", "413", "415"),
                },
                security=WRITE_SECURITY,
                requestBody=_body(
                    "UpdateUserMembershipRequest", "The new state", {"state": MembershipState.ACTIVE.value}
                ),
            ),
            "delete": _op(
                "DeleteUserMembership",
                "Decline an invitation",
                "Declines a pending invitation, or leaves an organization one belongs to.",
                [USER, ORG, IF_MATCH],
                {"200": _json("EmptyResponse", "Declined or left.", example={}), **_errors("403", "404", "412")},
                security=WRITE_SECURITY,
            ),
        },
    }
