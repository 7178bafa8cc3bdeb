"""The bench's data: 100,000 models with realistic field sizes, written with bulk_create.

This is test data, like tests/factories.py: it is written directly (bulk_create) rather
than through the service, which would take an hour for 100,000 rows and is not what is
measured. The rows the scenarios edit are changed through the product's own surfaces.
"""

import base64
import io
import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter

from modelhub.models import (
    AIModel,
    AuditEntry,
    Membership,
    ModelDefinition,
    Namespace,
    NamespaceKind,
    Role,
    Task,
    Visibility,
)
from modelhub.services import token_create
from tests.factories import GITHUB_SPEC

BATCH = 5_000
BIG_NAMESPACE = "acme"
SMALL_NAMESPACES = 100
MODELS_PER_SMALL_NAMESPACE = 100
README_SHARE = 0.30  # rows with a README of a few KB
IMAGE_SHARE = 0.03  # rows with a ~30 KB profile image (3,000 rows: ~90 MB of base64)

HUGGINGFACE_SPEC = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "repo_id": {"type": "string", "minLength": 1, "maxLength": 96},
        "revision": {"type": "string", "default": "main"},
        "trust_remote_code": {"type": "boolean"},
        "max_batch_size": {"type": "integer", "minimum": 1, "maximum": 1024},
    },
    "required": ["repo_id"],
    "additionalProperties": False,
}


@dataclass
class BenchData:
    owner: object  # alice: owner of namespace alice, member of acme (a normal user)
    staff: object  # admin: superuser, for the Django admin scenarios
    token: str  # alice's raw API token
    patch_target: AIModel  # alice/bench-patch: PATCHed by API, bare view and admin
    page_target: AIModel  # alice/bench-page: edit page vs admin change page
    github: ModelDefinition
    total_models: int


def profile_image_data_uri() -> str:
    """A ~30 KB JPEG data URI, like the ones image_to_data_uri stores."""
    rng = random.Random(7)
    im = Image.linear_gradient("L").resize((512, 512)).convert("RGB")
    draw = ImageDraw.Draw(im)
    for _ in range(40):
        x, y = rng.randrange(512), rng.randrange(512)
        r = rng.randrange(10, 90)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    im = im.filter(ImageFilter.GaussianBlur(1))
    noise = Image.merge("RGB", [Image.effect_noise((512, 512), 40)] * 3)
    im = Image.blend(im, noise, 0.12)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode()


def readme_text(n: int) -> str:
    para = (
        f"## Model {n}\n\nThis model was trained on a curated dataset and is served from the hub. "
        "It supports batched inference, mixed precision and the usual preprocessing steps. "
        "See the documentation for the expected input shapes and the license for the terms of use.\n\n"
        "```python\nfrom client import Model\nmodel = Model('example')\nprint(model.predict(inputs))\n```\n\n"
    )
    return para * (5 + n % 8)  # ~2–5 KB


def _users():
    User = get_user_model()
    owner = User.objects.create_user("alice", "alice@example.com", "unused-bench-password")
    staff = User.objects.create_superuser("admin", "admin@example.com", "unused-bench-password")
    return owner, staff


def _definitions():
    container = ModelDefinition.objects.create(
        definition_id="container", title="Container", model_spec={"type": "object", "additionalProperties": False}
    )
    github = ModelDefinition.objects.create(definition_id="github", title="GitHub", model_spec=GITHUB_SPEC)
    hf = ModelDefinition.objects.create(definition_id="huggingface", title="Hugging Face", model_spec=HUGGINGFACE_SPEC)
    return container, github, hf


def _row(i: int, namespace: Namespace, defs, created, image: str) -> AIModel:
    container, github, hf = defs
    kind = i % 3
    definition, configuration = (
        (container, {}),
        (github, {"repository": f"org{i % 97}/model-{i}", "tag": f"v{i % 9}.{i % 5}"}),
        (hf, {"repo_id": f"org{i % 97}/model-{i}", "revision": "main", "max_batch_size": 8}),
    )[kind]
    local = i % 4 == 0
    return AIModel(
        namespace=namespace,
        model_id=f"model-{i:06d}",
        description=f"Model {i}: a {Task.values[i % 13].lower()[5:]} model for the benchmark, version {i % 17}."[:1023],
        model_definition=definition,
        configuration=configuration,
        task=Task.values[i % 13],
        visibility=Visibility.PUBLIC if i % 10 < 7 else Visibility.PRIVATE,
        region_id="REGION_LOCAL" if local else "REGION_GCP_EUROPE_WEST4",
        hardware=("GPU" if i % 8 == 0 else "CPU") if local else ("NVIDIA_L4" if i % 3 else "CPU"),
        readme=readme_text(i) if (i * 7919) % 100 < README_SHARE * 100 else "",
        source_url=f"https://github.com/org{i % 97}/model-{i}",
        documentation_url="",
        license=("Apache-2.0", "MIT", "")[i % 3],
        profile_image=image if (i * 104729) % 1000 < IMAGE_SHARE * 1000 else "",
        create_time=created,
        update_time=created,
    )


def seed(total_models: int = 100_000, progress=print) -> BenchData:
    owner, staff = _users()
    defs = _definitions()
    alice_ns = Namespace.objects.create(namespace_id="alice", kind=NamespaceKind.USER)
    acme = Namespace.objects.create(namespace_id=BIG_NAMESPACE, kind=NamespaceKind.ORGANIZATION)
    Membership.objects.create(namespace=alice_ns, user=owner, role=Role.OWNER)
    Membership.objects.create(namespace=acme, user=owner, role=Role.MEMBER)
    smalls = Namespace.objects.bulk_create(
        Namespace(namespace_id=f"org-{n:03d}", kind=NamespaceKind.ORGANIZATION) for n in range(SMALL_NAMESPACES)
    )
    small_rows = min(SMALL_NAMESPACES * MODELS_PER_SMALL_NAMESPACE, total_models // 10)
    image = profile_image_data_uri()
    start = timezone.now() - timedelta(days=730)
    step = timedelta(days=730) / max(total_models, 1)

    # create_time is auto_now_add; seeded rows get a spread of past times instead.
    field = AIModel._meta.get_field("create_time")
    field.auto_now_add = False
    try:
        batch: list[AIModel] = []
        for i in range(total_models):
            namespace = smalls[i % SMALL_NAMESPACES] if i < small_rows else acme
            created = start + step * i + timedelta(microseconds=i % 997)
            batch.append(_row(i, namespace, defs, created, image))
            if len(batch) == BATCH:
                AIModel.objects.bulk_create(batch)
                batch = []
                if (i + 1) % 25_000 == 0:
                    progress(f"  {i + 1:,} models")
        if batch:
            AIModel.objects.bulk_create(batch)
        container, github, hf = defs
        now = timezone.now()
        targets = AIModel.objects.bulk_create(
            AIModel(
                namespace=alice_ns,
                model_id=model_id,
                description="The model the benchmark edits.",
                model_definition=github,
                configuration={"repository": "alice/bench", "tag": "v1.0"},
                task=Task.CLASSIFICATION,
                visibility=Visibility.PUBLIC,
                region_id="REGION_GCP_EUROPE_WEST4",
                hardware="NVIDIA_L4",
                readme=readme_text(3),
                source_url="https://github.com/alice/bench",
                license="Apache-2.0",
                profile_image=image,
                create_time=now,
                update_time=now,
            )
            for model_id in ("bench-patch", "bench-page")
        )
    finally:
        field.auto_now_add = True
    AuditEntry.objects.bulk_create(
        AuditEntry(aimodel=t, actor=owner, source="web", changes={"description": {"old": f"v{n}", "new": f"v{n + 1}"}})
        for t in targets
        for n in range(10)
    )
    _, raw = token_create(user=owner, name="bench")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does shortly after a bulk load (PostgreSQL 13+ vacuums after
            # inserts too): statistics, and the visibility map that lets a COUNT read an
            # index alone.
            cursor.execute("VACUUM ANALYZE")
    return BenchData(
        owner=owner,
        staff=staff,
        token=raw,
        patch_target=targets[0],
        page_target=targets[1],
        github=defs[1],
        total_models=AIModel.objects.count(),
    )
