"""API tokens: created (shown once), stored as SHA-256 hashes, revoked, authenticated."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from modelhub.compiled_queries import CompiledInsert, CompiledRead, stand_in_int, stand_in_text
from modelhub.models import ApiRequest, ApiToken, Credentials

TOKEN_PREFIX = "mh_"
LAST_USED_RESOLUTION = timedelta(minutes=1)  # last-used time is written at most once a minute


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it and the raw secret, which is never retrievable again."""
    name = (name or "").strip()[:100] or "API token"
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], key_hash=token_hash(raw))
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken) -> None:
    if token.revoke_time is None:
        token.revoke_time = timezone.now()
        token.save(update_fields=["revoke_time"])


@transaction.atomic
def tokens_revoke_all(*, user) -> int:
    """Revoke every active token of `user` (their password changed, or they were deactivated).

    Returns how many were revoked. A reactivated user, or one whose old password leaked,
    gets no old token back: they create new ones.
    """
    return ApiToken.objects.filter(user=user, revoke_time__isnull=True).update(revoke_time=timezone.now())


def _active_token(key_hash: str):
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash, revoke_time__isnull=True, user__is_active=True)
        .order_by("pk")
    )


_ACTIVE_TOKEN = CompiledRead(_active_token, (stand_in_text(0),))  # every API call reads it


def token_authenticate(raw: str) -> ApiToken | None:
    """The active token for `raw` (with its user loaded), or None. One query."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    digest = token_hash(raw)
    token = next(iter(_ACTIVE_TOKEN.fetch(digest, limit=1)), None)
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        return None
    return token


def token_touch(*, token: ApiToken) -> bool:
    """Record use, at most once per LAST_USED_RESOLUTION (keeps a PATCH within its query budget).

    Returns whether it wrote: the caller may do its other housekeeping on the same request.
    """
    now = timezone.now()
    if token.last_used_time is not None and now - token.last_used_time < LAST_USED_RESOLUTION:
        return False
    ApiToken.objects.filter(pk=token.pk).update(last_used_time=now)
    token.last_used_time = now
    return True


def api_request_record(
    *,
    user,
    token: ApiToken | None,
    method: str,
    path: str,
    status: int,
    user_agent: str,
) -> None:
    """Log one API request in the user's ring of REQUESTS_KEPT_PER_USER slots: one statement.

    The row takes slot = seq modulo the ring's size, seq being one more than the user's
    latest; when the slot is taken (the ring is full) the oldest entry there is replaced.
    The unique (user, slot) constraint keeps the bound whatever the concurrency, on every
    database: two requests of one user logged at the same instant may share a seq, and then
    the later replaces the earlier instead of growing the log. Every API request writes one,
    so its SQL is compiled once (modelhub.compiled_queries): Django building the statement
    again cost more than the database spends on it.
    """
    credentials = Credentials.SESSION if token is None else Credentials.TOKEN
    _RECORD.run(
        user.pk,
        token.pk if token is not None else None,
        str(credentials),
        method[:10],
        path[:255],
        status,
        user_agent[:255],
    )


def _record(queryset, user_id, token_id, credentials, method, path, status, user_agent) -> None:
    latest = ApiRequest.objects.filter(user_id=user_id).order_by("-seq").values("seq")[:1]
    entry = ApiRequest(
        user_id=user_id,
        token_id=token_id,
        credentials=credentials,
        method=method,
        path=path,
        status=status,
        user_agent=user_agent,
        seq=Coalesce(Subquery(latest), Value(0)) + 1,
    )
    queryset.bulk_create(
        [entry],
        update_conflicts=True,
        unique_fields=["user", "slot"],
        update_fields=[*_LOGGED_FIELDS, "seq", "create_time"],
    )


_RECORD = CompiledInsert(
    ApiRequest,
    _record,
    (
        stand_in_int(0),
        stand_in_int(1),
        stand_in_text(2),
        stand_in_text(3),
        stand_in_text(4),
        stand_in_int(5),
        stand_in_text(6),
    ),
    stamped=True,  # create_time
)
_LOGGED_FIELDS = ["token", "credentials", "method", "path", "status", "user_agent"]
