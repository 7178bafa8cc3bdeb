"""Test data. Factories build rows directly; behaviour under test goes through the service."""

import factory
from django.contrib.auth import get_user_model

from modelhub.models import AIModel, Membership, ModelDefinition, Namespace, NamespaceKind, Role, Task, Visibility
from modelhub.services import membership_set, namespace_create

PASSWORD = "modelhub-test-pw"

GITHUB_SPEC = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "repository": {"type": "string", "pattern": "^[\\w.-]+/[\\w.-]+$"},
        "tag": {"type": "string", "minLength": 1},
    },
    "required": ["repository", "tag"],
    "additionalProperties": False,
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password(PASSWORD)


class NamespaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Namespace
        django_get_or_create = ("namespace_id",)

    namespace_id = factory.Sequence(lambda n: f"ns{n}")
    kind = NamespaceKind.ORGANIZATION
    display_name = factory.LazyAttribute(lambda o: o.namespace_id.title())


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    namespace = factory.SubFactory(NamespaceFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


def user_with_namespace(username: str, **kwargs):
    """A user and their own namespace, of which they are the owner (made as the product makes them)."""
    user = UserFactory(username=username, **kwargs)
    namespace = Namespace.objects.filter(namespace_id=username).first()
    if namespace is None:
        namespace = namespace_create(
            namespace_id=username, kind=NamespaceKind.USER, display_name=username.title(), owner=user
        )
    elif not Membership.objects.filter(namespace=namespace, user=user).exists():
        membership_set(namespace=namespace, user=user, role=Role.OWNER)
    return user, namespace


class ModelDefinitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModelDefinition
        django_get_or_create = ("definition_id",)

    definition_id = "container"
    title = factory.LazyAttribute(lambda o: o.definition_id.title())
    model_spec = factory.LazyAttribute(
        lambda o: {"type": "object", "additionalProperties": False} if o.definition_id == "container" else GITHUB_SPEC
    )


class AIModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AIModel

    namespace = factory.SubFactory(NamespaceFactory)
    model_id = factory.Sequence(lambda n: f"model-{n}")
    description = "A test model."
    model_definition = factory.SubFactory(ModelDefinitionFactory)
    configuration = factory.LazyFunction(dict)
    task = Task.CLASSIFICATION
    visibility = Visibility.PUBLIC
    region_id = "REGION_GCP_EUROPE_WEST4"
    hardware = "CPU"
