"""Who and what the demo holds: users and their roles, namespaces, an invitation, the model
definitions and the models."""

from dataclasses import dataclass, field

from modelhub.models import NamespaceKind, ReleaseStage, Role, Task, Visibility

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
    tags: tuple[str, ...] = ()


MODELS = (
    DemoModel("alice", "resnet-50",
              "ResNet-50 image classifier trained on ImageNet-1k.\nTop-1 accuracy: 76.1 % at 224 × 224.", "github",
              Task.CLASSIFICATION, Visibility.PUBLIC, GCP, "NVIDIA_TESLA_T4",
              {"repository": "instill-ai/model-resnet-50", "tag": "v1.0"}, "Apache-2.0",
              "https://github.com/pytorch/vision"),
    DemoModel("alice", "yolov7", "YOLOv7 object detector, work in progress.", "container",
              Task.DETECTION, Visibility.PRIVATE, LOCAL, "GPU", license="GPL-3.0-only",
              source_url="https://github.com/WongKinYiu/yolov7", tags=("object-detection", "yolo")),
    DemoModel("alice", "paddle-ocr", "Text detection and recognition for scanned documents.", "github",
              Task.OCR, Visibility.PUBLIC, GCP, "CPU",
              {"repository": "instill-ai/model-paddle-ocr", "tag": "v2.1"}, "Apache-2.0",
              "https://github.com/PaddlePaddle/PaddleOCR", ("ocr", "documents", "paddlepaddle")),
    DemoModel("bob", "whisper-small", "Whisper speech recognition, small English model.", "huggingface",
              Task.SPEECH_RECOGNITION, Visibility.PUBLIC, LOCAL, "CPU",
              {"repo_id": "openai/whisper-small", "revision": "main"}, "MIT",
              "https://huggingface.co/openai/whisper-small", ("speech", "english", "transformers")),
    DemoModel("bob", "garage-embeddings", "Sentence embeddings on Bob's own workstation GPU.", "huggingface",
              Task.EMBEDDING, Visibility.PRIVATE, LOCAL, "rtx-4090",
              {"repo_id": "sentence-transformers/all-MiniLM-L6-v2"}, "Apache-2.0",
              "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2"),
    DemoModel("acme", "llama-chat", "Acme's customer-support assistant.", "huggingface",
              Task.CHAT, Visibility.PRIVATE, GCP, "NVIDIA_A100_80G",
              {"repo_id": "meta-llama/Llama-3.1-8B-Instruct", "revision": "main"}, "Llama-3",
              "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct", ("llm", "support")),
    DemoModel("acme", "stable-diffusion-xl",
              "Product shots from a text prompt.\nBase model only: no refiner, 1024 × 1024 pixels.", "huggingface",
              Task.TEXT_TO_IMAGE, Visibility.PUBLIC, GCP, "NVIDIA_L4",
              {"repo_id": "stabilityai/stable-diffusion-xl-base-1.0"}, "OpenRAIL",
              "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0", ("diffusers", "image-generation")),
    DemoModel("acme", "defect-segmentation", "Segments surface defects on the production line.", "container",
              Task.INSTANCE_SEGMENTATION, Visibility.PUBLIC, LOCAL, "jetson-orin", license="Other",
              source_url="https://github.com/openvinotoolkit/anomalib", tags=("anomaly-detection", "manufacturing")),
)  # fmt: skip
