"""The one outbound HTTP request of a webhook delivery, and the rule of which targets it may reach.

A target's host is resolved, every address it resolves to is checked, and the request is
sent to the checked address itself (the Host header and TLS name stay the hostname), so a
second, different DNS answer cannot send it elsewhere. Redirects are not followed: a 3xx is
a failed attempt. Connect and read are time-limited and at most WEBHOOK_RESPONSE_MAX_BYTES of
an answer are read.
"""

import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from django.conf import settings

# Cloud metadata services that are not in a private or link-local range everywhere.
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})
EXCERPT_BYTES = 1024


class TargetRefused(Exception):
    """A URL modelhub will not send to; the message says why, in words."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    duration_ms: int
    excerpt: str
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def getaddrinfo(host: str, port: int):
    """The resolver (a seam for tests)."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def tls_context() -> ssl.SSLContext:
    """The system's trusted certificates, host names verified (a seam for tests)."""
    return ssl.create_default_context()


def address_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return bool(settings.WEBHOOK_ALLOW_LOOPBACK)
    if ip in METADATA_ADDRESSES:
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def target_of(url: str) -> Target:
    """The checked target of a webhook URL, or TargetRefused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise TargetRefused("The URL is not valid.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused("Use an http:// or https:// URL with a host name.")
    if parts.username or parts.password:
        raise TargetRefused("The URL must not contain a user name or password.")
    host = parts.hostname
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        found = getaddrinfo(host, port)
    except (OSError, UnicodeError):
        raise TargetRefused(f"The host {host} could not be resolved.") from None
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in found))
    if not addresses:
        raise TargetRefused(f"The host {host} could not be resolved.")
    trusted = host.lower().rstrip(".") in {h.lower() for h in settings.WEBHOOK_ALLOWED_HOSTS}
    if not trusted and not all(address_allowed(a) for a in addresses):
        raise TargetRefused(
            f"The host {host} resolves to a private, loopback, link-local or metadata address, "
            "which webhooks may not reach."
        )
    path = parts.path or "/"
    return Target(parts.scheme, host, port, path + (f"?{parts.query}" if parts.query else ""), addresses)


def _pool(target: Target, address: str):
    timeout = urllib3.Timeout(connect=settings.WEBHOOK_CONNECT_TIMEOUT, read=settings.WEBHOOK_READ_TIMEOUT)
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            target.port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            server_hostname=target.host,
            assert_hostname=target.host,
            ssl_context=tls_context(),
        )
    return urllib3.HTTPConnectionPool(address, target.port, timeout=timeout, retries=False, maxsize=1)


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST `body` to `url` (checked again now: DNS may have changed since the webhook was made)."""
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        target = target_of(url)
    except TargetRefused as exc:
        return Outcome(None, elapsed(), "", str(exc))
    host_header = target.host if target.port in (80, 443) else f"{target.host}:{target.port}"
    if ":" in target.host:
        host_header = f"[{target.host}]" if target.port in (80, 443) else f"[{target.host}]:{target.port}"
    all_headers = {
        **headers,
        "Host": host_header,
        "Content-Type": "application/json",
        "User-Agent": "modelhub-webhooks/1",
    }
    pool = _pool(target, target.addresses[0])
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers=all_headers,
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            raw = response.read(settings.WEBHOOK_RESPONSE_MAX_BYTES, decode_content=False)
        finally:
            response.release_conn()
            response.close()
    except (urllib3.exceptions.HTTPError, OSError, ssl.SSLError) as exc:
        return Outcome(None, elapsed(), "", _error_words(exc))
    finally:
        pool.close()
    excerpt = raw[:EXCERPT_BYTES].decode("utf-8", "replace").replace("\x00", "")
    status = response.status
    error = f"Redirects are not followed (answered {status})." if 300 <= status < 400 else ""
    return Outcome(status, elapsed(), excerpt, error)


def _error_words(exc: Exception) -> str:
    # NewConnectionError is a kind of ConnectTimeoutError in urllib3: ask about it first.
    if isinstance(exc, urllib3.exceptions.NewConnectionError | ConnectionRefusedError):
        return "The connection was refused."
    if isinstance(exc, urllib3.exceptions.SSLError | ssl.SSLError):
        return "The TLS handshake failed (certificate or protocol)."
    if isinstance(exc, urllib3.exceptions.TimeoutError):
        return "The receiver did not answer in time."
    return f"The request failed ({exc.__class__.__name__})."
