"""`manage.py check --deploy` with production settings is clean; weak settings are caught."""

import pytest

from tests.deploy_support import PRODUCTION_ENV, manage, strong_key


def test_check_deploy_with_production_settings_is_clean():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV, SECRET_KEY=strong_key())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "warning"),
    [
        ({"SECRET_KEY": strong_key(), "DEBUG": "1"}, "security.W018"),
        ({"SECRET_KEY": strong_key(), "SECURE_SSL_REDIRECT": "0"}, "security.W008"),
    ],
)
def test_check_deploy_catches_weak_production_settings(env, warning):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION_ENV, **env})
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when MODELHUB_ENV=production" in result.stderr


def test_production_serves_hsts_and_secure_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.DEBUG, s.ALLOWED_HOSTS)"
    )
    result = manage("shell", "-c", code, **PRODUCTION_ENV, SECRET_KEY=strong_key())
    assert result.returncode == 0, result.stderr
    expected = ["31536000", "True", "True", "True", "True", "False", "['modelhub.example.com']"]
    assert result.stdout.splitlines()[-1].split() == expected
