import io
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from modelhub.models import AIModel, AuditEntry, Membership, ModelDefinition, Namespace
from modelhub.permissions import is_staff_moderator

pytestmark = pytest.mark.django_db

PASSWORD = "modelhub-demo"


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict:
    models = (get_user_model(), Namespace, Membership, ModelDefinition, AIModel, AuditEntry)
    return {model.__name__: model.objects.count() for model in models}


def test_seed_demo_creates_the_demo_cast():
    output = seed()
    assert "created" in output
    users = {user.username: user for user in get_user_model().objects.all()}
    assert set(users) == {"alice", "bob", "carol", "moderator", "admin"}
    assert all(user.check_password(PASSWORD) for user in users.values())
    roles = set(Membership.objects.values_list("user__username", "namespace__namespace_id", "role", "state"))
    active, pending = "MEMBERSHIP_STATE_ACTIVE", "MEMBERSHIP_STATE_PENDING"
    assert roles == {
        ("alice", "alice", "owner", active),
        ("alice", "acme", "owner", active),
        ("bob", "bob", "owner", active),  # a user's own namespace has the user as owner
        ("carol", "acme", "viewer", active),
        ("bob", "acme", "member", pending),  # invited by alice, not yet accepted
    }
    assert is_staff_moderator(users["moderator"]) and not users["moderator"].is_superuser
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not any(users[name].is_staff for name in ("alice", "bob", "carol"))
    assert dict(Namespace.objects.values_list("namespace_id", "kind")) == {
        "alice": "USER",
        "bob": "USER",
        "acme": "ORGANIZATION",
    }


def test_seed_demo_definitions_and_models():
    seed()
    assert set(ModelDefinition.objects.values_list("definition_id", flat=True)) == {
        "container",
        "github",
        "huggingface",
    }
    assert ModelDefinition.objects.get(definition_id="container").model_spec["additionalProperties"] is False
    assert ModelDefinition.objects.get(definition_id="github").model_spec["required"] == ["repository", "tag"]
    models = list(AIModel.objects.select_related("namespace"))
    for namespace in ("alice", "bob", "acme"):
        mine = [m for m in models if m.namespace.namespace_id == namespace]
        assert {m.visibility for m in mine} == {"VISIBILITY_PUBLIC", "VISIBILITY_PRIVATE"}, namespace
    assert len({m.task for m in models}) >= 5
    assert {m.region_id for m in models} == {"REGION_GCP_EUROPE_WEST4", "REGION_LOCAL"}
    assert any(m.region_id == "REGION_LOCAL" and m.hardware not in ("CPU", "GPU") for m in models)
    assert all(m.readme.startswith("# ") and m.profile_image.startswith("data:image/") for m in models)
    assert {m.model_definition_id for m in models} == {"container", "github", "huggingface"}
    # Created through the service: one "create" audit entry per model, source admin, no actor.
    assert set(AuditEntry.objects.values_list("action", "source", "actor")) == {("create", "admin", None)}
    assert AuditEntry.objects.count() == len(models)


def test_seed_demo_is_idempotent():
    seed()
    before = counts()
    snapshot = list(AIModel.objects.order_by("uid").values("uid", "update_time", "description"))
    passwords = dict(get_user_model().objects.values_list("username", "password"))
    output = seed()
    assert "nothing changed" in output
    assert counts() == before
    assert list(AIModel.objects.order_by("uid").values("uid", "update_time", "description")) == snapshot
    assert dict(get_user_model().objects.values_list("username", "password")) == passwords


def test_seed_demo_leaves_edits_alone_and_fills_what_is_missing(alice_ns, aimodel):
    # alice and her namespace exist already (as after a partial seed or a manual setup)
    seed()
    assert AIModel.objects.filter(pk=aimodel.pk).exists()
    assert get_user_model().objects.get(username="alice").check_password(PASSWORD) is False  # not reset
    assert Membership.objects.filter(user__username="alice", namespace__namespace_id="acme").exists()


def test_seed_demo_readmes_name_hardware_and_region_by_their_titles():
    seed()
    resnet = AIModel.objects.get(namespace__namespace_id="alice", model_id="resnet-50")
    assert "| Hardware | NVIDIA Tesla T4 in GCP europe-west4 |" in resnet.readme
    assert not [m.model_id for m in AIModel.objects.all() if "REGION_" in m.readme or "NVIDIA_" in m.readme]


def test_seed_demo_readmes_read_like_real_model_cards():
    seed()
    readmes = {m.model_id: m.readme for m in AIModel.objects.all()}
    assert readmes["stable-diffusion-xl"].startswith("# Stable Diffusion XL\n")
    assert readmes["paddle-ocr"].startswith("# PaddleOCR\n")
    assert readmes["resnet-50"].startswith("# ResNet-50\n")
    for model_id, readme in readmes.items():
        assert "## Usage" in readme and "## Links" in readme, model_id
        assert "example.com" not in readme and "seed_demo" not in readme and "Demo data" not in readme, model_id
    hosts = {"github.com", "huggingface.co", "arxiv.org", "www.mvtec.com"}
    links = [url for m in AIModel.objects.all() for url in re.findall(r"\]\((https://[^)]+)\)", m.readme)]
    links += [m.source_url for m in AIModel.objects.all()]
    assert links and all(urlsplit(url).hostname in hosts for url in links), links
