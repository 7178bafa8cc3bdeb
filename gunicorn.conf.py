"""gunicorn's production configuration: `gunicorn -c gunicorn.conf.py modelhub.wsgi:application`.

Threaded workers (gthread): a connection is read by one of a worker's threads, so a
client that sends its request slowly holds one thread, not the whole worker; idle
keep-alive connections wait in the worker's poller and hold no thread at all. With the
defaults below (2 × CPU + 1 workers × 8 threads) a handful of slow clients leaves the
other threads answering normal requests. A server on the open internet should still sit
behind a buffering proxy or load balancer (nginx, HAProxy, a cloud LB) that reads whole
requests before passing them on: then no slow client ever reaches a thread.

Every value can be overridden from the environment (GUNICORN_*), or on the command line.
The default bind is loopback: set GUNICORN_BIND=0.0.0.0:8000 to serve other hosts.
"""

import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# Where to listen: loopback unless told otherwise (gunicorn's own default binds 0.0.0.0
# when PORT is set; this file never does that implicitly).
bind = [item.strip() for item in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",") if item.strip()]

# Processes and threads. Threads share a process's memory; each request's work is bounded
# (bodies at most 15 MB, image decoding within its pixel limit), so 8 threads fit a worker.
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1)
threads = _int("GUNICORN_THREADS", 8)
# Open connections a worker keeps (in its poller) beyond those its threads serve.
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", 1000)

# A worker that does not report back for `timeout` seconds is killed and replaced; with
# gthread the worker's main loop reports, so this catches a stuck process, not a slow request.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Seconds an idle keep-alive connection stays open between requests (behind a load
# balancer, set it above the balancer's idle timeout).
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Bounds on the request head, checked before Django sees anything: the request line, the
# number of header fields and each field's size. (Bodies are bounded by Django's settings
# and modelhub's middleware: 413 above the limits.)
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# No worker recycling by default. A gthread worker that reaches `max_requests` closes the
# connections it holds, including ones whose request has just arrived: their clients get a
# connection reset, and a PATCH or POST cannot be safely retried (`tests/test_gunicorn_config.py`
# sends thousands of keep-alive requests through one worker and expects every one answered).
# modelhub's per-worker caches are bounded; set GUNICORN_MAX_REQUESTS only behind a proxy
# that retries on a reset.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 0)

# Heartbeat files in memory, not on a disk that may stall.
if os.path.isdir("/dev/shm"):  # noqa: S108 - a directory gunicorn writes its heartbeat to, not a temp file
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# Logs to the console (the process manager collects them).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# X-Forwarded-* headers are trusted only from these addresses (the proxy in front).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
