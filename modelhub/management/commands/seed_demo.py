"""`manage.py seed_demo`: the demo cast and catalog of the README (spec section 9).

Idempotent: what exists is left alone (passwords and edits made since included), so a
second run writes nothing and says so. Models are created through the service
(`aimodel_create`, source "admin"), like every other model write.
"""

import io
import zlib
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image, ImageDraw

from modelhub.images import image_to_data_uri
from modelhub.models import (
    AIModel,
    Hardware,
    Membership,
    ModelDefinition,
    Namespace,
    NamespaceKind,
    Region,
    ReleaseStage,
    Role,
    Task,
    Visibility,
)
from modelhub.services import (
    aimodel_create,
    definition_create,
    membership_invite,
    membership_set,
    namespace_create,
)

PASSWORD = "modelhub-demo"
GCP, LOCAL = "REGION_GCP_EUROPE_WEST4", "REGION_LOCAL"

# username -> (User fields, {namespace: role})
USERS = {
    "alice": ({}, {"alice": Role.OWNER, "acme": Role.OWNER}),  # acme's owner: she manages its members
    "bob": ({}, {"bob": Role.OWNER}),  # only his own user namespace
    "carol": ({}, {"acme": Role.VIEWER}),
    "moderator": ({"is_staff": True}, {}),
    "admin": ({"is_staff": True, "is_superuser": True}, {}),
}
# (username, organization) -> (role, invited by): pending until the invitee accepts on /settings/account/.
INVITATIONS = {("bob", "acme"): (Role.MEMBER, "alice")}
NAMESPACES = {
    "alice": (NamespaceKind.USER, "Alice"),
    "bob": (NamespaceKind.USER, "Bob"),
    "acme": (NamespaceKind.ORGANIZATION, "Acme Corp."),
}
SCHEMA = "https://json-schema.org/draft/2020-12/schema"
DEFINITIONS = {
    "container": {
        "title": "Container",
        "release_stage": ReleaseStage.GENERALLY_AVAILABLE,
        "documentation_url": "https://www.instill.tech/docs/model/import/container",
        "model_spec": {"$schema": SCHEMA, "type": "object", "additionalProperties": False},
    },
    "github": {
        "title": "GitHub",
        "release_stage": ReleaseStage.BETA,
        "documentation_url": "https://www.instill.tech/docs/model/import/github",
        "model_spec": {
            "$schema": SCHEMA,
            "type": "object",
            "properties": {
                "repository": {
                    "type": "string",
                    "pattern": "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$",
                    "description": "owner/repository on GitHub",
                },
                "tag": {"type": "string", "minLength": 1, "description": "the Git tag to import"},
            },
            "required": ["repository", "tag"],
            "additionalProperties": False,
        },
    },
    "huggingface": {
        "title": "Hugging Face",
        "release_stage": ReleaseStage.ALPHA,
        "documentation_url": "https://www.instill.tech/docs/model/import/huggingface",
        "model_spec": {
            "$schema": SCHEMA,
            "type": "object",
            "properties": {
                "repo_id": {
                    "type": "string",
                    "pattern": "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$",
                    "description": "owner/model on the Hugging Face Hub",
                },
                "revision": {"type": "string", "minLength": 1, "default": "main"},
            },
            "required": ["repo_id"],
            "additionalProperties": False,
        },
    },
}


@dataclass(frozen=True)
class DemoModel:
    namespace: str
    model_id: str
    description: str
    definition: str
    task: str
    visibility: str
    region: str
    hardware: str
    configuration: dict = field(default_factory=dict)
    license: str = ""
    source_url: str = ""


MODELS = (
    DemoModel("alice", "resnet-50",
              "ResNet-50 image classifier trained on ImageNet-1k.\nTop-1 accuracy: 76.1 % at 224 × 224.", "github",
              Task.CLASSIFICATION, Visibility.PUBLIC, GCP, "NVIDIA_TESLA_T4",
              {"repository": "instill-ai/model-resnet-50", "tag": "v1.0"}, "Apache-2.0",
              "https://github.com/instill-ai/model-resnet-50"),
    DemoModel("alice", "yolov7", "YOLOv7 object detector, work in progress.", "container",
              Task.DETECTION, Visibility.PRIVATE, LOCAL, "GPU", license="GPL-3.0-only"),
    DemoModel("alice", "paddle-ocr", "Text detection and recognition for scanned documents.", "github",
              Task.OCR, Visibility.PUBLIC, GCP, "CPU",
              {"repository": "instill-ai/model-paddle-ocr", "tag": "v2.1"}, "Apache-2.0"),
    DemoModel("bob", "whisper-small", "Whisper speech recognition, small English model.", "huggingface",
              Task.SPEECH_RECOGNITION, Visibility.PUBLIC, LOCAL, "CPU",
              {"repo_id": "openai/whisper-small", "revision": "main"}, "MIT",
              "https://huggingface.co/openai/whisper-small"),
    DemoModel("bob", "garage-embeddings", "Sentence embeddings on Bob's own workstation GPU.", "huggingface",
              Task.EMBEDDING, Visibility.PRIVATE, LOCAL, "rtx-4090",
              {"repo_id": "sentence-transformers/all-MiniLM-L6-v2"}, "Apache-2.0"),
    DemoModel("acme", "llama-chat", "Acme's customer-support assistant.", "huggingface",
              Task.CHAT, Visibility.PRIVATE, GCP, "NVIDIA_A100_80G",
              {"repo_id": "meta-llama/Llama-3.1-8B-Instruct", "revision": "main"}, "Llama-3"),
    DemoModel("acme", "stable-diffusion-xl",
              "Product shots from a text prompt.\nBase model only: no refiner, 1024 × 1024 pixels.", "huggingface",
              Task.TEXT_TO_IMAGE, Visibility.PUBLIC, GCP, "NVIDIA_L4",
              {"repo_id": "stabilityai/stable-diffusion-xl-base-1.0"}, "OpenRAIL"),
    DemoModel("acme", "defect-segmentation", "Segments surface defects on the production line.", "container",
              Task.INSTANCE_SEGMENTATION, Visibility.PUBLIC, LOCAL, "jetson-orin", license="Other"),
)  # fmt: skip

README = """# {title}

{description}

## Usage

Send an image or a prompt to the model's trigger endpoint, for example:

```bash
curl -X POST https://api.example.com/v1alpha/namespaces/{namespace}/models/{model_id}/trigger \\
  -H "Authorization: Bearer $MODELHUB_TOKEN" -d @input.json
```

## Details

| Setting | Value |
|---|---|
| Task | {task} |
| Hardware | {hardware} in {region} |

*Demo data created by `manage.py seed_demo`.*
"""


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


class Command(BaseCommand):
    help = "Create the demo users, namespaces, model definitions and models (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        self.created: list[str] = []
        users = {username: self._user(username, flags) for username, (flags, _) in USERS.items()}
        owners = {ns_id: users[name] for name, (_, roles) in USERS.items() for ns_id, role in roles.items()
                  if role == Role.OWNER}  # fmt: skip
        namespaces = {
            ns_id: self._namespace(ns_id, kind, title, owners.get(ns_id)) for ns_id, (kind, title) in NAMESPACES.items()
        }
        for username, (_, roles) in USERS.items():
            for ns_id, role in roles.items():
                if not Membership.objects.filter(namespace=namespaces[ns_id], user=users[username]).exists():
                    membership_set(namespace=namespaces[ns_id], user=users[username], role=role)
                    self.created.append(f"membership {username} → {ns_id} ({role})")
        for (username, ns_id), (role, inviter) in INVITATIONS.items():
            if not Membership.objects.filter(namespace=namespaces[ns_id], user=users[username]).exists():
                membership_invite(
                    namespace=namespaces[ns_id], user=users[username], role=role, actor=users[inviter], source="admin"
                )
                self.created.append(f"invitation {username} → {ns_id} ({role}, pending)")
        for definition_id, fields in DEFINITIONS.items():
            if not ModelDefinition.objects.filter(definition_id=definition_id).exists():
                definition_create(definition_id=definition_id, **fields)
                self.created.append(f"model definition {definition_id}")
        for demo in MODELS:
            self._model(namespaces[demo.namespace], demo)
        if self.created:
            self.stdout.write(self.style.SUCCESS(f"Demo data: created {len(self.created)} object(s):"))
            for line in self.created:
                self.stdout.write(f"  {line}")
            self.stdout.write(f"Sign in as alice, bob, carol, moderator or admin with the password {PASSWORD!r}.")
        else:
            self.stdout.write("Demo data already present; nothing changed.")

    def _namespace(self, namespace_id: str, kind: str, title: str, owner) -> Namespace:
        namespace = Namespace.objects.filter(namespace_id=namespace_id).first()
        if namespace is None:
            namespace = namespace_create(namespace_id=namespace_id, kind=kind, display_name=title, owner=owner)
            self.created.append(f"namespace {namespace_id}")
            if owner is not None:
                self.created.append(f"membership {owner.username} → {namespace_id} ({Role.OWNER})")
        return namespace

    def _user(self, username: str, flags: dict):
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(
                username=username, email=f"{username}@example.com", password=PASSWORD, **flags
            )
            self.created.append(f"user {username}")
        if username == "moderator":
            moderators = Group.objects.get(name="Moderators")
            if not user.groups.filter(pk=moderators.pk).exists():
                user.groups.add(moderators)
                self.created.append("moderator → group Moderators")
        return user

    def _model(self, namespace: Namespace, demo: DemoModel) -> None:
        if AIModel.objects.filter(namespace=namespace, model_id=demo.model_id).exists():
            return
        title = demo.model_id.replace("-", " ").title()
        readme = README.format(
            title=title,
            description=demo.description,
            namespace=namespace.namespace_id,
            model_id=demo.model_id,
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
                "profile_image": demo_image(demo.model_id),
            },
            actor=None,
            source="admin",
        )
        self.created.append(f"model {namespace.namespace_id}/{demo.model_id}")
