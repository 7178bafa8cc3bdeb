"""MODELHUB_ENV fails closed and production refuses a weak SECRET_KEY.

`MODELHUB_ENV="production "` or `prod` used to run development settings with DEBUG on,
and a 1-character SECRET_KEY was accepted in production.
"""

import pytest

from tests.deploy_support import PRODUCTION_ENV, manage, strong_key

CHECK = ("shell", "-c", "from django.conf import settings; print(settings.DEBUG, settings.PRODUCTION)")


@pytest.mark.parametrize("value", ["prod", "Production", "production ", ""])
def test_any_other_environment_name_stops_the_app(value):
    result = manage(*CHECK, MODELHUB_ENV=value, SECRET_KEY=strong_key())
    assert result.returncode != 0
    assert f"MODELHUB_ENV is {value!r}; it must be exactly 'development' or 'production'" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "too-short",
        "a" * 80,  # long, but one character
        "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef",  # the development default
        "django-insecure-" + strong_key(),
    ],
)
def test_production_refuses_a_short_or_default_secret_key(key):
    result = manage(*CHECK, **PRODUCTION_ENV, SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak for MODELHUB_ENV=production" in result.stderr


def test_development_is_named_exactly_and_takes_any_key():
    result = manage(*CHECK, MODELHUB_ENV="development", SECRET_KEY="short")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "True False"


def test_production_starts_with_a_strong_key():
    result = manage(*CHECK, **PRODUCTION_ENV, SECRET_KEY=strong_key())
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False True"
