"""Soft delete, restore, rename with aliases, purge, and case-insensitive IDs: the services."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from modelhub.models import AIModel, AIModelAlias, AuditEntry, Report
from modelhub.selectors import (
    aimodel_resolve,
    aimodel_with_role,
    aimodels_of_namespace_visible_to,
    aimodels_visible_to,
    namespace_with_role,
)
from modelhub.services import (
    LifecycleRefused,
    ModelIdTaken,
    aimodel_create,
    aimodel_delete,
    aimodel_rename,
    aimodel_restore,
    aimodel_update,
    aimodels_purge_deleted,
    report_create,
)
from tests.factories import AIModelFactory
from tests.lifecycle_support import days_later, model_data
from tests.support import fresh, snapshot

pytestmark = pytest.mark.django_db


# --- delete ---------------------------------------------------------------------------


def test_delete_sets_delete_time_and_is_audited(aimodel, alice):
    deleted = aimodel_delete(aimodel=aimodel, actor=alice, source="web")
    row = fresh(aimodel)
    assert row.delete_time is not None and row.delete_time == deleted.delete_time
    assert row.update_time >= row.delete_time
    entry = AuditEntry.objects.get(aimodel=aimodel, action="delete")
    assert (entry.actor, entry.source) == (alice, "web")
    assert entry.changes["delete_time"]["old"] is None and entry.changes["delete_time"]["new"]


def test_a_deleted_model_is_absent_from_every_read(aimodel, alice, superuser, moderator):
    aimodel_delete(aimodel=aimodel, actor=alice, source="api")
    for user in (alice, superuser, moderator):
        assert not aimodels_visible_to(user).filter(pk=aimodel.pk).exists()
        namespace = namespace_with_role(user, "alice")
        assert not aimodels_of_namespace_visible_to(user, namespace).filter(pk=aimodel.pk).exists()
        assert aimodel_with_role(user, "alice", "resnet") is None
    found, canonical = aimodel_resolve(alice, "alice", "resnet", include_deleted=True)
    assert found == aimodel and canonical


def test_deleting_twice_is_refused_and_writes_nothing(aimodel, alice):
    aimodel_delete(aimodel=aimodel, actor=alice, source="web")
    before, audits = snapshot(aimodel), AuditEntry.objects.count()
    with pytest.raises(LifecycleRefused, match="already deleted"):
        aimodel_delete(aimodel=aimodel, actor=alice, source="web")
    assert snapshot(aimodel) == before and AuditEntry.objects.count() == audits


# --- restore --------------------------------------------------------------------------


def test_restore_brings_the_model_back_with_its_history(aimodel, alice):
    aimodel_update(aimodel=aimodel, changes={"description": "Before the delete"}, actor=alice, source="web")
    aimodel_delete(aimodel=aimodel, actor=alice, source="web")
    with days_later(29):
        aimodel_restore(aimodel=aimodel, actor=alice, source="web")
    row = fresh(aimodel)
    assert row.delete_time is None and row.description == "Before the delete"
    assert aimodel_with_role(alice, "alice", "resnet") == aimodel
    actions = list(AuditEntry.objects.filter(aimodel=aimodel).order_by("create_time", "id").values_list("action"))
    assert [a for (a,) in actions] == ["update", "delete", "undelete"]


def test_editors_may_not_restore_after_thirty_days(aimodel, alice):
    aimodel_delete(aimodel=aimodel, actor=alice, source="web")
    before = snapshot(aimodel)
    with days_later(31), pytest.raises(LifecycleRefused, match="only staff"):
        aimodel_restore(aimodel=aimodel, actor=alice, source="web")
    assert snapshot(aimodel) == before


@pytest.mark.parametrize("staff", ["moderator", "superuser"])
def test_staff_may_restore_until_the_purge(request, aimodel, alice, staff):
    aimodel_delete(aimodel=aimodel, actor=alice, source="web")
    with days_later(300):
        aimodel_restore(aimodel=aimodel, actor=request.getfixturevalue(staff), source="admin")
    assert fresh(aimodel).delete_time is None


def test_restoring_a_model_that_is_not_deleted_is_refused(aimodel, alice):
    with pytest.raises(LifecycleRefused, match="not deleted"):
        aimodel_restore(aimodel=aimodel, actor=alice, source="web")
    assert not AuditEntry.objects.exists()


# --- rename and aliases ---------------------------------------------------------------


def test_rename_keeps_the_old_id_as_an_alias(aimodel, alice):
    renamed = aimodel_rename(aimodel=aimodel, new_model_id="resnet-v2", actor=alice, source="web")
    assert renamed.model_id == "resnet-v2"
    assert AuditEntry.objects.get(aimodel=aimodel).action == "rename"
    assert aimodel_resolve(alice, "alice", "resnet-v2") == (aimodel, True)
    assert aimodel_resolve(alice, "alice", "resnet") == (aimodel, False)
    assert aimodel_resolve(alice, "ALICE", "RESNET") == (aimodel, False)  # aliases ignore letter case too


def test_patch_id_goes_the_same_way_and_chains_of_renames_all_resolve(aimodel, alice):
    aimodel_update(aimodel=aimodel, changes={"model_id": "second"}, actor=alice, source="api")
    aimodel_rename(aimodel=fresh(aimodel), new_model_id="third", actor=alice, source="web")
    for old in ("resnet", "second"):
        assert aimodel_resolve(alice, "alice", old) == (aimodel, False)
    # Back to a former ID: that alias ends (the model holds the ID again), the one it leaves begins.
    aimodel_rename(aimodel=fresh(aimodel), new_model_id="resnet", actor=alice, source="web")
    assert sorted(AIModelAlias.objects.values_list("model_id", flat=True)) == ["second", "third"]
    assert aimodel_resolve(alice, "alice", "resnet") == (aimodel, True)


def test_a_rename_that_only_changes_letter_case_makes_no_alias(aimodel, alice):
    aimodel_rename(aimodel=aimodel, new_model_id="ResNet", actor=alice, source="web")
    assert not AIModelAlias.objects.exists()
    assert aimodel_resolve(alice, "alice", "resnet") == (aimodel, False)
    assert aimodel_resolve(alice, "alice", "ResNet") == (aimodel, True)


def test_a_new_model_that_takes_the_old_id_ends_the_alias(aimodel, alice, alice_ns):
    aimodel_rename(aimodel=aimodel, new_model_id="resnet-v2", actor=alice, source="web")
    newcomer = aimodel_create(namespace=alice_ns, data=model_data("RESNET"), actor=alice, source="web")
    assert not AIModelAlias.objects.exists()
    assert aimodel_resolve(alice, "alice", "resnet") == (newcomer, False)
    assert aimodel_resolve(alice, "alice", "RESNET") == (newcomer, True)


def test_another_model_renamed_to_the_old_id_ends_the_alias(aimodel, alice, alice_ns, container):
    other = AIModelFactory(namespace=alice_ns, model_id="other", model_definition=container)
    aimodel_rename(aimodel=aimodel, new_model_id="resnet-v2", actor=alice, source="web")
    aimodel_rename(aimodel=other, new_model_id="resnet", actor=alice, source="web")
    assert list(AIModelAlias.objects.values_list("model_id", "aimodel")) == [("other", other.pk)]
    assert aimodel_resolve(alice, "alice", "resnet") == (other, True)


@pytest.mark.parametrize("taken", ["other", "OTHER", "Other"])
def test_an_id_taken_in_any_letter_case_is_refused(aimodel, alice, alice_ns, container, taken):
    AIModelFactory(namespace=alice_ns, model_id="other", model_definition=container)
    before = snapshot(aimodel)
    with pytest.raises(ModelIdTaken) as exc:
        aimodel_rename(aimodel=aimodel, new_model_id=taken, actor=alice, source="web")
    assert exc.value.message_dict == {
        "model_id": [f"A model with ID '{taken}' already exists in this namespace (IDs ignore letter case)."]
    }
    assert isinstance(exc.value, ValidationError)  # every existing handler shows it as a field error
    assert snapshot(aimodel) == before and not AuditEntry.objects.exists() and not AIModelAlias.objects.exists()
    with pytest.raises(ModelIdTaken):
        aimodel_create(namespace=alice_ns, data=model_data(taken), actor=alice, source="api")


def test_a_deleted_model_keeps_its_id_taken_until_purged(aimodel, alice, alice_ns):
    aimodel_delete(aimodel=aimodel, actor=alice, source="web")
    with pytest.raises(ModelIdTaken, match="deleted model"):
        aimodel_create(namespace=alice_ns, data=model_data("Resnet"), actor=alice, source="web")
    assert AIModel.objects.count() == 1


def test_an_id_with_other_errors_is_a_plain_validation_error(aimodel, alice, alice_ns, container):
    AIModelFactory(namespace=alice_ns, model_id="other", model_definition=container)
    with pytest.raises(ValidationError) as exc:
        aimodel_update(aimodel=aimodel, changes={"model_id": "other", "task": "nope"}, actor=alice, source="api")
    assert not isinstance(exc.value, ModelIdTaken)
    assert set(exc.value.message_dict) == {"model_id", "task"}


def test_the_database_refuses_case_duplicates_too(aimodel, alice_ns, container):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AIModelFactory(namespace=alice_ns, model_id="ReSNeT", model_definition=container)


# --- purge ----------------------------------------------------------------------------


def test_purge_removes_models_deleted_more_than_thirty_days_ago_and_frees_their_ids(
    aimodel, alice, alice_ns, bob, container
):
    report_create(aimodel=aimodel, reporter=bob, reason="spam", text="")
    aimodel_rename(aimodel=aimodel, new_model_id="resnet-v2", actor=alice, source="web")
    recent = AIModelFactory(namespace=alice_ns, model_id="recent", model_definition=container)
    aimodel_delete(aimodel=fresh(aimodel), actor=alice, source="web")
    with days_later(10):
        aimodel_delete(aimodel=recent, actor=alice, source="web")
    assert aimodels_purge_deleted() == []  # nothing is 30 days old yet
    with days_later(30.5):
        assert aimodels_purge_deleted(dry_run=True) == ["namespaces/alice/models/resnet-v2"]
        assert AIModel.objects.filter(pk=aimodel.pk).exists()  # a dry run removes nothing
        assert aimodels_purge_deleted() == ["namespaces/alice/models/resnet-v2"]
        assert aimodels_purge_deleted() == []  # idempotent
    assert not AIModel.objects.filter(pk=aimodel.pk).exists()
    assert not AuditEntry.objects.filter(aimodel_id=aimodel.pk).exists()
    assert not Report.objects.exists() and not AIModelAlias.objects.exists()
    assert AIModel.objects.filter(pk=recent.pk).exists()
    reborn = aimodel_create(namespace=alice_ns, data=model_data("resnet-v2"), actor=alice, source="web")
    assert aimodel_resolve(alice, "alice", "resnet-v2") == (reborn, True)


def test_purge_command_dry_run_and_idempotence(aimodel, alice, capsys):
    aimodel_delete(aimodel=aimodel, actor=alice, source="web")
    with days_later(31):
        call_command("purge_deleted_models", "--dry-run")
        assert "Would purge namespaces/alice/models/resnet" in capsys.readouterr().out
        assert AIModel.objects.filter(pk=aimodel.pk).exists()
        call_command("purge_deleted_models")
        assert "Purged 1 model(s)" in capsys.readouterr().out
        call_command("purge_deleted_models")
        assert "Purged 0 model(s)" in capsys.readouterr().out
    assert not AIModel.objects.exists()


def test_purge_never_touches_models_that_are_not_deleted(aimodel):
    with days_later(365):
        assert aimodels_purge_deleted() == []
    assert fresh(aimodel).delete_time is None
