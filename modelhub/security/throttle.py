"""Attempt throttles shared by every app server: a slot is reserved before the costly or
secret check runs.

Each throttle key (a hashed username, e-mail or user id, and the hashed client IP) has a
`ThrottleCounter` row holding the times of its recent attempts. `AttemptCounter.reserve()`
locks the rows (in key order, so two reservations never deadlock), refuses when `limit`
attempts already fall inside the window, and otherwise records this attempt, all in one
transaction: on PostgreSQL the row lock, on SQLite the write lock its transactions take
when they begin (BEGIN IMMEDIATE, modelhub/settings.py), serialise parallel attempts, so N
attempts sent at once check at most the limit, across processes and app servers.

Only then is the password checked. A failure keeps its slot; a success gives it back
(`Reservation.release()`), so honest logins never fill an IP's quota. The window slides:
a refused caller may try again when the oldest counted attempt leaves it.
"""

import contextlib
import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from modelhub.models import ThrottleCounter

_PREFIX = "throttle"
# Counters whose window has passed are deleted a few at a time by later reservations.
_PRUNE_BATCH = 100


def _now() -> float:
    return time.time()  # tests monkeypatch this instead of sleeping


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


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Throttled(Exception):
    """Too many recent attempts: `seconds` until the next one is allowed."""

    def __init__(self, seconds: int):
        super().__init__(f"throttled for {seconds} s")
        self.seconds = seconds


@dataclass(frozen=True)
class Reservation:
    """One attempt's slot in each of its counters."""

    keys: tuple[str, ...]
    stamp: float

    def release(self, *, clear: str | None = None) -> None:
        """Give the slot back (the attempt succeeded); `clear`: a key whose counter is reset."""
        with transaction.atomic():
            rows = ThrottleCounter.objects.select_for_update().filter(key__in=self.keys).order_by("key")
            for row in rows:
                if row.key == clear:
                    row.delete()
                elif isinstance(row.stamps, list) and self.stamp in row.stamps:
                    row.stamps.remove(self.stamp)
                    row.save(update_fields=["stamps"])


def setting(name: str, default: int) -> Callable[[], int]:
    return lambda: int(getattr(settings, name, default))


class AttemptCounter:
    """Attempts counted per account key and per client IP: refused while `key_limit` attempts
    for the key, or `ip_limit` from the IP, fall within the last `window` seconds. Limits are
    numbers, or callables read at each attempt (settings that tests and deployments change)."""

    def __init__(self, scope: str, *, key_limit, ip_limit, window):
        self.scope = scope
        self._limits = {"key": key_limit, "ip": ip_limit, "window": window}

    def _limit(self, name: str) -> int:
        value = self._limits[name]
        return int(value() if callable(value) else value)

    @property
    def key_limit(self) -> int:
        return self._limit("key")

    @property
    def ip_limit(self) -> int:
        return self._limit("ip")

    @property
    def window(self) -> int:
        return self._limit("window")

    def counter_key(self, key: str) -> str:
        return f"{_PREFIX}:{self.scope}:key:{_digest(key)}"

    def _keys(self, request: HttpRequest | None, key: str) -> list[tuple[str, int]]:
        """(counter key, limit) for each counter this attempt counts in, in lock order."""
        keys = []
        if key:
            keys.append((self.counter_key(key), self.key_limit))
        if ip := client_ip(request):
            keys.append((f"{_PREFIX}:{self.scope}:ip:{_digest(ip)}", self.ip_limit))
        return sorted(keys)

    def _recent(self, stamps, now: float) -> list[float]:
        """The attempt times still inside the window, oldest first (garbage ignored). A time a
        little ahead of `now` counts: a parallel attempt (or another server's clock) took it."""
        if not isinstance(stamps, list):
            return []
        window = self.window
        return sorted(t for t in stamps if isinstance(t, (int, float)) and now - window < t <= now + window)

    def _wait(self, stamps: list[float], limit: int, now: float) -> float:
        window = self.window
        return min(stamps[-limit] + window - now, window) if len(stamps) >= limit else 0.0

    def seconds_locked(self, request: HttpRequest | None, key: str) -> int:
        """Seconds until another attempt is allowed; 0 when allowed (one query, nothing reserved)."""
        now, keys = _now(), self._keys(request, key)
        if not keys:
            return 0
        stored = dict(ThrottleCounter.objects.filter(key__in=[k for k, _ in keys]).values_list("key", "stamps"))
        wait = max(self._wait(self._recent(stored.get(k), now), limit, now) for k, limit in keys)
        return math.ceil(wait) if wait > 0 else 0

    def reserve(self, request: HttpRequest | None, key: str) -> Reservation:
        """Count this attempt before it runs, or raise Throttled (nothing counted then)."""
        now, keys = _now(), self._keys(request, key)
        names = tuple(k for k, _ in keys)
        if not keys:
            return Reservation(names, now)
        window = self.window
        # Rows must exist to be locked; a new one is not pruned before this attempt uses it.
        ThrottleCounter.objects.bulk_create(
            [ThrottleCounter(key=name, stamps=[], expire_time=now + window) for name in names], ignore_conflicts=True
        )
        with transaction.atomic():
            locked = ThrottleCounter.objects.select_for_update().filter(key__in=names).order_by("key")
            rows = {row.key: row for row in locked}
            recent = {name: self._recent(getattr(rows.get(name), "stamps", None), now) for name in names}
            wait = max(self._wait(recent[name], limit, now) for name, limit in keys)
            if wait > 0:
                raise Throttled(math.ceil(wait))
            for name, limit in keys:
                row = rows.get(name) or ThrottleCounter(key=name)  # pruned meanwhile: written anew
                row.stamps = [*recent[name][-(limit - 1) :], now] if limit > 1 else [now]
                row.expire_time = now + window
                row.save()
            self._prune(now)
        return Reservation(names, now)

    def record(self, request: HttpRequest | None, key: str) -> None:
        """Count an attempt whether or not the limit is reached (kept for callers that only count)."""
        with contextlib.suppress(Throttled):
            self.reserve(request, key)

    @staticmethod
    def _prune(now: float) -> None:
        # SKIP LOCKED: a counter another reservation holds is left alone, so pruning never waits.
        stale = ThrottleCounter.objects.select_for_update(skip_locked=True).filter(expire_time__lt=now)
        keys = list(stale.values_list("key", flat=True)[:_PRUNE_BATCH])
        if keys:
            ThrottleCounter.objects.filter(key__in=keys, expire_time__lt=now).delete()


def wait_message(what: str, seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"Too many {what}; try again in {minutes} minute{'s' if minutes != 1 else ''}."


# --- logins ---------------------------------------------------------------------------------

LOGIN = AttemptCounter(
    "login",
    key_limit=setting("LOGIN_THROTTLE_USERNAME_LIMIT", 5),
    ip_limit=setting("LOGIN_THROTTLE_IP_LIMIT", 20),
    window=setting("LOGIN_THROTTLE_WINDOW", 15 * 60),
)


def seconds_locked(request: HttpRequest | None, username: str) -> int:
    """Seconds until this username/IP may try to log in again; 0 when not throttled."""
    return LOGIN.seconds_locked(request, username)


def reserve_login(request: HttpRequest | None, username: str) -> Reservation:
    return LOGIN.reserve(request, username)


def locked_message(seconds: int) -> str:
    return wait_message("failed login attempts", seconds)
