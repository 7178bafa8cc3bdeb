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
              "https://github.com/pytorch/vision"),
    DemoModel("alice", "yolov7", "YOLOv7 object detector, work in progress.", "container",
              Task.DETECTION, Visibility.PRIVATE, LOCAL, "GPU", license="GPL-3.0-only",
              source_url="https://github.com/WongKinYiu/yolov7"),
    DemoModel("alice", "paddle-ocr", "Text detection and recognition for scanned documents.", "github",
              Task.OCR, Visibility.PUBLIC, GCP, "CPU",
              {"repository": "instill-ai/model-paddle-ocr", "tag": "v2.1"}, "Apache-2.0",
              "https://github.com/PaddlePaddle/PaddleOCR"),
    DemoModel("bob", "whisper-small", "Whisper speech recognition, small English model.", "huggingface",
              Task.SPEECH_RECOGNITION, Visibility.PUBLIC, LOCAL, "CPU",
              {"repo_id": "openai/whisper-small", "revision": "main"}, "MIT",
              "https://huggingface.co/openai/whisper-small"),
    DemoModel("bob", "garage-embeddings", "Sentence embeddings on Bob's own workstation GPU.", "huggingface",
              Task.EMBEDDING, Visibility.PRIVATE, LOCAL, "rtx-4090",
              {"repo_id": "sentence-transformers/all-MiniLM-L6-v2"}, "Apache-2.0",
              "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2"),
    DemoModel("acme", "llama-chat", "Acme's customer-support assistant.", "huggingface",
              Task.CHAT, Visibility.PRIVATE, GCP, "NVIDIA_A100_80G",
              {"repo_id": "meta-llama/Llama-3.1-8B-Instruct", "revision": "main"}, "Llama-3",
              "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct"),
    DemoModel("acme", "stable-diffusion-xl",
              "Product shots from a text prompt.\nBase model only: no refiner, 1024 × 1024 pixels.", "huggingface",
              Task.TEXT_TO_IMAGE, Visibility.PUBLIC, GCP, "NVIDIA_L4",
              {"repo_id": "stabilityai/stable-diffusion-xl-base-1.0"}, "OpenRAIL",
              "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0"),
    DemoModel("acme", "defect-segmentation", "Segments surface defects on the production line.", "container",
              Task.INSTANCE_SEGMENTATION, Visibility.PUBLIC, LOCAL, "jetson-orin", license="Other",
              source_url="https://github.com/openvinotoolkit/anomalib"),
)  # fmt: skip

README = """# {title}

{description}

{overview}

## Usage

{usage}

## Details

| Setting | Value |
|---|---|
| Task | {task} |
| Hardware | {hardware} in {region} |

## Links

{links}
"""


@dataclass(frozen=True)
class DemoReadme:
    """What a model's README says beyond its description: the model's real name, what it is,
    how one calls it, and where it comes from (real public repositories)."""

    title: str
    overview: str
    usage: str
    links: tuple[tuple[str, str], ...]


def _python(code: str) -> str:
    return f"```python\n{code.strip()}\n```"


READMES = {
    "resnet-50": DemoReadme(
        "ResNet-50",
        "A 50-layer residual network (He et al., 2015) trained on ImageNet-1k. It is a common baseline for "
        "image classification and a backbone for detection and segmentation.",
        _python("""
import torch
from torchvision.models import resnet50, ResNet50_Weights

weights = ResNet50_Weights.IMAGENET1K_V2
model = resnet50(weights=weights).eval()
batch = weights.transforms()(image).unsqueeze(0)
label = weights.meta["categories"][model(batch).argmax().item()]
"""),
        (
            ("Paper: Deep Residual Learning for Image Recognition", "https://arxiv.org/abs/1512.03385"),
            ("Original models", "https://github.com/KaimingHe/deep-residual-networks"),
            ("torchvision implementation", "https://github.com/pytorch/vision"),
        ),
    ),
    "yolov7": DemoReadme(
        "YOLOv7",
        "Real-time object detector. This is a fine-tune on our warehouse images, still in progress: "
        "expect missed pallets in low light.",
        "```bash\npython detect.py --weights yolov7.pt --conf 0.25 --img-size 640 --source images/\n```",
        (("Upstream repository", "https://github.com/WongKinYiu/yolov7"),),
    ),
    "paddle-ocr": DemoReadme(
        "PaddleOCR",
        "Text detection and recognition (PP-OCR) for scanned invoices and forms, in English and Chinese.",
        _python("""
from paddleocr import PaddleOCR

ocr = PaddleOCR(lang="en")
for line in ocr.ocr("invoice.png")[0]:
    print(line[1][0])
"""),
        (("Upstream repository", "https://github.com/PaddlePaddle/PaddleOCR"),),
    ),
    "whisper-small": DemoReadme(
        "Whisper (small, English)",
        "OpenAI's Whisper speech recognition model, small size (244 M parameters), for English audio.",
        _python("""
from transformers import pipeline

asr = pipeline("automatic-speech-recognition", model="openai/whisper-small")
print(asr("meeting.wav")["text"])
"""),
        (
            ("Model card", "https://huggingface.co/openai/whisper-small"),
            ("Upstream repository", "https://github.com/openai/whisper"),
        ),
    ),
    "garage-embeddings": DemoReadme(
        "all-MiniLM-L6-v2 sentence embeddings",
        "384-dimensional sentence embeddings for semantic search over my notes, served from my own workstation.",
        _python("""
from sentence_transformers import SentenceTransformer

model = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")
vectors = model.encode(["How do I reset the router?", "Router reset steps"])
"""),
        (
            ("Model card", "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2"),
            ("Sentence Transformers", "https://github.com/UKPLab/sentence-transformers"),
        ),
    ),
    "llama-chat": DemoReadme(
        "Llama 3.1 8B Instruct",
        "Acme's customer-support assistant: Meta's Llama 3.1 8B Instruct with our support prompt. "
        "Internal only; answers are reviewed before they reach customers.",
        _python("""
from transformers import pipeline

chat = pipeline("text-generation", model="meta-llama/Llama-3.1-8B-Instruct")
reply = chat([{"role": "user", "content": "My order has not arrived."}], max_new_tokens=200)
"""),
        (
            ("Model card", "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct"),
            ("Upstream repository", "https://github.com/meta-llama/llama-models"),
        ),
    ),
    "stable-diffusion-xl": DemoReadme(
        "Stable Diffusion XL",
        "Stability AI's SDXL 1.0 base model, used for product shots from a text prompt.",
        _python("""
import torch
from diffusers import StableDiffusionXLPipeline

pipe = StableDiffusionXLPipeline.from_pretrained(
    "stabilityai/stable-diffusion-xl-base-1.0", torch_dtype=torch.float16
).to("cuda")
image = pipe("a red sneaker on a white background, studio light").images[0]
"""),
        (
            ("Model card", "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0"),
            ("Upstream repository", "https://github.com/Stability-AI/generative-models"),
        ),
    ),
    "defect-segmentation": DemoReadme(
        "Surface defect segmentation",
        "Finds scratches, dents and stains on painted panels at the end of line 3. Trained with Anomalib on "
        "images of good parts only; a pixel mask marks each defect.",
        "```bash\nanomalib predict --model Padim --ckpt_path weights/model.ckpt --data_path line3/today/\n```",
        (
            ("Anomalib", "https://github.com/openvinotoolkit/anomalib"),
            ("MVTec AD, the benchmark it was tuned on", "https://www.mvtec.com/company/research/datasets/mvtec-ad"),
        ),
    ),
}


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
                "profile_image": demo_image(demo.model_id),
            },
            actor=None,
            source="admin",
        )
        self.created.append(f"model {namespace.namespace_id}/{demo.model_id}")
