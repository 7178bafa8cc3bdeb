"""Webhook targets that must never be reached (SSRF), refused at creation and at delivery.

With production settings (WEBHOOK_ALLOW_LOOPBACK off), a URL whose host is or resolves to a
loopback, private, link-local or metadata address is refused, and the delivery re-resolves
the host before it sends and never follows a redirect.
"""

import socket

import pytest
from django.core.exceptions import ValidationError
from standardwebhooks.webhooks import Webhook as StandardWebhook

from modelhub.models import AuditSource, DeliveryStatus, WebhookDelivery
from modelhub.services import aimodel_update
from modelhub.services.webhooks import webhook_create
from modelhub.webhooks import outbound
from tests.deploy_support import PRODUCTION_ENV, manage, strong_key
from tests.webhooks_support import Receiver, run_due_tasks


@pytest.fixture
def production(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    settings.WEBHOOK_ALLOWED_HOSTS = []
    return settings


def resolving_to(monkeypatch, mapping: dict[str, str]) -> None:
    """A resolver that answers `mapping` (host → address) and refuses anything else."""

    def fake(host, port):
        if host not in mapping:
            raise socket.gaierror(f"unknown host {host}")
        family = socket.AF_INET6 if ":" in mapping[host] else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (mapping[host], port))]

    monkeypatch.setattr(outbound, "getaddrinfo", fake)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost/hook",
        "http://[::1]/hook",
        "http://10.0.0.5/hook",
        "http://10.255.1.1:8080/hook",
        "http://192.168.1.10/hook",
        "http://172.16.0.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://[::ffff:10.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "http://100.64.0.1/hook",
    ],
)
def test_private_targets_are_refused_at_creation(production, alice_ns, alice, url):
    with pytest.raises(ValidationError) as refused:
        webhook_create(namespace=alice_ns, url=url, actor=alice)
    assert "private, loopback, link-local or metadata" in refused.value.message_dict["url"][0]
    assert not alice_ns.webhooks.exists()


def test_a_hostname_resolving_to_a_private_address_is_refused(production, alice_ns, alice, monkeypatch):
    resolving_to(monkeypatch, {"hooks.example.com": "10.1.2.3", "public.example.com": "93.184.216.34"})
    with pytest.raises(ValidationError):
        webhook_create(namespace=alice_ns, url="https://hooks.example.com/in", actor=alice)
    hook, _ = webhook_create(namespace=alice_ns, url="https://public.example.com/in", actor=alice)
    assert hook.url == "https://public.example.com/in"


def test_a_host_that_does_not_resolve_is_refused(production, alice_ns, alice, monkeypatch):
    resolving_to(monkeypatch, {})
    with pytest.raises(ValidationError) as refused:
        webhook_create(namespace=alice_ns, url="https://nowhere.example.com/", actor=alice)
    assert "could not be resolved" in refused.value.message_dict["url"][0]


def test_the_api_answers_the_refusal_in_words(production, client, alice, alice_ns):
    from tests.api_support import assert_status, bearer

    response = client.post(
        "/v1alpha/namespaces/alice/webhooks",
        data='{"url": "http://169.254.169.254/latest/meta-data/"}',
        content_type="application/json",
        headers=bearer(alice),
    )
    body = assert_status(response, 400, 3).json()
    assert body["details"][0]["fieldViolations"][0]["field"] == "url"


def test_delivery_re_resolves_and_refuses_a_host_now_pointing_inside(production, alice_ns, alice, aimodel, monkeypatch):
    """DNS rebinding: public when the webhook was made, private when the event is sent."""
    resolving_to(monkeypatch, {"hooks.example.com": "93.184.216.34"})
    webhook_create(namespace=alice_ns, url="http://hooks.example.com/in", actor=alice)
    resolving_to(monkeypatch, {"hooks.example.com": "127.0.0.1"})
    sent = []
    monkeypatch.setattr(outbound, "_pool", lambda *args: sent.append(args))  # would connect
    aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source=AuditSource.API)
    run_due_tasks()
    attempt = WebhookDelivery.objects.get().attempt_log.get()
    assert sent == [] and attempt.status_code is None and "private, loopback" in attempt.error


def test_a_redirect_is_not_followed(alice_ns, alice, aimodel, settings):
    """The receiver answers 302 to a metadata address: the attempt fails, nothing follows it."""
    settings.WEBHOOK_RETRY_FIRST_DELAY = 3600  # one attempt now; the retry waits
    inner = Receiver().start()
    outer = Receiver(redirect_to=inner.url).start()
    try:
        webhook_create(namespace=alice_ns, url=outer.url, actor=alice)
        aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source=AuditSource.API)
        run_due_tasks()
        assert len(outer.received) == 1 and inner.received == []
        delivery = WebhookDelivery.objects.get()
        attempt = delivery.attempt_log.get()
        assert attempt.status_code == 302 and "Redirects are not followed" in attempt.error
        assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1  # retried later, as a failure
    finally:
        inner.stop()
        outer.stop()


def test_allowed_hosts_may_resolve_anywhere(production, alice_ns, alice, monkeypatch):
    production.WEBHOOK_ALLOWED_HOSTS = ["receiver.internal"]
    resolving_to(monkeypatch, {"receiver.internal": "10.0.0.7", "other.internal": "10.0.0.8"})
    webhook_create(namespace=alice_ns, url="http://receiver.internal/hook", actor=alice)
    with pytest.raises(ValidationError):
        webhook_create(namespace=alice_ns, url="http://other.internal/hook", actor=alice)


def test_a_large_answer_is_read_only_up_to_the_cap(settings):
    receiver = Receiver(answers=[500, 500]).start()  # its error page is 3 KB
    try:
        whole = outbound.post(receiver.url, body=b"{}", headers={})
        settings.WEBHOOK_RESPONSE_MAX_BYTES = 100
        capped = outbound.post(receiver.url, body=b"{}", headers={})
    finally:
        receiver.stop()
    assert whole.status_code == capped.status_code == 500
    assert len(whole.excerpt) == outbound.EXCERPT_BYTES and len(capped.excerpt) == 100


def test_production_settings_refuse_loopback_by_default():
    check = "from django.conf import settings; print(settings.WEBHOOK_ALLOW_LOOPBACK)"
    production = manage("shell", "-c", check, **PRODUCTION_ENV, SECRET_KEY=strong_key())
    development = manage("shell", "-c", check)
    last_line = [result.stdout.strip().splitlines()[-1] for result in (production, development)]
    assert last_line == ["False", "True"], production.stderr


def test_a_development_receiver_on_loopback_works(alice_ns, alice, aimodel):
    receiver = Receiver().start()
    try:
        _, secret = webhook_create(namespace=alice_ns, url=receiver.url, actor=alice)
        aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source=AuditSource.API)
        run_due_tasks()
        [request] = receiver.received
        StandardWebhook(secret).verify(request.body, request.headers)
    finally:
        receiver.stop()


def test_a_receiver_that_does_not_answer_times_out(settings):
    import threading

    settings.WEBHOOK_READ_TIMEOUT = 0.3
    gate = threading.Event()
    receiver = Receiver(hold=gate).start()
    try:
        outcome = outbound.post(receiver.url, body=b"{}", headers={})
    finally:
        gate.set()
        receiver.stop()
    assert outcome.status_code is None and outcome.error == "The receiver did not answer in time."


def test_a_closed_port_is_a_refused_connection():
    receiver = Receiver().start()
    url = receiver.url
    receiver.stop()  # nothing listens there any more
    outcome = outbound.post(url, body=b"{}", headers={})
    assert outcome.status_code is None and outcome.error == "The connection was refused."


@pytest.fixture
def https_receiver(tmp_path):
    """An HTTPS receiver on loopback with a self-signed certificate for `localhost`."""
    import http.server
    import shutil
    import ssl
    import subprocess
    import threading

    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1"]
        + ["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
        check=True,
        capture_output=True,
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://localhost:{server.server_address[1]}/hook", cert
    server.shutdown()
    server.server_close()


def test_https_to_the_checked_address_still_verifies_the_certificate(https_receiver, monkeypatch):
    import ssl

    url, cert = https_receiver
    untrusted = outbound.post(url, body=b"{}", headers={})
    assert untrusted.status_code is None and "TLS" in untrusted.error

    def trusting():
        context = ssl.create_default_context()
        context.load_verify_locations(cert)
        return context

    monkeypatch.setattr(outbound, "tls_context", trusting)
    assert outbound.post(url, body=b"{}", headers={}).status_code == 200
