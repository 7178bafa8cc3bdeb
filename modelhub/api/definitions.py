"""`GET /v1alpha/model-definitions`: Instill's ListModelDefinitions, paged by definition ID."""

from django.core import signing
from django.http import JsonResponse

from modelhub.api.auth import api_endpoint
from modelhub.api.errors import field_error
from modelhub.api.listing import page_size_param
from modelhub.api.proto import view_param
from modelhub.api.serialization import definition_json
from modelhub.models import ModelDefinition

_signer = signing.Signer(salt="modelhub.api.definitions.page_token")


@api_endpoint("GET")
def definition_list(request):
    """A page of definitions in ID order; `page_token` is the signed ID of the last one shown."""
    page_size = page_size_param(request.GET.get("page_size", request.GET.get("pageSize")))
    view_param(request.GET)  # both views show the whole definition (its modelSpec is small)
    raw_token = request.GET.get("page_token", request.GET.get("pageToken")) or ""
    qs = ModelDefinition.objects.order_by("definition_id")
    if raw_token:
        try:
            payload = _signer.unsign_object(raw_token)
            after, total = str(payload["after"]), int(payload["total"])
        except (signing.BadSignature, ValueError, KeyError, TypeError):
            raise field_error("page_token", "Invalid page token.")
        qs = qs.filter(definition_id__gt=after)
    else:
        total = qs.count()
    rows = list(qs[: page_size + 1])
    next_token = ""
    if len(rows) > page_size:
        rows = rows[:page_size]
        next_token = _signer.sign_object({"after": rows[-1].definition_id, "total": total})
    return JsonResponse(
        {"modelDefinitions": [definition_json(d) for d in rows], "nextPageToken": next_token, "totalSize": total}
    )
