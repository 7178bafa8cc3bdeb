"""The `caller_role` annotation: the signed-in user's role in a row's namespace, or None."""

from django.db.models import OuterRef, Subquery, Value
from django.db.models.fields import CharField

from modelhub.models import Membership


def caller_role_annotation(user, namespace_ref: str = "namespace"):
    if not user.is_authenticated:
        return Value(None, output_field=CharField())
    return Subquery(Membership.objects.active().filter(namespace=OuterRef(namespace_ref), user=user).values("role")[:1])
