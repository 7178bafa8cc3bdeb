"""Compiled reads (modelhub.compiled_queries) return what the ORM returns, in one query each."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.transaction import TransactionManagementError

from modelhub.compiled_queries import CompiledRead, stand_in_int, stand_in_text
from modelhub.models import AIModel, ApiToken
from modelhub.selectors import aimodel_with_role
from modelhub.selectors.resolve import _AIMODEL_WITH_ROLE, _AIMODEL_WITH_ROLE_LOCKED, _aimodel_with_role
from modelhub.services import token_authenticate, token_create, token_revoke
from modelhub.services.tokens import _ACTIVE_TOKEN

FIELDS = [f.attname for f in AIModel._meta.concrete_fields]


def _same_model(compiled: AIModel, orm: AIModel) -> None:
    assert [getattr(compiled, f) for f in FIELDS] == [getattr(orm, f) for f in FIELDS]
    assert compiled.caller_role == orm.caller_role
    assert compiled.namespace.__dict__.keys() - {"_state"} == orm.namespace.__dict__.keys() - {"_state"}
    assert compiled.namespace.namespace_id == orm.namespace.namespace_id
    assert compiled.model_definition.model_spec == orm.model_definition.model_spec
    assert compiled._state.db == orm._state.db and not compiled._state.adding


def _is_cached(read: CompiledRead) -> bool:
    return read._compiled(connection.alias) is not None


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_model_with_role_is_the_orms_model_with_the_callers_role(who, request, aimodel, private_model):
    user = request.getfixturevalue(who)
    for model in (aimodel, private_model):
        ns = model.namespace.namespace_id
        orm = _aimodel_with_role(user.pk, ns, model.model_id, for_update=False).get()
        for _ in range(2):  # compiled on the first call, reused on the second
            compiled = aimodel_with_role(user, ns, model.model_id)
            _same_model(compiled, orm)
    assert aimodel_with_role(user, "alice", "resnet").caller_role == ("owner" if who == "alice" else None)
    assert aimodel_with_role(user, "acme", "secret").caller_role == {"alice": "member", "carol": "viewer"}.get(who)


def test_model_with_role_is_one_query_with_its_namespace_and_definition(alice, aimodel, django_assert_num_queries):
    aimodel_with_role(alice, "alice", "resnet")  # compiled
    assert _is_cached(_AIMODEL_WITH_ROLE)
    with django_assert_num_queries(1):
        found = aimodel_with_role(alice, "alice", "resnet")
        assert found.namespace.owner_name == "users/alice"
        assert found.model_definition.definition_id == "container"
        assert found.configuration == aimodel.configuration


def test_model_with_role_missing_or_other_namespace_is_none(alice, aimodel, acme):
    assert aimodel_with_role(alice, "alice", "nope") is None
    assert aimodel_with_role(alice, "acme", "resnet") is None
    assert aimodel_with_role(alice, "alice", " Mh-Compiled-Param-2 ") is None  # a stand-in is just a value


@pytest.mark.django_db(transaction=True)  # autocommit outside the atomic blocks, as in production
def test_locked_read_needs_a_transaction_like_the_orm(alice, aimodel):
    def outcome(read):
        try:
            read()
        except TransactionManagementError:
            return "refused"
        return "read"

    orm = outcome(lambda: _aimodel_with_role(alice.pk, "alice", "resnet", for_update=True).get())
    compiled = outcome(lambda: aimodel_with_role(alice, "alice", "resnet", for_update=True))
    assert compiled == orm == ("refused" if connection.features.has_select_for_update else "read")
    with transaction.atomic():
        locked = aimodel_with_role(alice, "alice", "resnet", for_update=True)
    assert locked.pk == aimodel.pk and locked.caller_role == "owner"
    assert _is_cached(_AIMODEL_WITH_ROLE_LOCKED)


def test_anonymous_caller_reads_through_the_orm(aimodel):
    from django.contrib.auth.models import AnonymousUser

    found = aimodel_with_role(AnonymousUser(), "alice", "resnet")
    assert found.pk == aimodel.pk and found.caller_role is None


def test_token_authenticate_reads_the_active_token_with_its_user(alice, bob, django_assert_num_queries):
    token, raw = token_create(user=alice, name="ci")
    _, other = token_create(user=bob, name="other")
    token_authenticate(raw)  # compiled
    assert _is_cached(_ACTIVE_TOKEN)
    with django_assert_num_queries(1):
        found = token_authenticate(raw)
        assert found.user.username == "alice"
    assert found.pk == token.pk and found.last_used_time == token.last_used_time
    assert token_authenticate(other).user.username == "bob"
    token_revoke(token=token)
    assert token_authenticate(raw) is None
    alice.is_active = False
    alice.save()
    assert ApiToken.objects.filter(user=alice).exists() and token_authenticate(raw) is None


def test_a_builder_that_transforms_its_input_is_not_cached_and_stays_right(alice, aimodel):
    def by_lowered_id(model_id):
        return AIModel.objects.filter(model_id=model_id.lower())

    read = CompiledRead(by_lowered_id, (stand_in_text(0),))
    assert [m.pk for m in read.fetch("RESNET", limit=2)] == [aimodel.pk]
    assert not _is_cached(read)  # the stand-in was lowered: the ORM runs it every time


def test_a_stand_in_used_twice_is_not_cached(alice, aimodel):
    def twice(user_id):
        return AIModel.objects.filter(namespace__memberships__user_id=user_id, namespace__members__id=user_id)

    read = CompiledRead(twice, (stand_in_int(0),))
    assert [m.pk for m in read.fetch(alice.pk, limit=2)] == [aimodel.pk]
    assert not _is_cached(read)


def _by_id(model_id):
    return AIModel.objects.select_related("namespace").filter(model_id=model_id)


def test_setting_off_reads_through_the_orm_and_compiles_nothing(settings, aimodel, django_assert_num_queries):
    settings.MODELHUB_COMPILED_QUERIES = False
    read = CompiledRead(_by_id, (stand_in_text(0),))
    with django_assert_num_queries(1):
        found = read.fetch("resnet", limit=2)
        assert [m.namespace.namespace_id for m in found] == ["alice"]
    assert read._local.__dict__.get("by_alias") is None  # never compiled
    assert not read.broken


def test_an_error_while_compiling_falls_back_to_the_orm_and_warns_once(monkeypatch, caplog, aimodel):
    import modelhub.compiled_queries as compiled_queries

    def broken_populators(*args):
        raise AttributeError("'SQLCompiler' object has no attribute 'klass_info'")  # as a Django upgrade might

    monkeypatch.setattr(compiled_queries.reads, "get_related_populators", broken_populators)
    read = CompiledRead(_by_id, (stand_in_text(0),))
    with caplog.at_level("WARNING", logger="modelhub.compiled_queries"):
        for _ in range(3):
            assert [m.pk for m in read.fetch("resnet", limit=2)] == [aimodel.pk]
            assert read.fetch("nope", limit=2) == []
    assert read.broken and not _is_cached(read)
    assert [r.getMessage() for r in caplog.records] == [
        "Compiled read _by_id failed while compiling; it runs through the ORM from now on."
    ]


def test_an_error_while_running_falls_back_to_the_orm_and_warns_once(monkeypatch, caplog, aimodel):
    read = CompiledRead(_by_id, (stand_in_text(0),))
    assert [m.pk for m in read.fetch("resnet", limit=2)] == [aimodel.pk]  # compiled and run
    compiled = read._compiled(connection.alias)
    monkeypatch.setattr(compiled, "annotations", {"caller_role": 999})  # a column map that no longer fits the rows
    with caplog.at_level("WARNING", logger="modelhub.compiled_queries"):
        for _ in range(3):
            found = read.fetch("resnet", limit=2)
            assert [(m.pk, m.namespace.namespace_id, m.description) for m in found] == [
                (aimodel.pk, "alice", aimodel.description)
            ]
    assert read.broken
    assert [r.getMessage() for r in caplog.records] == [
        "Compiled read _by_id failed while running; it runs through the ORM from now on."
    ]


@pytest.mark.django_db(transaction=True)  # autocommit, as a read outside a transaction runs in production
def test_sql_the_database_refuses_falls_back_to_the_orm_outside_a_transaction(caplog, aimodel):
    read = CompiledRead(_by_id, (stand_in_text(0),))
    read.fetch("resnet", limit=2)
    compiled = read._compiled(connection.alias)
    compiled.sql = compiled.sql.replace("SELECT", "SELECT no_such_column,", 1)  # as if Django compiled it otherwise
    with caplog.at_level("WARNING", logger="modelhub.compiled_queries"):
        assert [m.pk for m in read.fetch("resnet", limit=2)] == [aimodel.pk]
    assert read.broken and len(caplog.records) == 1


def test_sql_the_database_refuses_inside_a_transaction_fails_once_then_the_orm_answers(aimodel):
    read = CompiledRead(_by_id, (stand_in_text(0),))
    read.fetch("resnet", limit=2)
    compiled = read._compiled(connection.alias)
    compiled.sql = compiled.sql.replace("SELECT", "SELECT no_such_column,", 1)
    with pytest.raises(DatabaseError), transaction.atomic():
        read.fetch("resnet", limit=2)
    assert read.broken
    assert [m.pk for m in read.fetch("resnet", limit=2)] == [aimodel.pk]
