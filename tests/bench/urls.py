"""The product's URLs plus the bench's reference views (the bare UPDATE, the DRF peer).

`bench/bare-update/<uid>/` is BENCHMARK code, not product code: the spec's reference for
the PATCH throughput ("a bare Django view doing the same single UPDATE on the same
database"). It deliberately bypasses the one write path (no lock, no validation, no
audit), which is exactly what makes it the floor the API is compared against; the
one-write-path rule of the project does not apply to it and it is never routed in the
product (modelhub.urls).
"""

import json

from django.http import HttpResponseBadRequest, JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from modelhub.models import AIModel
from tests.bench import drf_peer


@csrf_exempt
@require_http_methods(["PATCH"])
def bare_update(request, uid):
    try:
        description = json.loads(request.body)["description"]
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest("expected {'description': ...}")
    updated = AIModel.objects.filter(pk=uid).update(description=description, update_time=timezone.now())
    return JsonResponse({"updated": updated, "description": description})


urlpatterns = [
    path("bench/bare-update/<uuid:uid>/", bare_update),
    path("bench/drf/namespaces/<str:namespace_id>/models/<str:model_id>/", drf_peer.model_detail),
    path("", include("modelhub.urls")),
]
