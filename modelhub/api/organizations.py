"""Instill's management API for organizations and memberships (`/v1beta/`, mgmt service shapes).

`POST /v1beta/organizations`, `GET /v1beta/organizations/{org}`,
`GET /v1beta/organizations/{org}/memberships`, `PUT`/`DELETE …/memberships/{user}` (invite or
change a role; remove, withdraw or leave), `GET /v1beta/users/{user}/memberships` and
`PUT`/`DELETE …/memberships/{org}` (the invitee accepts with `{"state": "MEMBERSHIP_STATE_ACTIVE"}`,
or declines). The rules are the services' (modelhub.services.organizations); an organization the
caller may not know of is 404 everywhere, as for models.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse

from modelhub.api import patch
from modelhub.api.access import known_namespace
from modelhub.api.auth import api_endpoint, require_user
from modelhub.api.errors import (
    AlreadyExists,
    ApiError,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    field_error,
)
from modelhub.api.etags import check_if_match
from modelhub.models import Membership, MembershipState, Namespace, Role
from modelhub.permissions import can_manage_members
from modelhub.selectors import (
    members_shown_to,
    memberships_of,
)
from modelhub.services import (
    ID_TAKEN,
    MembershipExists,
    NotPermitted,
    OrganizationRefused,
    membership_accept,
    membership_change_role,
    membership_decline,
    membership_invite,
    membership_remove,
    organization_create,
)

API_FIELDS = {"namespace_id": "id", "display_name": "displayName"}
STATE_NUMBERS = {1: MembershipState.ACTIVE, 2: MembershipState.PENDING}


def organization_json(namespace: Namespace) -> dict:
    return {
        "name": f"organizations/{namespace.namespace_id}",
        "id": namespace.namespace_id,
        "createTime": namespace.create_time.isoformat().replace("+00:00", "Z"),
        "updateTime": namespace.update_time.isoformat().replace("+00:00", "Z"),
        "profile": {"displayName": namespace.display_name},
    }


def membership_json(membership: Membership, namespace: Namespace) -> dict:
    username = membership.user.get_username()
    return {
        "name": f"organizations/{namespace.namespace_id}/memberships/{username}",
        "role": membership.role,
        "state": membership.state,
        "user": {"name": f"users/{username}", "id": username},
        "organization": {"name": f"organizations/{namespace.namespace_id}", "id": namespace.namespace_id},
    }


def _with_etag(response: JsonResponse, etag: str) -> JsonResponse:
    response["ETag"] = etag
    return response


def _organization(request, org_id: str) -> Namespace:
    """The organization with the caller's role, if they may know of it; 404 otherwise."""
    return known_namespace(
        request, org_id, organization=True, not_found=f"Organization organizations/{org_id[:63]} not found."
    )


def _user(username: str):
    user = get_user_model().objects.filter(username=username[:150], is_active=True).first()
    if user is None:
        raise NotFound(f"User users/{username[:150]} not found.")
    return user


def _refusal(refusal: OrganizationRefused) -> ApiError:
    if isinstance(refusal, NotPermitted):
        return PermissionDenied(refusal.message)
    if isinstance(refusal, MembershipExists):
        return AlreadyExists(f"{refusal.message} Nothing was changed.")
    return InvalidArgument(f"{refusal.message} Nothing was changed.")


def _validation(error: ValidationError) -> ApiError:
    violations = [
        (API_FIELDS.get(field, field), message)
        for field, messages in error.message_dict.items()
        for message in messages
    ]
    return InvalidArgument("; ".join(f"{f}: {m}" for f, m in violations), violations)


def _only(body: dict, keys: dict[str, str]) -> dict[str, object]:
    """The body's values by their snake_case name; unknown keys and a key given twice are 400."""
    unknown = [key for key in body if key not in keys]
    if unknown:
        raise InvalidArgument(
            "Invalid fields: " + ", ".join(k[:64] for k in unknown), [(k[:64], "Unknown field.") for k in unknown]
        )
    values: dict[str, object] = {}
    for key, value in body.items():
        if keys[key] in values:
            raise field_error(key, "Given twice (in camelCase and snake_case).")
        values[keys[key]] = value
    return values


@api_endpoint("POST")
def organization_list(request):
    """Create an organization (`{"id", "displayName"}`); the caller becomes its owner. 201 and it."""
    require_user(request)
    keys = {"id": "id", "displayName": "display_name", "display_name": "display_name", "profile": "profile"}
    values = _only(patch.read_json_object(request), keys)
    profile = values.pop("profile", None)
    if profile is not None:
        if not isinstance(profile, dict) or set(profile) - {"displayName", "display_name"}:
            raise field_error("profile", "Only profile.displayName may be set.")
        values.setdefault("display_name", profile.get("displayName", profile.get("display_name", "")))
    org_id = values.get("id")
    if not isinstance(org_id, str) or not org_id:
        raise field_error("id", "Required: the organization's ID (RFC-1034).")
    display_name = values.get("display_name", "")
    if not isinstance(display_name, str):
        raise field_error("displayName", "Must be a string.")
    try:
        namespace = organization_create(
            namespace_id=org_id, display_name=display_name, owner=request.user, source="api"
        )
    except ValidationError as error:
        if ID_TAKEN in error.message_dict.get("namespace_id", []):
            message = f"The ID '{org_id[:63]}' is taken by a user or an organization (IDs ignore letter case)."
            raise AlreadyExists(message, violations=[("id", message)])
        raise _validation(error)
    response = JsonResponse({"organization": organization_json(namespace)}, status=201)
    response["Location"] = f"/v1beta/organizations/{namespace.namespace_id}"
    return _with_etag(response, namespace.etag)


@api_endpoint("GET")
def organization_detail(request, org_id: str):
    namespace = _organization(request, org_id)
    return _with_etag(JsonResponse({"organization": organization_json(namespace)}), namespace.etag)


def _visible_memberships(request, namespace: Namespace):
    """Managers (and superusers) see invitations too; anyone else who may see the organization its
    active members."""
    if can_manage_members(request.user, namespace.caller_role):
        return memberships_of(namespace)
    return members_shown_to(request.user, namespace)


@api_endpoint("GET")
def organization_memberships(request, org_id: str):
    namespace = _organization(request, org_id)
    rows = [membership_json(m, namespace) for m in _visible_memberships(request, namespace)]
    return _with_etag(JsonResponse({"memberships": rows}), namespace.etag)


def _role(body: dict) -> str:
    values = _only(body, {"role": "role"})
    if "role" not in values:
        raise field_error("role", f"Required: one of {', '.join(Role.values)}.")
    role = values["role"]
    if not isinstance(role, str) or role not in Role.values:
        raise field_error("role", f"Unknown role; use one of {', '.join(Role.values)}.")
    return role


@api_endpoint("PUT", "DELETE")
def organization_membership(request, org_id: str, username: str):
    """PUT `{"role"}`: invite the user (a pending membership) or change their role. DELETE: remove
    them, withdraw their invitation, or (one's own) leave."""
    require_user(request)
    role = _role(patch.read_json_object(request)) if request.method == "PUT" else ""
    namespace = _organization(request, org_id)
    user = _user(username)
    try:
        with transaction.atomic():
            membership = Membership.objects.filter(namespace=namespace, user=user).select_related("user").first()
            if membership is not None:
                check_if_match(request, membership.etag)
            if request.method == "DELETE":
                if membership is None:
                    message = f"users/{user.get_username()} is not a member of organizations/{namespace.namespace_id}."
                    raise NotFound(message)
                membership_remove(membership=membership, actor=request.user, source="api")
                return JsonResponse({})
            if membership is None:
                membership = membership_invite(
                    namespace=namespace, user=user, role=role, actor=request.user, source="api"
                )
                status = 201
            else:
                membership = membership_change_role(membership=membership, role=role, actor=request.user, source="api")
                status = 200
    except OrganizationRefused as refusal:
        raise _refusal(refusal)
    except ValidationError as error:
        raise _validation(error)
    response = JsonResponse({"membership": membership_json(membership, namespace)}, status=status)
    return _with_etag(response, membership.etag)


def _own(request, username: str):
    """The user named in the path, who must be the caller (or the caller a superuser)."""
    require_user(request)
    user = _user(username)
    if user.pk != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied("You may only read and answer your own memberships.")
    return user


def _user_membership_json(membership: Membership) -> dict:
    namespace = membership.namespace
    body = membership_json(membership, namespace)
    body["name"] = f"users/{membership.user.get_username()}/memberships/{namespace.namespace_id}"
    return body


@api_endpoint("GET")
def user_memberships(request, username: str):
    """The user's organization memberships, invitations included (their own only)."""
    user = _own(request, username)
    rows = (
        Membership.objects.filter(user=user, namespace__kind="ORGANIZATION")
        .select_related("namespace", "user")
        .order_by("namespace__namespace_id")
    )
    return JsonResponse({"memberships": [_user_membership_json(m) for m in rows]})


def _state(body: dict) -> str:
    values = _only(body, {"state": "state"})
    state = values.get("state")
    if isinstance(state, int) and not isinstance(state, bool):
        state = STATE_NUMBERS.get(state)
    if state != MembershipState.ACTIVE:
        raise field_error("state", "Send MEMBERSHIP_STATE_ACTIVE to accept the invitation (DELETE declines it).")
    return MembershipState.ACTIVE


@api_endpoint("PUT", "DELETE")
def user_membership(request, username: str, org_id: str):
    """PUT `{"state": "MEMBERSHIP_STATE_ACTIVE"}` accepts the invitation; DELETE declines it (or,
    once accepted, leaves the organization)."""
    user = _own(request, username)
    if request.method == "PUT":
        _state(patch.read_json_object(request))
    membership = (
        Membership.objects.filter(user=user, namespace__kind="ORGANIZATION")
        .select_related("namespace", "user")
        .filter(namespace__namespace_id__iexact=org_id[:63])
        .first()
    )
    if membership is None:
        raise NotFound(f"No membership of users/{user.get_username()} in organizations/{org_id[:63]}.")
    check_if_match(request, membership.etag)
    try:
        if request.method == "DELETE":
            if membership.is_pending:
                membership_decline(membership=membership, actor=request.user, source="api")
            else:
                membership_remove(membership=membership, actor=request.user, source="api")
            return JsonResponse({})
        membership = membership_accept(membership=membership, actor=request.user, source="api")
    except OrganizationRefused as refusal:
        raise _refusal(refusal)
    membership.namespace.caller_role = membership.role
    response = JsonResponse({"membership": _user_membership_json(membership)})
    return _with_etag(response, membership.etag)
