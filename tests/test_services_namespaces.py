"""modelhub.services.namespaces: namespaces, memberships and model definitions, valid and invalid."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modelhub.models import Membership, ModelDefinition, Namespace, NamespaceKind, ReleaseStage, Role
from modelhub.services import definition_create, membership_set, namespace_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RFC1034 = "Must conform to RFC-1034"
SPEC = {"type": "object", "properties": {"repo_id": {"type": "string"}}, "required": ["repo_id"]}


def rows() -> tuple:
    return (
        sorted(Namespace.objects.values_list("namespace_id", "kind", "display_name")),
        sorted(Membership.objects.values_list("namespace__namespace_id", "user__username", "role")),
        sorted(ModelDefinition.objects.values_list("definition_id", "title", "model_spec")),
    )


def refused(create, **kwargs) -> dict[str, list[str]]:
    """The errors of `create(**kwargs)`; asserts that nothing was written."""
    before = rows()
    with pytest.raises(ValidationError) as exc:
        create(**kwargs)
    assert rows() == before
    return exc.value.message_dict


# --- namespace_create --------------------------------------------------------------------------


def test_user_namespace_has_its_owner_as_owner():
    dave = UserFactory(username="dave")
    namespace = namespace_create(namespace_id="dave", kind=NamespaceKind.USER, display_name="Dave", owner=dave)
    assert (namespace.namespace_id, namespace.kind, namespace.display_name) == ("dave", "USER", "Dave")
    assert list(Membership.objects.values_list("namespace__namespace_id", "user__username", "role")) == [
        ("dave", "dave", "owner")
    ]


def test_organization_namespace_without_owner_has_no_members():
    namespace = namespace_create(namespace_id="initech", kind=NamespaceKind.ORGANIZATION)
    assert namespace.display_name == "" and not namespace.memberships.exists()


def test_organization_namespace_with_an_owner(bob):
    namespace = namespace_create(namespace_id="initech", kind=NamespaceKind.ORGANIZATION, owner=bob)
    assert namespace.memberships.get().role == Role.OWNER


@pytest.mark.parametrize(
    "namespace_id",
    ["", "1abc", "-abc", "abc-", "a_b", "a b", "ünï", "a" * 64, "<script>"],
    ids=["empty", "digit-first", "hyphen-first", "hyphen-last", "underscore", "space", "non-ascii", "64-chars",
         "markup"],
)  # fmt: skip
def test_namespace_id_must_conform_to_rfc_1034(namespace_id):
    errors = refused(namespace_create, namespace_id=namespace_id, kind=NamespaceKind.ORGANIZATION)
    assert list(errors) == ["namespace_id"]
    assert errors["namespace_id"][0].startswith(RFC1034) or errors["namespace_id"] == ["This field cannot be blank."]


def test_namespace_id_already_taken_is_refused(alice_ns):
    errors = refused(namespace_create, namespace_id="alice", kind=NamespaceKind.ORGANIZATION)
    assert errors == {"namespace_id": ["Namespace with this ID already exists."]}


def test_unknown_kind_and_overlong_display_name_are_refused_together():
    errors = refused(namespace_create, namespace_id="initech", kind="TEAM", display_name="x" * 256)
    assert errors["kind"] == ["Value 'TEAM' is not a valid choice."]
    assert errors["display_name"] == ["Ensure this value has at most 255 characters (it has 256)."]


def test_user_namespace_without_owner_is_refused():
    errors = refused(namespace_create, namespace_id="ghost", kind=NamespaceKind.USER)
    assert errors == {"owner": ["A user namespace needs the user who owns it."]}


# --- membership_set --------------------------------------------------------------------------


def test_membership_set_adds_a_member(acme, bob):
    membership = membership_set(namespace=acme, user=bob, role=Role.VIEWER)
    assert (membership.namespace, membership.user, membership.role) == (acme, bob, "viewer")


def test_membership_set_changes_a_role(acme, carol):
    membership_set(namespace=acme, user=carol, role=Role.ADMIN)
    assert Membership.objects.get(namespace=acme, user=carol).role == Role.ADMIN
    assert Membership.objects.filter(user=carol).count() == 1


def test_membership_set_to_the_same_role_writes_nothing(acme, carol):
    with CaptureQueriesContext(connection) as ctx:
        membership_set(namespace=acme, user=carol, role=Role.VIEWER)
    writes = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert Membership.objects.get(namespace=acme, user=carol).role == Role.VIEWER


@pytest.mark.parametrize("role", ["", "superuser", "OWNER", None])
def test_unknown_role_is_refused(acme, bob, carol, role):
    assert refused(membership_set, namespace=acme, user=bob, role=role)["role"][0].startswith("Unknown role")
    assert refused(membership_set, namespace=acme, user=carol, role=role)["role"][0].startswith("Unknown role")


def test_the_owner_of_a_user_namespace_stays_its_owner(alice, alice_ns):
    errors = refused(membership_set, namespace=alice_ns, user=alice, role=Role.MEMBER)
    assert errors == {"role": ["The owner of a user namespace stays its owner."]}


def test_an_organization_owner_may_be_given_another_role(acme, alice):
    membership_set(namespace=acme, user=alice, role=Role.OWNER)
    membership_set(namespace=acme, user=alice, role=Role.ADMIN)
    assert Membership.objects.get(namespace=acme, user=alice).role == Role.ADMIN


# --- definition_create --------------------------------------------------------------------------


def test_definition_create_with_a_valid_schema():
    definition = definition_create(
        definition_id="huggingface",
        title="Hugging Face",
        model_spec=SPEC,
        release_stage=ReleaseStage.BETA,
        documentation_url="https://example.com/docs",
    )
    row = ModelDefinition.objects.get(definition_id="huggingface")
    assert (row.pk, row.title, row.model_spec, row.release_stage) == (
        definition.pk,
        "Hugging Face",
        SPEC,
        "RELEASE_STAGE_BETA",
    )
    assert row.documentation_url == "https://example.com/docs"


@pytest.mark.parametrize("model_spec", [{"type": "not-a-type"}, {"required": "repo_id"}, {"minLength": -1}])
def test_definition_with_an_invalid_schema_is_refused(model_spec):
    errors = refused(definition_create, definition_id="broken", title="Broken", model_spec=model_spec)
    assert list(errors) == ["model_spec"]
    assert "Not a valid JSON Schema" in errors["model_spec"][0]


def test_definition_id_must_conform_to_rfc_1034_and_be_free(container):
    assert refused(definition_create, definition_id="hf_2", title="HF", model_spec=SPEC)["definition_id"][0].startswith(
        RFC1034
    )
    errors = refused(definition_create, definition_id="container", title="Again", model_spec=SPEC)
    assert errors == {"definition_id": ["Model definition with this ID already exists."]}


def test_definition_bad_fields_are_refused_together():
    errors = refused(
        definition_create,
        definition_id="hf",
        title="",
        model_spec=SPEC,
        release_stage="RELEASE_STAGE_SOON",
        documentation_url="javascript:alert(1)",
    )
    assert set(errors) == {"title", "release_stage", "documentation_url"}


def test_definition_unknown_field_is_refused():
    errors = refused(definition_create, definition_id="hf", title="HF", model_spec=SPEC, uid="x", owner="me")
    assert errors == {"owner": ["Unknown or read-only field."], "uid": ["Unknown or read-only field."]}
