"""Running manage.py in a child process with production settings (the deployment tests)."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "MODELHUB_ENV": "production",
    "ALLOWED_HOSTS": "modelhub.example.com",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the test run (Playwright), never in deployment.
    unset = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "MODELHUB_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT")
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def strong_key() -> str:
    return secrets.token_urlsafe(64)  # 86 characters, many unique
