"""Data safety: a crash anywhere in a write leaves neither a half-written row nor an orphan audit entry.

The tests run with real transactions (transaction=True), so what they see is what a
rollback really leaves in the database, on SQLite and on PostgreSQL.
"""

import pytest
from django.db import connection, transaction

from modelhub.models import AIModel, AuditEntry
from modelhub.services import aimodel_create, aimodel_update
from tests.support import snapshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    """The user fixtures hash a password; the default hasher makes that a second per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Crash(Exception):
    pass


def crash(*args, **kwargs):
    raise Crash("injected")


NEW_DATA = {
    "model_id": "fresh",
    "model_definition": "container",
    "configuration": {},
    "task": "TASK_OCR",
    "visibility": "VISIBILITY_PRIVATE",
    "region": "REGION_LOCAL",
    "hardware": "GPU",
    "description": "new",
}
CHANGES = {"description": "changed", "model_id": "renamed", "task": "TASK_OCR"}


def assert_still_works(aimodel, alice):
    """The connection is usable after the crash (no aborted transaction left behind)."""
    result = aimodel_update(aimodel=aimodel, changes={"license": "MIT"}, actor=alice, source="web")
    assert result.changed_fields == ("license",)
    assert AuditEntry.objects.filter(aimodel=aimodel).count() == 1


def test_crash_in_the_audit_write_rolls_back_the_update(aimodel, alice, monkeypatch):
    before = snapshot(aimodel)
    with monkeypatch.context() as patch:
        patch.setattr(AuditEntry.objects, "create", crash)
        with pytest.raises(Crash):
            aimodel_update(aimodel=aimodel, changes=CHANGES, actor=alice, source="web")
    assert snapshot(aimodel) == before
    assert not AuditEntry.objects.exists()
    assert not connection.in_atomic_block
    assert_still_works(aimodel, alice)


def test_crash_in_the_update_writes_nothing(aimodel, alice, monkeypatch):
    before = snapshot(aimodel)
    with monkeypatch.context() as patch:
        patch.setattr(AIModel, "save", crash)
        with pytest.raises(Crash):
            aimodel_update(aimodel=aimodel, changes=CHANGES, actor=alice, source="api")
    assert snapshot(aimodel) == before
    assert not AuditEntry.objects.exists()
    assert_still_works(aimodel, alice)


def test_crash_right_after_the_update_statement_rolls_it_back(aimodel, alice, monkeypatch):
    """The UPDATE reached the database, then the process failed before the audit entry."""
    before = snapshot(aimodel)
    real_save = AIModel.save

    def save_then_crash(self, *args, **kwargs):
        real_save(self, *args, **kwargs)
        assert AIModel.objects.filter(pk=self.pk, description="changed").exists()  # written, uncommitted
        raise Crash("after the UPDATE")

    with monkeypatch.context() as patch:
        patch.setattr(AIModel, "save", save_then_crash)
        with pytest.raises(Crash):
            aimodel_update(aimodel=aimodel, changes=CHANGES, actor=alice, source="admin")
    assert snapshot(aimodel) == before
    assert not AuditEntry.objects.exists()
    assert_still_works(aimodel, alice)


def test_crash_in_the_audit_write_rolls_back_a_create(alice_ns, container, alice, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(AuditEntry.objects, "create", crash)
        with pytest.raises(Crash):
            aimodel_create(namespace=alice_ns, data=NEW_DATA, actor=alice, source="web")
    assert not AIModel.objects.filter(model_id="fresh").exists()
    assert not AuditEntry.objects.exists()
    created = aimodel_create(namespace=alice_ns, data=NEW_DATA, actor=alice, source="web")
    assert AuditEntry.objects.get().aimodel == created


def test_crash_in_the_insert_writes_nothing(alice_ns, container, alice, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(AIModel, "save", crash)
        with pytest.raises(Crash):
            aimodel_create(namespace=alice_ns, data=NEW_DATA, actor=alice, source="api")
    assert not AIModel.objects.exists()
    assert not AuditEntry.objects.exists()


def test_crash_inside_a_callers_transaction_rolls_back_everything(aimodel, alice, monkeypatch):
    """The API holds the row lock in its own transaction (locked=True): a crash undoes it all."""
    before = snapshot(aimodel)
    with monkeypatch.context() as patch:
        patch.setattr(AuditEntry.objects, "create", crash)
        with pytest.raises(Crash), transaction.atomic():
            locked = AIModel.objects.select_for_update().select_related("namespace").get(pk=aimodel.pk)
            aimodel_update(aimodel=locked, changes=CHANGES, actor=alice, source="api", locked=True)
    assert snapshot(aimodel) == before
    assert not AuditEntry.objects.exists()
    assert_still_works(aimodel, alice)


def test_a_rename_lost_to_a_unique_clash_writes_nothing(aimodel, alice, monkeypatch):
    """The id check passed, then another writer took the id: the database refuses, nothing is half-written."""
    from django.core.exceptions import ValidationError

    from modelhub.services import aimodels as service
    from tests.factories import AIModelFactory

    AIModelFactory(namespace=aimodel.namespace, model_id="taken", model_definition=aimodel.model_definition)
    before = snapshot(aimodel)
    real_validate = service.validate_aimodel
    monkeypatch.setattr(service, "validate_aimodel", lambda record, **kw: None)  # simulate the lost race
    with pytest.raises(ValidationError) as exc:
        aimodel_update(aimodel=aimodel, changes={"model_id": "taken", "description": "x"}, actor=alice, source="web")
    assert "already exists" in exc.value.message_dict["model_id"][0]
    assert snapshot(aimodel) == before
    assert not AuditEntry.objects.exists()
    monkeypatch.setattr(service, "validate_aimodel", real_validate)
    assert_still_works(aimodel, alice)
