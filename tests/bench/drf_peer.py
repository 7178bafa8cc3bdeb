"""The peer a Django developer would pick for the API: a Django REST framework viewset.

BENCHMARK code, never routed in the product (modelhub.urls): `make bench` mounts it in its
own URLconf (tests/bench/urls.py) with its own settings (tests/bench/settings.py), and
Django REST framework is a bench-only dependency (requirements-bench.txt). It is the
textbook setup: a `ModelViewSet` whose `partial_update` is DRF's own, DRF's
`TokenAuthentication` ("Authorization: Token <key>") for the same user, `IsAuthenticated`,
and a `ModelSerializer` of the same model with every field. The queryset keeps a caller to
the namespaces where they may edit (one JOIN), as modelhub's PATCH does.

What it does not do, and modelhub's PATCH does: lock the row, check for a conflicting
change or an If-Match, write only the changed columns (DRF's `save()` writes them all),
validate the configuration against its definition's schema, write an audit entry and a
request-log entry.
"""

from rest_framework import permissions, serializers, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from modelhub.models import AIModel, Role

EDITOR_ROLES = (Role.OWNER, Role.ADMIN, Role.MEMBER)


class AIModelSerializer(serializers.ModelSerializer):
    class Meta:
        model = AIModel
        fields = "__all__"


class AIModelViewSet(viewsets.ModelViewSet):
    serializer_class = AIModelSerializer
    authentication_classes = [TokenAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "model_id"

    def get_queryset(self):
        return AIModel.objects.filter(
            namespace__namespace_id=self.kwargs["namespace_id"],
            namespace__memberships__user=self.request.user,
            namespace__memberships__role__in=EDITOR_ROLES,
        )


model_detail = AIModelViewSet.as_view({"get": "retrieve", "patch": "partial_update"})


def token_for(user) -> str:
    """DRF's token of `user` (created on first use)."""
    return Token.objects.get_or_create(user=user)[0].key
