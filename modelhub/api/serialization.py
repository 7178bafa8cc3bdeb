"""Domain objects as the API's camelCase JSON (Instill's shapes), RFC 3339 times in UTC."""

from datetime import UTC, datetime
from typing import Any

from modelhub.models import AIModel, ModelDefinition, Namespace, NamespaceKind, Region

VIEW_BASIC = "VIEW_BASIC"
VIEW_FULL = "VIEW_FULL"
DEFINITION_PREFIX = "model-definitions/"


def rfc3339(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def aimodel_json(aimodel: AIModel, view: str = VIEW_BASIC, *, editable: bool, image: bool = True) -> dict[str, Any]:
    """A model; VIEW_BASIC leaves out the heavy fields (configuration, readme, profileImage).

    `editable`: whether the caller may edit it (Instill's `permission.canEdit`; `canTrigger` is
    always false: modelhub runs no inference). `image=False` leaves the image out of VIEW_FULL
    too (lists: each model's image is at its own URL, …/image).
    """
    data = {
        "name": aimodel.name,
        "uid": str(aimodel.uid),
        "id": aimodel.model_id,
        "description": aimodel.description,
        "modelDefinition": DEFINITION_PREFIX + aimodel.model_definition_id,
        "task": aimodel.task,
        "visibility": aimodel.visibility,
        "region": aimodel.region_id,
        "hardware": aimodel.hardware,
        "sourceUrl": aimodel.source_url,
        "documentationUrl": aimodel.documentation_url,
        "license": aimodel.license,
        "tags": aimodel.tags,
        "ownerName": aimodel.namespace.owner_name,
        "owner": owner_json(aimodel.namespace),
        "moderationState": aimodel.moderation_state,
        "createTime": rfc3339(aimodel.create_time),
        "updateTime": rfc3339(aimodel.update_time),
        "deleteTime": rfc3339(aimodel.delete_time),
        "permission": {"canEdit": editable, "canTrigger": False},
    }
    if view == VIEW_FULL:
        data["configuration"] = aimodel.configuration
        data["readme"] = aimodel.readme
        if image:
            data["profileImage"] = aimodel.profile_image
    return data


def owner_json(namespace: Namespace) -> dict[str, Any]:
    """The namespace as Instill's mgmt.v1beta.Owner: {"user": User} or {"organization": Organization}."""
    kind = "user" if namespace.kind == NamespaceKind.USER else "organization"
    return {
        kind: {
            "name": namespace.owner_name,
            "id": namespace.namespace_id,
            "createTime": rfc3339(namespace.create_time),
            "updateTime": rfc3339(namespace.update_time),
            "profile": {"displayName": namespace.display_name},
        }
    }


def definition_json(definition: ModelDefinition) -> dict[str, Any]:
    return {
        "name": definition.name,
        "uid": str(definition.uid),
        "id": definition.definition_id,
        "title": definition.title,
        "documentationUrl": definition.documentation_url,
        "icon": definition.icon,
        "releaseStage": definition.release_stage,
        "modelSpec": definition.model_spec,
        "createTime": rfc3339(definition.create_time),
        "updateTime": rfc3339(definition.update_time),
    }


def region_json(region: Region) -> dict[str, Any]:
    return {
        "regionName": region.name,
        "hardware": [{"title": hw.title, "value": hw.value} for hw in region.hardware.all()],
        "allowsCustomHardware": region.allows_custom_hardware,
    }
