"""Login throttling shared by every app server (the counters live in the database cache).

A failed login (Django's `user_login_failed` signal, so every surface that calls
`authenticate()` counts) is recorded against the username and the client IP. When
LOGIN_THROTTLE_USERNAME_LIMIT failures for a username, or LOGIN_THROTTLE_IP_LIMIT
failures from an IP, fall within the last LOGIN_THROTTLE_WINDOW seconds, further
attempts are refused without checking the password until the oldest of those failures
leaves the window. A successful login clears the username's failures (not the IP's: an
attacker could otherwise reset their IP counter by logging into their own account).

Counters are read-modify-write on the cache, not atomic: concurrent attempts can be
counted as one, so a parallel attacker gets at most a few attempts more than the limit.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

_PREFIX = "login-throttle"


def _now() -> float:
    return time.time()  # tests monkeypatch this instead of sleeping


def _window() -> int:
    return int(getattr(settings, "LOGIN_THROTTLE_WINDOW", 15 * 60))


def client_ip(request: HttpRequest | None) -> str:
    """REMOTE_ADDR, or the address LOGIN_THROTTLE_TRUSTED_PROXIES hops from the right of
    X-Forwarded-For when the app runs behind that many proxies (never trusted otherwise)."""
    if request is None:
        return ""
    proxies = int(getattr(settings, "LOGIN_THROTTLE_TRUSTED_PROXIES", 0))
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def _keys(request: HttpRequest | None, username: str) -> list[tuple[str, int]]:
    """(cache key, limit) for each counter that applies to this attempt."""
    keys = []
    if username:
        digest = hashlib.sha256(username.encode("utf-8", "surrogatepass")).hexdigest()
        keys.append((f"{_PREFIX}:user:{digest}", int(getattr(settings, "LOGIN_THROTTLE_USERNAME_LIMIT", 5))))
    if ip := client_ip(request):
        digest = hashlib.sha256(ip.encode()).hexdigest()
        keys.append((f"{_PREFIX}:ip:{digest}", int(getattr(settings, "LOGIN_THROTTLE_IP_LIMIT", 20))))
    return keys


def _recent(stamps, now: float) -> list[float]:
    """The failure times still inside the window, oldest first (garbage ignored)."""
    if not isinstance(stamps, list):
        return []
    return sorted(t for t in stamps if isinstance(t, (int, float)) and now - _window() < t <= now)


def seconds_locked(request: HttpRequest | None, username: str) -> int:
    """Seconds until this username/IP may try again; 0 when not throttled (one query)."""
    now, wait = _now(), 0.0
    keys = _keys(request, username)
    stored = cache.get_many([key for key, _ in keys]) if keys else {}
    for key, limit in keys:
        stamps = _recent(stored.get(key), now)
        if len(stamps) >= limit:
            wait = max(wait, stamps[-limit] + _window() - now)
    return math.ceil(wait) if wait > 0 else 0


def record_failure(request: HttpRequest | None, username: str) -> None:
    now = _now()
    keys = _keys(request, username)
    stored = cache.get_many([key for key, _ in keys]) if keys else {}
    for key, limit in keys:
        stamps = _recent(stored.get(key), now)[-(limit - 1) :] if limit > 1 else []
        cache.set(key, [*stamps, now], timeout=_window())


def reset_username(username: str) -> None:
    for key, _ in _keys(None, username):
        cache.delete(key)


def locked_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"Too many failed login attempts; try again in {minutes} minute{'s' if minutes != 1 else ''}."


class AttemptCounter:
    """Attempts counted per account key and per client IP in the database cache, like the
    login throttle's failures: refused while `key_limit` attempts for the key, or `ip_limit`
    from the IP, fall within the last `window` seconds. Used for password changes (failed
    old passwords) and password-reset mails (every request)."""

    def __init__(self, scope: str, *, key_limit: int, ip_limit: int, window: int):
        self.scope, self.key_limit, self.ip_limit, self.window = scope, key_limit, ip_limit, window

    def _keys(self, request: HttpRequest | None, key: str) -> list[tuple[str, int]]:
        keys = []
        if key:
            digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
            keys.append((f"{_PREFIX}:{self.scope}:key:{digest}", self.key_limit))
        if ip := client_ip(request):
            keys.append((f"{_PREFIX}:{self.scope}:ip:{hashlib.sha256(ip.encode()).hexdigest()}", self.ip_limit))
        return keys

    def _recent(self, stamps, now: float) -> list[float]:
        if not isinstance(stamps, list):
            return []
        return sorted(t for t in stamps if isinstance(t, (int, float)) and now - self.window < t <= now)

    def seconds_locked(self, request: HttpRequest | None, key: str) -> int:
        """Seconds until another attempt is allowed; 0 when allowed (one query)."""
        now, wait = _now(), 0.0
        keys = self._keys(request, key)
        stored = cache.get_many([k for k, _ in keys]) if keys else {}
        for cache_key, limit in keys:
            stamps = self._recent(stored.get(cache_key), now)
            if len(stamps) >= limit:
                wait = max(wait, stamps[-limit] + self.window - now)
        return math.ceil(wait) if wait > 0 else 0

    def record(self, request: HttpRequest | None, key: str) -> None:
        now = _now()
        keys = self._keys(request, key)
        stored = cache.get_many([k for k, _ in keys]) if keys else {}
        for cache_key, limit in keys:
            stamps = self._recent(stored.get(cache_key), now)[-(limit - 1) :] if limit > 1 else []
            cache.set(cache_key, [*stamps, now], timeout=self.window)


def wait_message(what: str, seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"Too many {what}; try again in {minutes} minute{'s' if minutes != 1 else ''}."
