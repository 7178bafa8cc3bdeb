"""Bench settings: the product's settings, plus the bench's URLconf and peers, quiet logs, DEBUG off."""

from modelhub.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "tests.bench.urls"
# The Django REST framework peer (tests/bench/drf_peer.py): bench-only, never in the product.
INSTALLED_APPS = [*INSTALLED_APPS, "rest_framework", "rest_framework.authtoken"]  # noqa: F405
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],  # no browsable API in production
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "level": "ERROR"}},
    "root": {"handlers": ["console"], "level": "ERROR"},  # 404 probes of unbuilt pages are expected
}
