"""Health probes in Instill's shape: `{"healthCheckResponse": {"status": "SERVING_STATUS_…"}}`.

Liveness answers while the process serves requests; readiness also needs the database
(one `SELECT 1`) and answers 503 NOT_SERVING without it. Both take no credentials.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse

from modelhub.api.auth import api_endpoint

logger = logging.getLogger(__name__)

SERVING = "SERVING_STATUS_SERVING"
NOT_SERVING = "SERVING_STATUS_NOT_SERVING"


def _status(status: str, http_status: int = 200) -> JsonResponse:
    response = JsonResponse({"healthCheckResponse": {"status": status}}, status=http_status)
    response["Cache-Control"] = "no-store"
    return response


@api_endpoint("GET")
def liveness(request):
    return _status(SERVING)


def database_ready() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Readiness: the database does not answer")
        return False


@api_endpoint("GET")
def readiness(request):
    return _status(SERVING) if database_ready() else _status(NOT_SERVING, 503)
