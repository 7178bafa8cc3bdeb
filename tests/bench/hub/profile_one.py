"""One request's queries and their times, for looking into a slow scenario:
`python -m tests.bench.hub.profile_one USERNAME|anonymous URL` (DATABASE_URL picks the database)."""

import os
import sys
import time


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modelhub.settings")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    who, url = sys.argv[1], sys.argv[2]
    client = Client()
    if who != "anonymous":
        client.force_login(User.objects.get(username=who))
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        total = time.perf_counter() - started
    print(response.status_code, f"{total * 1000:.0f} ms")
    for query in captured.captured_queries:
        print(query["time"], query["sql"][:3000], "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
