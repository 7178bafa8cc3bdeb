"""The `caller_role` annotation: the signed-in user's role in a row's namespace, or None."""

from typing import TypeVar

from django.db.models import Model, OuterRef, QuerySet, Subquery, Value
from django.db.models.fields import CharField

from modelhub.models import Membership

M = TypeVar("M", bound=Model)


def caller_role_annotation(user, namespace_ref: str = "namespace"):
    if not user.is_authenticated:
        return Value(None, output_field=CharField())
    return Subquery(Membership.objects.active().filter(namespace=OuterRef(namespace_ref), user=user).values("role")[:1])


def with_caller_role(qs: QuerySet[M], user, namespace_ref: str = "namespace") -> QuerySet[M]:
    """`qs` with `caller_role` annotated. The models declare the attribute (it is typed there),
    which django-stubs reads as a clash with the annotation when the model is named."""
    return qs.annotate(caller_role=caller_role_annotation(user, namespace_ref))
