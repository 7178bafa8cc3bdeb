"""The request log's compiled INSERT (modelhub.compiled_queries.CompiledInsert) writes what the
ORM writes, sends nothing while compiling, and falls back to the ORM when it cannot compile."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from modelhub.compiled_queries import CompiledInsert, stand_in_text
from modelhub.models import ApiRequest
from modelhub.models.tokens import REQUESTS_KEPT_PER_USER
from modelhub.services import api_request_record, token_create
from modelhub.services.tokens import _RECORD

pytestmark = pytest.mark.django_db

COLUMNS = ["user_id", "token_id", "credentials", "method", "path", "status", "user_agent", "seq", "slot"]


def _log(user, token=None, n=0):
    api_request_record(user=user, token=token, method="PATCH", path=f"/v1alpha/x/{n}", status=200, user_agent="ua")


def _rows(user):
    return list(ApiRequest.objects.filter(user=user).order_by("seq").values_list(*COLUMNS))


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "orm"])
def test_the_log_entry_is_the_orms_and_the_ring_keeps_its_bound(settings, alice, bob, compiled):
    settings.MODELHUB_COMPILED_QUERIES = compiled
    token, _ = token_create(user=alice, name="ci")
    for n in range(REQUESTS_KEPT_PER_USER + 3):
        _log(alice, token if n % 2 else None, n)
    _log(bob)
    if compiled:
        assert _RECORD._compiled(connection.alias) is not None  # not silently left on the ORM path
    rows = _rows(alice)
    assert len(rows) == REQUESTS_KEPT_PER_USER  # the oldest three were replaced
    assert rows[0][COLUMNS.index("seq")] == 4 and rows[-1][COLUMNS.index("seq")] == REQUESTS_KEPT_PER_USER + 3
    last = rows[-1]
    assert last[: COLUMNS.index("seq")] == (alice.pk, None, "session", "PATCH", "/v1alpha/x/102", 200, "ua")
    assert rows[-2][1] == token.pk and rows[-2][2] == "token"
    assert _rows(bob) == [(bob.pk, None, "session", "PATCH", "/v1alpha/x/0", 200, "ua", 1, 1)]
    stamps = list(ApiRequest.objects.filter(user=alice).order_by("seq").values_list("create_time", flat=True))
    assert stamps == sorted(stamps) and stamps[0] != stamps[-1]  # each entry stamped when it was written


def test_it_compiles_inside_a_transaction_and_sends_only_the_insert(alice):
    log = CompiledInsert(ApiRequest, _RECORD.write, _RECORD.stand_ins, stamped=True)
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        log.run(alice.pk, None, "session", "GET", "/v1alpha/models", 200, "")
    assert log._compiled(connection.alias) is not None
    assert [q["sql"].split()[0] for q in captured.captured_queries] == ["INSERT"]
    assert _rows(alice)[-1][COLUMNS.index("path")] == "/v1alpha/models"


def test_a_write_that_transforms_its_input_stays_on_the_orm_and_right(alice):
    def shouted(queryset, user_id, method):
        queryset.bulk_create(
            [ApiRequest(user_id=user_id, method=method.upper(), path="/", status=200, seq=len(method))]
        )

    log = CompiledInsert(ApiRequest, shouted, (-2_043_000_011, stand_in_text(1)))
    with transaction.atomic():
        log.run(alice.pk, "get")
        assert log._compiled(connection.alias) is None  # the stand-in was changed: nothing cached
        log.run(alice.pk, "post")
    assert sorted(ApiRequest.objects.filter(user=alice).values_list("method", flat=True)) == ["GET", "POST"]


def test_an_error_while_running_falls_back_to_the_orm_and_warns_once(monkeypatch, caplog, alice):
    log = CompiledInsert(ApiRequest, _RECORD.write, _RECORD.stand_ins, stamped=True)
    with transaction.atomic():
        compiled = log._compiled(connection.alias)
        monkeypatch.setattr(compiled, "params", None)  # a broken cache: running it raises TypeError
        log.run(alice.pk, None, "session", "GET", "/a", 200, "")
        log.run(alice.pk, None, "session", "GET", "/b", 200, "")
    assert log.broken
    assert [r.message for r in caplog.records].count(caplog.records[0].message) == 1
    assert [row[COLUMNS.index("path")] for row in _rows(alice)] == ["/a", "/b"]


def test_a_locked_database_is_the_callers_error_and_keeps_the_write_compiled(monkeypatch, alice):
    from django.db import OperationalError

    log = CompiledInsert(ApiRequest, _RECORD.write, _RECORD.stand_ins, stamped=True)

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    with transaction.atomic():
        assert log._compiled(connection.alias) is not None
        monkeypatch.setattr(type(connection.cursor()), "execute", locked)
        with pytest.raises(OperationalError):
            log.run(alice.pk, None, "session", "GET", "/a", 200, "")
        monkeypatch.undo()
        log.run(alice.pk, None, "session", "GET", "/b", 200, "")
    assert not log.broken
    assert [row[COLUMNS.index("path")] for row in _rows(alice)] == ["/b"]
