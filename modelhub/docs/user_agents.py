"""A person's words for a logged User-Agent header: "Chrome 131 on macOS", "curl 8.5.0".

Deliberately small: the browsers and tools people call an API with, matched in the order that
tells them apart (Edge and Opera also say "Chrome"; Chrome also says "Safari"). Anything else
keeps its first product token ("Unknown browser" for a browser's "Mozilla/5.0"); an empty or
unreadable header is "Unknown client".
"""

import re
from dataclasses import dataclass

# The log keeps 255 characters; only the start of a longer header is read, whatever its source.
READ_AT_MOST = 512

# (label, pattern whose first group is the version), first match wins.
BROWSERS = (
    ("Edge", r"Edg(?:e|A|iOS)?/([\d.]+)"),
    ("Opera", r"(?:OPR|Opera)/([\d.]+)"),
    ("Samsung Internet", r"SamsungBrowser/([\d.]+)"),
    ("Firefox", r"(?:Firefox|FxiOS)/([\d.]+)"),
    ("Chrome", r"(?:HeadlessChrome|Chromium|Chrome|CriOS)/([\d.]+)"),
    ("Safari", r"Version/([\d.]+)(?: Mobile/\w+)? Safari/"),
    ("curl", r"^curl/([\d.]+)"),
    ("Python requests", r"^python-requests/([\d.]+)"),
    ("Python httpx", r"^python-httpx/([\d.]+)"),
    ("Python", r"^Python-urllib/([\d.]+)"),
    ("Node.js", r"^node(?:-fetch)?(?:/([\d.]+))?"),
    ("Postman", r"^PostmanRuntime/([\d.]+)"),
    ("HTTPie", r"^HTTPie/([\d.]+)"),
    ("Wget", r"^Wget/([\d.]+)"),
    ("Go", r"^Go-http-client/([\d.]+)"),
)
SYSTEMS = (
    ("iOS", r"(?:iPhone|iPad|iPod)(?:.*? OS ([\d_]+))?"),
    ("Android", r"Android ([\d.]+)"),
    ("ChromeOS", r"CrOS"),
    ("Windows", r"Windows NT ([\d.]+)"),
    ("macOS", r"Mac OS X(?: ([\d_.]+))?"),
    ("Linux", r"Linux|X11"),
)
WINDOWS_VERSIONS = {"10.0": "10 or 11", "6.3": "8.1", "6.2": "8", "6.1": "7"}
_BROWSERS = tuple((label, re.compile(pattern)) for label, pattern in BROWSERS)
_SYSTEMS = tuple((label, re.compile(pattern)) for label, pattern in SYSTEMS)
_PRODUCT = re.compile(r"[A-Za-z][\w.+-]{0,40}(?:/[\w.+-]{1,20})?")


@dataclass(frozen=True)
class Client:
    browser: str  # "Chrome 131", "curl 8.5.0", "Unknown client"
    system: str  # "macOS", "Windows 10 or 11", "" when the header names none

    def __str__(self) -> str:
        return f"{self.browser} on {self.system}" if self.system else self.browser


def _major(label: str, version: str | None) -> str:
    """Browsers by their major version (as people name them); tools by their full version."""
    if not version:
        return label
    version = version.strip(".")
    if label in ("Chrome", "Edge", "Opera", "Firefox", "Samsung Internet"):
        version = version.split(".")[0]
    return f"{label} {version}"


def _system(header: str) -> str:
    for label, pattern in _SYSTEMS:
        if match := pattern.search(header):
            version = match.group(1) if match.groups() else None
            if label == "Windows":
                return f"Windows {WINDOWS_VERSIONS.get(version, '')}".strip()
            if label in ("iOS", "Android") and version:
                return f"{label} {version.replace('_', '.')}"
            return label
    return ""


def parse(header: str | None) -> Client:
    """The browser or tool, and the operating system, named by a User-Agent header."""
    header = "".join(ch for ch in (header or "")[:READ_AT_MOST] if ch.isprintable()).strip()
    if not header:
        return Client("Unknown client", "")
    for label, pattern in _BROWSERS:
        if match := pattern.search(header):
            return Client(_major(label, match.group(1)), _system(header))
    product = _PRODUCT.match(header)
    if product is None or product.group(0).startswith("Mozilla/"):  # every browser's first token
        return Client("Unknown browser" if product else "Unknown client", _system(header))
    return Client(product.group(0).replace("/", " "), _system(header))
