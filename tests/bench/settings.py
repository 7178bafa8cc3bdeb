"""Bench settings: the product's settings, plus the bench's URLconf, quiet logs and DEBUG off."""

from modelhub.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "tests.bench.urls"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "level": "ERROR"}},
    "root": {"handlers": ["console"], "level": "ERROR"},  # 404 probes of unbuilt pages are expected
}
