"""`make bench`: the performance figures of spec section 10, each as a ratio taken in one run.

Run with `python -m tests.bench` (SQLite), or with DATABASE_URL=postgres://... for PostgreSQL.
It builds its own throwaway database (100,000 models), measures A/B interleaved in-process
with django.test.Client (against a bare view, the Django admin and a Django REST framework
peer), then through two gunicorn servers with concurrent clients, prints the tables and
writes them to tests/bench/last_results_<vendor>.txt. See tests/bench/README.md.
No module here is named test_*, so pytest (`make test`) never collects it.

This package must stay importable without Django configured (the image peak-memory
subprocess imports tests.bench.imaging only).
"""
