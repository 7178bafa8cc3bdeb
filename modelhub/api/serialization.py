"""Domain objects as the API's camelCase JSON (Instill's shapes), RFC 3339 times in UTC."""

from datetime import UTC, datetime
from typing import Any

from modelhub.models import AIModel, ModelDefinition, Namespace, NamespaceKind, Region
from modelhub.models.fields_table import FIELDS

VIEW_BASIC = "VIEW_BASIC"
VIEW_FULL = "VIEW_FULL"
DEFINITION_PREFIX = "model-definitions/"


def rfc3339(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def api_value(aimodel: AIModel, field: str) -> Any:
    """One editable field as the API shows it (foreign keys by their ids)."""
    if field == "model_definition":
        return DEFINITION_PREFIX + aimodel.model_definition_id
    if field == "region":
        return aimodel.region_id
    return getattr(aimodel, field)


BASIC_FIELDS = tuple(spec for spec in FIELDS if not spec.heavy)
HEAVY_API_FIELDS = tuple(spec for spec in FIELDS if spec.heavy)


def aimodel_json(aimodel: AIModel, view: str = VIEW_BASIC, *, editable: bool, image: bool = True) -> dict[str, Any]:
    """A model; VIEW_BASIC leaves out the heavy fields (configuration, readme, profileImage).

    `editable`: whether the caller may edit it (Instill's `permission.canEdit`; `canTrigger` is
    always false: modelhub runs no inference). `image=False` leaves the image out of VIEW_FULL
    too (lists: each model's image is at its own URL, …/image).
    """
    data: dict[str, Any] = {"name": aimodel.name, "uid": str(aimodel.uid)}
    for spec in BASIC_FIELDS:
        data[spec.api_name] = api_value(aimodel, spec.name)
    data |= {
        "ownerName": aimodel.namespace.owner_name,
        "owner": owner_json(aimodel.namespace),
        "moderationState": aimodel.moderation_state,
        "createTime": rfc3339(aimodel.create_time),
        "updateTime": rfc3339(aimodel.update_time),
        "deleteTime": rfc3339(aimodel.delete_time),
        "permission": {"canEdit": editable, "canTrigger": False},
    }
    if view == VIEW_FULL:
        for spec in HEAVY_API_FIELDS:
            if image or spec.name != "profile_image":
                data[spec.api_name] = api_value(aimodel, spec.name)
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
