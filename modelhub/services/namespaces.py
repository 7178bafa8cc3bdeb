"""Namespaces, their memberships and the model definitions: created and changed only here.

Each function validates the whole row (`full_clean`: the RFC-1034 ids, the choices, unique
ids, a model definition's JSON Schema) before it writes, and raises
`django.core.exceptions.ValidationError` (message_dict by field name) with nothing written.
"""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from modelhub.models import Membership, ModelDefinition, Namespace, NamespaceKind, Role


@transaction.atomic
def namespace_create(
    *,
    namespace_id: str,
    kind: str,
    display_name: str = "",
    owner: User | None = None,
) -> Namespace:
    """A new namespace. `owner` (required for a user's own namespace) becomes its owner."""
    namespace = Namespace(namespace_id=namespace_id, kind=kind, display_name=display_name)
    errors = {}
    try:
        namespace.full_clean()
    except ValidationError as exc:
        errors = exc.message_dict
    if kind == NamespaceKind.USER and owner is None:
        errors["owner"] = ["A user namespace needs the user who owns it."]
    if errors:
        raise ValidationError(errors)
    namespace.save()
    if owner is not None:
        membership_set(namespace=namespace, user=owner, role=Role.OWNER)
    return namespace


@transaction.atomic
def membership_set(*, namespace: Namespace, user: User, role: str) -> Membership:
    """Give `user` the `role` in `namespace`: a new membership, or a changed role."""
    if role not in Role.values:
        raise ValidationError({"role": [f"Unknown role {role!r}; use one of {', '.join(Role.values)}."]})
    membership = Membership.objects.select_for_update().filter(namespace=namespace, user=user).first()
    if membership is None:
        return Membership.objects.create(namespace=namespace, user=user, role=role)
    if namespace.kind == NamespaceKind.USER and membership.role == Role.OWNER and role != Role.OWNER:
        raise ValidationError({"role": ["The owner of a user namespace stays its owner."]})
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def definition_create(*, definition_id: str, title: str, model_spec: dict, **fields) -> ModelDefinition:
    """A new model definition; `model_spec` must be a valid JSON Schema. `fields`: the other
    columns (release_stage, documentation_url, icon)."""
    unknown = set(fields) - {"release_stage", "documentation_url", "icon"}
    if unknown:
        raise ValidationError({name: ["Unknown or read-only field."] for name in sorted(unknown)})
    definition = ModelDefinition(definition_id=definition_id, title=title, model_spec=model_spec, **fields)
    definition.full_clean()
    definition.save()
    return definition
