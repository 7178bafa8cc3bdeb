"""Writing the demo data, idempotently: what exists is left alone (passwords and edits made since
included), so a second run writes nothing. Models are created through the service
(`aimodel_create`, source "admin"), like every other model write."""

import io
import zlib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from PIL import Image, ImageDraw

from modelhub.demo.cast import DEFINITIONS, INVITATIONS, MODELS, NAMESPACES, PASSWORD, USERS, DemoModel
from modelhub.demo.readmes import README, READMES
from modelhub.images import image_to_data_uri
from modelhub.models import AIModel, Hardware, Membership, ModelDefinition, Namespace, Region, Role, Task
from modelhub.services import (
    aimodel_create,
    definition_create,
    membership_invite,
    membership_set,
    namespace_create,
)


def _hardware_and_region_titles(region: str, hardware: str) -> dict[str, str]:
    """What the README's Details table says: the catalog's titles, never the stored codes."""
    title = Hardware.objects.filter(region_id=region, value=hardware).values_list("title", flat=True).first()
    region_title = Region.objects.filter(name=region).values_list("title", flat=True).first()
    return {"hardware": title or hardware, "region": region_title or region}


def demo_image(model_id: str) -> str:
    """A small deterministic PNG: a two-colour gradient with the model's initials."""
    seed = zlib.crc32(model_id.encode())
    start = (seed & 0xFF, (seed >> 8) & 0xFF, (seed >> 16) & 0xFF)
    end = tuple(255 - c // 2 for c in reversed(start))
    size = 128
    image = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(image)
    for y in range(size):
        mix = y / (size - 1)
        draw.line([(0, y), (size, y)], fill=tuple(round(a + (b - a) * mix) for a, b in zip(start, end, strict=True)))
    initials = "".join(part[0] for part in model_id.split("-")[:2]).upper()
    draw.text((size / 2, size / 2), initials, fill="white", anchor="mm", font_size=56)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return image_to_data_uri(buffer.getvalue())


@transaction.atomic
def seed_demo() -> list[str]:
    """Write what is missing of the demo data; what was created, one line each."""
    created: list[str] = []
    users = {username: _user(username, flags, created) for username, (flags, _) in USERS.items()}
    owners = {ns_id: users[name] for name, (_, roles) in USERS.items() for ns_id, role in roles.items()
              if role == Role.OWNER}  # fmt: skip
    namespaces = {
        ns_id: _namespace(ns_id, kind, title, owners.get(ns_id), created) for ns_id, (kind, title) in NAMESPACES.items()
    }
    for username, (_, roles) in USERS.items():
        for ns_id, role in roles.items():
            if not Membership.objects.filter(namespace=namespaces[ns_id], user=users[username]).exists():
                membership_set(namespace=namespaces[ns_id], user=users[username], role=role)
                created.append(f"membership {username} → {ns_id} ({role})")
    for (username, ns_id), (role, inviter) in INVITATIONS.items():
        if not Membership.objects.filter(namespace=namespaces[ns_id], user=users[username]).exists():
            membership_invite(
                namespace=namespaces[ns_id], user=users[username], role=role, actor=users[inviter], source="admin"
            )
            created.append(f"invitation {username} → {ns_id} ({role}, pending)")
    for definition_id, fields in DEFINITIONS.items():
        if not ModelDefinition.objects.filter(definition_id=definition_id).exists():
            definition_create(definition_id=definition_id, **fields)
            created.append(f"model definition {definition_id}")
    for demo in MODELS:
        _model(namespaces[demo.namespace], demo, created)
    return created


def _namespace(namespace_id: str, kind: str, title: str, owner, created: list[str]) -> Namespace:
    namespace = Namespace.objects.filter(namespace_id=namespace_id).first()
    if namespace is None:
        namespace = namespace_create(namespace_id=namespace_id, kind=kind, display_name=title, owner=owner)
        created.append(f"namespace {namespace_id}")
        if owner is not None:
            created.append(f"membership {owner.username} → {namespace_id} ({Role.OWNER})")
    return namespace


def _user(username: str, flags: dict, created: list[str]):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create_user(
            username=username, email=f"{username}@example.com", password=PASSWORD, **flags
        )
        created.append(f"user {username}")
    if username == "moderator":
        moderators = Group.objects.get(name="Moderators")
        if not user.groups.filter(pk=moderators.pk).exists():
            user.groups.add(moderators)
            created.append("moderator → group Moderators")
    return user


def _model(namespace: Namespace, demo: DemoModel, created: list[str]) -> None:
    if AIModel.objects.filter(namespace=namespace, model_id=demo.model_id).exists():
        return
    about = READMES[demo.model_id]
    readme = README.format(
        title=about.title,
        description=demo.description,
        overview=about.overview,
        usage=about.usage,
        links="\n".join(f"- [{text}]({url})" for text, url in about.links),
        task=Task(demo.task).label,
        **_hardware_and_region_titles(demo.region, demo.hardware),
    )
    aimodel_create(
        namespace=namespace,
        data={
            "model_id": demo.model_id,
            "description": demo.description,
            "model_definition": demo.definition,
            "configuration": demo.configuration,
            "task": demo.task,
            "visibility": demo.visibility,
            "region": demo.region,
            "hardware": demo.hardware,
            "readme": readme,
            "source_url": demo.source_url,
            "documentation_url": DEFINITIONS[demo.definition]["documentation_url"],
            "license": demo.license,
            "tags": list(demo.tags),
            "profile_image": demo_image(demo.model_id),
        },
        actor=None,
        source="admin",
    )
    created.append(f"model {namespace.namespace_id}/{demo.model_id}")
