import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modelhub.models import AIModel, AuditEntry, ModerationState, Visibility
from modelhub.services import ConflictError, PreconditionFailed, aimodel_create, aimodel_update
from tests.support import fresh

pytestmark = pytest.mark.django_db


def test_update_writes_only_the_changed_field_and_update_time(aimodel, alice):
    with CaptureQueriesContext(connection) as ctx:
        result = aimodel_update(aimodel=aimodel, changes={"description": "New"}, actor=alice, source="web")
    updates = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    set_clause = updates[0].split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    assert [part.split("=")[0].strip().strip('"`') for part in set_clause.split(", ")] == ["description", "update_time"]
    assert result.changed_fields == ("description",)
    assert fresh(aimodel).description == "New"


def test_two_stale_copies_editing_different_fields_both_survive(aimodel, alice):
    first, second = fresh(aimodel), fresh(aimodel)
    aimodel_update(aimodel=first, changes={"description": "From first"}, actor=alice, source="web")
    aimodel_update(aimodel=second, changes={"license": "MIT"}, actor=alice, source="api")
    row = fresh(aimodel)
    assert (row.description, row.license) == ("From first", "MIT")


def test_same_field_from_stale_copy_is_refused_and_names_the_field(aimodel, alice):
    first, second = fresh(aimodel), fresh(aimodel)
    aimodel_update(aimodel=first, changes={"description": "Theirs"}, actor=alice, source="web")
    with pytest.raises(ConflictError) as exc:
        aimodel_update(aimodel=second, changes={"description": "Mine", "license": "MIT"}, actor=alice, source="web")
    assert exc.value.conflicts == {"description": "Theirs"}
    row = fresh(aimodel)
    assert (row.description, row.license) == ("Theirs", "")


def test_failed_validation_leaves_row_and_audit_unchanged(aimodel, alice):
    before = fresh(aimodel)
    with pytest.raises(ValidationError) as exc:
        aimodel_update(aimodel=aimodel, changes={"description": "ok", "hardware": "TPU"}, actor=alice, source="api")
    assert "not available in region 'REGION_GCP_EUROPE_WEST4'" in exc.value.message_dict["hardware"][0]
    after = fresh(aimodel)
    assert (after.description, after.hardware, after.update_time) == (before.description, "CPU", before.update_time)
    assert not AuditEntry.objects.exists()


def test_audit_entry_records_actor_source_and_old_new(aimodel, alice):
    aimodel_update(aimodel=aimodel, changes={"description": "New", "task": "TASK_OCR"}, actor=alice, source="api")
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.source, entry.action) == (alice, "api", "update")
    assert entry.changes == {
        "description": {"old": "A test model.", "new": "New"},
        "task": {"old": "TASK_CLASSIFICATION", "new": "TASK_OCR"},
    }


def test_saving_current_values_writes_nothing(aimodel, alice):
    before = fresh(aimodel).update_time
    with CaptureQueriesContext(connection) as ctx:
        result = aimodel_update(
            aimodel=aimodel, changes={"description": aimodel.description}, actor=alice, source="web"
        )
    assert not result.changed
    assert not [q for q in ctx.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert fresh(aimodel).update_time == before


def test_if_match_mismatch_raises_and_writes_nothing(aimodel, alice):
    old_etag = fresh(aimodel).etag
    aimodel_update(aimodel=aimodel, changes={"description": "v2"}, actor=alice, source="api")
    with pytest.raises(PreconditionFailed):
        aimodel_update(aimodel=aimodel, changes={"license": "MIT"}, actor=alice, source="api", if_match=old_etag)
    assert fresh(aimodel).license == ""
    current = fresh(aimodel)
    aimodel_update(aimodel=current, changes={"license": "MIT"}, actor=alice, source="api", if_match=current.etag)
    assert fresh(aimodel).license == "MIT"


def test_hidden_model_cannot_be_made_public_by_owner(aimodel, alice, moderator):
    aimodel_update(
        aimodel=aimodel,
        changes={"visibility": Visibility.PRIVATE, "moderation_state": ModerationState.HIDDEN},
        actor=moderator,
        source="moderation",
        action="hide",
    )
    with pytest.raises(ValidationError) as exc:
        aimodel_update(aimodel=fresh(aimodel), changes={"visibility": Visibility.PUBLIC}, actor=alice, source="web")
    assert "hidden by moderators" in exc.value.message_dict["visibility"][0]
    assert fresh(aimodel).visibility == Visibility.PRIVATE


def test_moderation_fields_are_refused_outside_moderation(aimodel, alice):
    with pytest.raises(ValidationError) as exc:
        aimodel_update(aimodel=aimodel, changes={"moderation_state": "ACTIVE"}, actor=alice, source="api")
    assert exc.value.message_dict == {"moderation_state": ["Unknown or read-only field."]}


def test_configuration_is_validated_against_the_definition_with_json_path(aimodel, alice, github):
    with pytest.raises(ValidationError) as exc:
        aimodel_update(
            aimodel=aimodel,
            changes={"model_definition": "github", "configuration": {"repository": 5, "tag": "v1"}},
            actor=alice,
            source="api",
        )
    assert exc.value.message_dict["configuration"] == ["$.repository: 5 is not of type 'string'"]
    aimodel_update(
        aimodel=fresh(aimodel),
        changes={"model_definition": "github", "configuration": {"repository": "acme/resnet", "tag": "v1"}},
        actor=alice,
        source="api",
    )
    assert fresh(aimodel).model_definition_id == "github"


def test_rename_to_a_taken_id_is_refused(aimodel, alice, alice_ns):
    from tests.factories import AIModelFactory

    AIModelFactory(namespace=alice_ns, model_id="taken", model_definition=aimodel.model_definition)
    with pytest.raises(ValidationError) as exc:
        aimodel_update(aimodel=aimodel, changes={"model_id": "taken"}, actor=alice, source="web")
    assert "already exists" in exc.value.message_dict["model_id"][0]


def test_create_validates_and_audits(alice, alice_ns, container):
    data = {
        "model_id": "new-one",
        "model_definition": "container",
        "configuration": {},
        "task": "TASK_CHAT",
        "visibility": "VISIBILITY_PRIVATE",
        "region": "REGION_LOCAL",
        "hardware": "my-rig_2",
    }
    aimodel = aimodel_create(namespace=alice_ns, data=data, actor=alice, source="web")
    assert fresh(aimodel).hardware == "my-rig_2"
    assert AuditEntry.objects.get().action == "create"
    with pytest.raises(ValidationError) as exc:
        aimodel_create(namespace=alice_ns, data={**data, "model_id": "9bad"}, actor=alice, source="web")
    assert "RFC-1034" in exc.value.message_dict["model_id"][0]
    assert AIModel.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_locked_update_requires_the_callers_transaction(aimodel, alice):
    with pytest.raises(RuntimeError):
        aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source="api", locked=True)


def test_hide_and_restore_go_through_the_service_and_are_audited(aimodel, alice, moderator):
    from modelhub.services import aimodel_hide, aimodel_unhide

    aimodel_hide(aimodel=aimodel, actor=moderator, note="Spam")
    row = fresh(aimodel)
    assert (row.visibility, row.moderation_state) == (Visibility.PRIVATE, ModerationState.HIDDEN)
    aimodel_unhide(aimodel=row, actor=moderator, visibility=Visibility.PRIVATE)
    assert fresh(aimodel).moderation_state == ModerationState.ACTIVE
    aimodel_update(aimodel=fresh(aimodel), changes={"visibility": Visibility.PUBLIC}, actor=alice, source="web")
    actions = list(AuditEntry.objects.order_by("create_time", "id").values_list("action", "source", "message"))
    assert actions == [("hide", "moderation", "Spam"), ("restore", "moderation", ""), ("update", "web", "")]


def test_hide_works_on_a_record_an_older_rule_let_through(alice_ns, container, moderator):
    from modelhub.services import aimodel_hide
    from tests.factories import AIModelFactory

    broken = AIModelFactory(namespace=alice_ns, model_id="broken", model_definition=container, source_url="ftp://x")
    aimodel_hide(aimodel=broken, actor=moderator, note="Malware")
    assert fresh(broken).moderation_state == ModerationState.HIDDEN
    with pytest.raises(ValidationError) as exc:  # the owner's next edit still meets every rule
        aimodel_update(aimodel=fresh(broken), changes={"description": "x"}, actor=None, source="web")
    assert "source_url" in exc.value.message_dict
