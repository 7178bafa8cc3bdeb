"""How long the hostile-input refusals take on this machine (not a test: it prints numbers).

    .venv/bin/python -m tests.measure_refusals

`make bench` prints the same figures (tests/bench/refusals.py calls `measure_refusals`).

Builds a throwaway SQLite database with one model, then PATCHes it through Django's test
client with hostile bodies (a huge configuration string, a configuration of a million keys,
a million unknown keys, a WebP bomb), and prints for each: the answer's
status and size, the median time of 5 runs, and the peak of Python allocations
(tracemalloc) of one run. The 12 MP JPEG, a legitimate upload, is there for comparison.
"""

import base64
import io
import logging
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass

RUNS = 5


def _setup(directory: str):
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/measure.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modelhub.settings")
    os.environ.pop("MODELHUB_ENV", None)
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the refusals are 4xx: no log lines
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from modelhub.services import token_create
    from tests.factories import AIModelFactory, ModelDefinitionFactory, user_with_namespace

    alice, namespace = user_with_namespace("alice")
    ModelDefinitionFactory(definition_id="open", model_spec={"type": "object"})
    AIModelFactory(namespace=namespace, model_id="resnet", model_definition_id="open")
    return alice, token_create(user=alice, name="measure")[1]


def refusal_bodies() -> dict[str, bytes]:
    """The hostile bodies, and a legitimate 12 MP JPEG to compare."""
    from PIL import Image

    webp_bomb = bytes.fromhex("524946461e000000574542505650384c110000002f9bd8261607508a2ad4a3808188e87f0000")
    photo = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    buf = io.BytesIO()
    photo.save(buf, "JPEG", quality=90)
    jpeg = buf.getvalue()

    def uri(raw: bytes, mime: str) -> bytes:
        return b'{"profileImage": "data:' + mime.encode() + b";base64," + base64.b64encode(raw) + b'"}'

    return {
        "configuration, 14 MB string": b'{"configuration": {"a": "' + b"x" * (14 * 1024 * 1024) + b'"}}',
        "configuration, 1 M keys": b'{"configuration": {' + b'"k":"v",' * 1_000_000 + b'"k":"v"}}',
        "1.15 M unknown keys": b"{" + b'"unknown":0,' * 1_150_000 + b'"last":0}',
        "WebP bomb 6300x6300": uri(webp_bomb, "image/webp"),
        "(legit) 12 MP JPEG": uri(jpeg, "image/jpeg"),
    }


@dataclass
class Refusal:
    name: str
    body_bytes: int
    status: int
    answer_bytes: int
    median_ms: float
    peak_mb: float  # tracemalloc peak of one run


def measure_refusals(client, url: str, headers: dict[str, str], *, runs: int = RUNS) -> list[Refusal]:
    """PATCH `url` with each body `runs` times (median), then once under tracemalloc (peak)."""
    results = []
    for name, body in refusal_bodies().items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.patch(url, body, content_type="application/json", headers=headers)
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        client.patch(url, body, content_type="application/json", headers=headers)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        results.append(
            Refusal(
                name=name,
                body_bytes=len(body),
                status=response.status_code,
                answer_bytes=len(response.content),
                median_ms=statistics.median(times) * 1000,
                peak_mb=peak / 1e6,
            )
        )
    return results


def main() -> None:
    sys.path.insert(0, os.getcwd())
    with tempfile.TemporaryDirectory() as directory:
        _, raw = _setup(directory)
        from django.test import Client

        results = measure_refusals(
            Client(), "/v1alpha/namespaces/alice/models/resnet", {"Authorization": f"Bearer {raw}"}
        )
        print(f"{'body':30} {'bytes':>11} {'status':>6} {'answer':>7} {'median':>9} {'peak (tracemalloc)':>19}")
        for r in results:
            print(
                f"{r.name:30} {r.body_bytes:>11,} {r.status:>6} {r.answer_bytes:>6,}B "
                f"{r.median_ms:>7.1f}ms {r.peak_mb:>16.1f} MB"
            )


if __name__ == "__main__":
    main()
