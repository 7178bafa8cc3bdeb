import io
import os
import shutil
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from modelhub.models import Role, Visibility
from modelhub.services import report_create
from tests.configuration_support import DEMO_SPECS, TITLES
from tests.factories import (
    AIModelFactory,
    MembershipFactory,
    ModelDefinitionFactory,
    NamespaceFactory,
    UserFactory,
    user_with_namespace,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config):
    from django.conf import settings

    # Factories and logins hash passwords: a fast hasher keeps the suite quick (tests only).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    """Browser tests need Chromium: in CI its absence is a failure, elsewhere a loud skip."""
    if os.path.exists(CHROMIUM) or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"BROWSER TESTS SKIPPED: {CHROMIUM} not found (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config):
    return f"chromium: {CHROMIUM if os.path.exists(CHROMIUM) else 'MISSING'}; database: {_db_vendor()}"


def _db_vendor() -> str:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": shutil.which("chromium") or CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The database cache is a table but not a model: create it."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


# --- people and places (the spec's demo cast, built by factories) -------------------


@pytest.fixture
def alice(db):
    return user_with_namespace("alice")[0]


@pytest.fixture
def alice_ns(alice):
    return alice.namespaces.get(namespace_id="alice")


@pytest.fixture
def bob(db):
    """Signed in, no memberships: an outsider to alice's and acme's models."""
    return UserFactory(username="bob")


@pytest.fixture
def acme(db, alice):
    namespace = NamespaceFactory(namespace_id="acme")
    MembershipFactory(namespace=namespace, user=alice, role=Role.MEMBER)
    return namespace


@pytest.fixture
def carol(db, acme):
    """A viewer in acme: reads its private models, edits nothing."""
    user = UserFactory(username="carol")
    MembershipFactory(namespace=acme, user=user, role=Role.VIEWER)
    return user


@pytest.fixture
def moderator(db):
    user = UserFactory(username="moderator", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def container(db):
    return ModelDefinitionFactory(definition_id="container")


@pytest.fixture
def github(db):
    return ModelDefinitionFactory(definition_id="github")


@pytest.fixture
def aimodel(alice_ns, container):
    """A public model in alice's namespace."""
    return AIModelFactory(namespace=alice_ns, model_id="resnet", model_definition=container)


@pytest.fixture
def private_model(acme, container):
    """A private model of the acme organization."""
    return AIModelFactory(namespace=acme, model_id="secret", visibility=Visibility.PRIVATE, model_definition=container)


@pytest.fixture
def report(aimodel, bob):
    """An open report by bob on alice's public model."""
    return report_create(aimodel=aimodel, reporter=bob, reason="spam", text="Links to a scam")


@pytest.fixture(params=[True, False], ids=["compiled", "orm"])
def compiled_queries(request, settings):
    """Runs the test twice: with the API's compiled reads, then with every read through the ORM
    (settings.MODELHUB_COMPILED_QUERIES off), so both paths answer the same."""
    settings.MODELHUB_COMPILED_QUERIES = request.param
    return request.param


@pytest.fixture(autouse=True)
def _reseed_after_flush(request):
    """A transactional test (live server, browser) flushes the database when it ends, and the
    rows the data migrations seeded (region catalog, Moderators group) go with it: re-run those
    migrations' RunPython code before the next transactional test."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if not (transactional or {"transactional_db", "live_server"} & set(request.fixturenames)):
        return
    request.getfixturevalue("transactional_db")
    cache.clear()  # the database cache's table is not a model: flush keeps it
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.operations import RunPython

    from modelhub.models import Region

    if Region.objects.exists():
        return
    loader = MigrationExecutor(connection).loader
    for key in loader.graph.forwards_plan(loader.graph.leaf_nodes("modelhub")[0]):
        operations = loader.graph.nodes[key].operations
        # Data only: a schema change's RunPython (the search index) outlives a flush.
        code = [op.code for op in operations if isinstance(op, RunPython) and not op.hints.get("schema_change")]
        if key[0] == "modelhub" and code:
            state_apps = loader.project_state(key, at_end=False).apps
            for run in code:
                run(state_apps, None)


@pytest.fixture
def open_definition(db):
    """A definition that accepts any JSON object: only the rules' own limits apply."""
    return ModelDefinitionFactory(definition_id="open", model_spec={"type": "object"})


@pytest.fixture
def demo_data(db):
    """The demo data exactly as `manage.py seed_demo` writes it (multi-line READMEs and
    descriptions, images): the command's own code, run in the test database."""
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def demo_definitions(db):
    """The demo's three model definitions (container, GitHub, Hugging Face) with their schemas."""
    return {
        name: ModelDefinitionFactory(definition_id=name, title=TITLES[name], model_spec=spec)
        for name, spec in DEMO_SPECS.items()
    }


@pytest.fixture
def gh_model(alice_ns, demo_definitions):
    """alice's resnet-50 on the GitHub definition, with a repository and a tag."""
    return AIModelFactory(
        namespace=alice_ns,
        model_id="resnet-50",
        model_definition=demo_definitions["github"],
        configuration={"repository": "instill-ai/model-resnet-50", "tag": "v1.0"},
    )


@pytest.fixture
def search_catalog(alice_ns, acme, container):
    """A few public models in alice's namespace, newest last; one private in acme; one deleted."""
    now = timezone.now()
    rows = [
        ("llama-3-8b", "A chat model by Meta.", ["chat", "llm"]),
        ("llama", "The original llama weights.", ["llm"]),
        ("whisper-large", "Speech to text, trained on llama-free audio.", ["speech"]),
        ("tinyllama", "A small chat model.", ["chat"]),
        ("resnet-50", "Image classifier with a quixotically rare word.", ["vision"]),
    ]
    made = {}
    for i, (model_id, description, tags) in enumerate(rows):
        made[model_id] = AIModelFactory(
            namespace=alice_ns,
            model_id=model_id,
            description=description,
            tags=tags,
            model_definition=container,
            create_time=now + timedelta(seconds=i),
            update_time=now + timedelta(seconds=i),
        )
    made["secret"] = AIModelFactory(
        namespace=acme,
        model_id="secret-llama",
        description="Private platypus notes.",
        visibility=Visibility.PRIVATE,
        model_definition=container,
    )
    made["gone"] = AIModelFactory(
        namespace=alice_ns,
        model_id="gone-llama",
        description="Deleted wombat.",
        model_definition=container,
        delete_time=now,
    )
    return made
