"""Schemathesis against the OpenAPI document: every operation, in process (WSGI), as alice.

Positive mode (requests valid by the document) must never be refused with 400/405/412... and
negative mode (requests the document calls invalid) must be refused; in both modes no answer
is a 5xx, and every answer (status, content type, headers, body) is one the document states.
Each example runs in a transaction that is rolled back, so every example sees the same data.

The document cannot state rules that depend on stored data or on grammars richer than a
pattern (the definition must exist and the configuration satisfy its modelSpec, the hardware
must belong to the region, a URL needs a real host name, an image must decode, a page token
is one the server issued). In positive mode `valid_values` puts such values right, the way a
client reads them from GET /v1alpha/model-definitions and /v1alpha/available-regions; the
requests are otherwise what schemathesis generated.

Positive requests name alice's model by its ID, by its former ID (an alias kept by a rename)
or in other letter case, so the routes that answer those with a 301 are checked against the
document too. The checks that matter most are named on: `status_code_conformance` (no status
the document does not declare) and `negative_data_rejection` (a request the document calls
invalid is refused, never accepted).

Bounded: a few examples per operation and mode; the run takes seconds, not minutes.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from PIL import Image
from schemathesis.config import SchemathesisConfig

from modelhub.images import image_to_data_uri
from modelhub.services import aimodel_rename, token_create
from tests.factories import AIModelFactory
from tests.security_input_support import png

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 10
CONFIG = {
    "suppress-health-check": ["all"],
    "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    "checks": {
        "status_code_conformance": {"enabled": True},
        "not_a_server_error": {"enabled": True},
        "response_schema_conformance": {"enabled": True},
        # 301: an alias or other letter case, answered with the model's URL; 412: a well-formed
        # If-Match that names another version is a refusal of the state, not of the request.
        "positive_data_acceptance": {"expected-statuses": ["2xx", "301", "304", "401", "403", "404", "409", "412"]},
        # Never 412: an If-Match the document calls invalid is refused as a bad request (400).
        "negative_data_rejection": {
            "enabled": True,
            "expected-statuses": ["400", "401", "403", "404", "405", "413", "415"],
        },
    },
}
VALID_URL = "https://example.com/model"


@pytest.fixture
def api_schema():
    """The served document, called in process. As Django's test client does, requests do not close
    the database connection (it holds the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        config = SchemathesisConfig.from_dict(CONFIG)
        yield schemathesis.openapi.from_wsgi("/v1alpha/openapi.json", get_wsgi_application(), config=config)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def world(alice, alice_ns, acme, container, github):
    """alice's public model `resnet-2` (a container model with an image; `resnet` is its former ID),
    acme's private one, a token."""
    image = image_to_data_uri(png(Image.new("RGB", (8, 8), (20, 120, 200))))
    resnet = AIModelFactory(namespace=alice_ns, model_id="resnet", model_definition=container)
    resnet.profile_image = image
    resnet.save(update_fields=["profile_image"])
    AIModelFactory(namespace=acme, model_id="secret", visibility="VISIBILITY_PRIVATE", model_definition=container)
    resnet = aimodel_rename(aimodel=resnet, new_model_id="resnet-2", actor=alice, source="api")  # resnet: an alias
    return {"model": resnet, "token": token_create(user=alice, name="schemathesis")[1]}


def valid_values(case, world) -> None:
    """Positive mode: the data-dependent values made right (see the module's docstring)."""
    resnet = world["model"]
    params = case.path_parameters or {}
    if "namespace" in params:
        params["namespace"] = "alice"
    if "model" in params:  # its ID, its former ID and other letter case in turn
        world["calls"] = world.get("calls", 0) + 1
        params["model"] = ("resnet-2", "resnet", "ResNet-2")[world["calls"] % 3]
    if "uid" in params:
        params["uid"] = str(resnet.uid)
    if "definition" in params:
        params["definition"] = "container"
    query = case.query or {}
    query.pop("page_token", None)
    if isinstance(case.body, dict):
        body = case.body
        for key in ("modelDefinition", "model_definition"):
            if key in body:
                body[key] = "model-definitions/container"
        if "configuration" in body:
            body["configuration"] = {}
        if "region" in body:
            body["region"] = "REGION_LOCAL"
        if "hardware" in body:
            body["hardware"] = "CPU"  # a hardware of every region
        for key in ("sourceUrl", "source_url", "documentationUrl", "documentation_url"):
            if body.get(key):
                body[key] = VALID_URL
        if body.get("url"):  # a webhook's receiver: a host that resolves (loopback is allowed in development)
            body["url"] = "http://127.0.0.1:9/hook"
        for key in ("profileImage", "profile_image"):
            if body.get(key):
                body[key] = resnet.profile_image
        if "update_mask" in query:  # a masked field absent from the body is cleared: keep the mask to the body
            query["update_mask"] = ",".join(key for key in body if key in query["update_mask"].split(",")) or None
            if query["update_mask"] is None:
                del query["update_mask"]


@schema.parametrize()
def test_api_answers_as_documented(case, world):
    if case.meta.generation.mode.is_positive:
        valid_values(case, world)
    with transaction.atomic():
        case.call_and_validate(headers={"Authorization": f"Bearer {world['token']}"})
        transaction.set_rollback(True)
