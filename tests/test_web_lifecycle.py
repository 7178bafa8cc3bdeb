"""The lifecycle pages: Delete (typed confirmation of the ID), the namespace's Deleted models page and
Restore, for every caller (anonymous, outsider bob, viewer carol, editor alice, moderator,
superuser) and model state (public, private, hidden, deleted), refusals first."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from modelhub.models import AIModel, AuditEntry, ModerationState, Visibility
from modelhub.services import aimodel_delete
from tests.factories import AIModelFactory
from tests.lifecycle_support import days_later
from tests.support import snapshot

pytestmark = pytest.mark.django_db

CALLERS = ["anonymous", "bob", "carol", "alice", "moderator", "superuser"]
STATES = ["public", "private", "hidden", "deleted"]


@pytest.fixture
def acme_models(acme, alice, container):
    """One model of acme in each state; "deleted" was deleted by alice."""
    models = {
        "public": AIModelFactory(namespace=acme, model_id="pub", model_definition=container),
        "private": AIModelFactory(
            namespace=acme, model_id="priv", visibility=Visibility.PRIVATE, model_definition=container
        ),
        "hidden": AIModelFactory(
            namespace=acme, model_id="hid", moderation_state=ModerationState.HIDDEN, model_definition=container
        ),
        "deleted": AIModelFactory(namespace=acme, model_id="gone", model_definition=container),
    }
    aimodel_delete(aimodel=models["deleted"], actor=alice, source="web")
    return models


@pytest.fixture
def signed_in(request, client):
    """A client signed in as the named caller ("anonymous": not signed in)."""

    def make(caller: str) -> Client:
        if caller != "anonymous":
            client.force_login(request.getfixturevalue(caller))
        return client

    return make


def delete_url(aimodel) -> str:
    return reverse("aimodel-delete", args=[aimodel.namespace.namespace_id, aimodel.model_id])


def restore_url(aimodel) -> str:
    return reverse("aimodel-restore", args=[aimodel.namespace.namespace_id, aimodel.model_id])


DELETED_PAGE = "/namespaces/acme/deleted/"


def fresh(aimodel) -> AIModel:
    return AIModel.objects.get(pk=aimodel.pk)


# --- Delete: refusals first ------------------------------------------------------------


# (caller, state) -> status of a correctly confirmed POST; 302 from anonymous is the login redirect.
DELETE_EXPECTED = {
    "anonymous": {"public": 302, "private": 302, "hidden": 302, "deleted": 302},
    "bob": {"public": 403, "private": 404, "hidden": 404, "deleted": 404},
    "carol": {"public": 403, "private": 403, "hidden": 403, "deleted": 404},
    "alice": {"public": 302, "private": 302, "hidden": 302, "deleted": 404},
    "moderator": {"public": 403, "private": 403, "hidden": 403, "deleted": 404},
    "superuser": {"public": 302, "private": 302, "hidden": 302, "deleted": 404},
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("caller", CALLERS)
def test_delete_by_caller_and_state(signed_in, acme_models, caller, state):
    aimodel = acme_models[state]
    before = snapshot(aimodel)
    response = signed_in(caller).post(delete_url(aimodel), {"confirm": aimodel.model_id})
    expected = DELETE_EXPECTED[caller][state]
    assert response.status_code == expected
    if caller == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    if expected == 302 and caller != "anonymous":
        assert response["Location"] == DELETED_PAGE
        row = fresh(aimodel)
        assert row.is_deleted
        entry = AuditEntry.objects.filter(aimodel=aimodel).latest("create_time")
        assert (entry.action, entry.source, entry.actor.username) == ("delete", "web", caller_username(caller))
    else:
        assert snapshot(aimodel) == before


def caller_username(caller: str) -> str:
    return "admin" if caller == "superuser" else caller


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Type the model&#x27;s ID to confirm. Nothing was deleted."),
        ("pu", "“pu” is not this model&#x27;s ID. Nothing was deleted."),
        ("PUB", "“PUB” is not this model&#x27;s ID. Nothing was deleted."),  # exactly the ID, as shown
        ("acme/pub", "“acme/pub” is not this model&#x27;s ID."),
    ],
)
def test_delete_without_the_typed_id_deletes_nothing_and_asks_for_it(client, alice, acme_models, typed, message):
    aimodel = acme_models["public"]
    before = snapshot(aimodel)
    client.force_login(alice)
    response = client.post(delete_url(aimodel), {"confirm": typed})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'name="confirm"' in body and 'aria-invalid="true"' in body  # the page asks again (works without JS)
    assert snapshot(aimodel) == before


def test_delete_accepts_the_id_with_surrounding_spaces(client, alice, acme_models):
    client.force_login(alice)
    assert client.post(delete_url(acme_models["public"]), {"confirm": "  pub \n"}).status_code == 302
    assert fresh(acme_models["public"]).is_deleted


def test_delete_is_post_only_and_needs_csrf(alice, acme_models):
    aimodel = acme_models["public"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get(delete_url(aimodel)).status_code == 405
    assert client.post(delete_url(aimodel), {"confirm": "pub"}).status_code == 403  # no CSRF token
    assert not fresh(aimodel).is_deleted


def test_delete_through_an_old_or_other_case_id_deletes_the_model(client, alice, acme_models):
    client.force_login(alice)
    url = reverse("aimodel-delete", args=["ACME", "PUB"])
    assert client.post(url, {"confirm": "pub"})["Location"] == DELETED_PAGE
    assert fresh(acme_models["public"]).is_deleted


def test_the_edit_page_has_the_delete_row_and_dialog(client, alice, acme_models):
    client.force_login(alice)
    body = client.get(reverse("aimodel-edit", args=["acme", "pub"])).content.decode()
    assert 'data-testid="danger-delete"' in body and 'form="aimodel-delete-form"' in body
    assert f'action="{delete_url(acme_models["public"])}"' in body and 'data-confirm-id="pub"' in body
    assert f'href="{DELETED_PAGE}"' in body
    # The Delete row is the Danger zone's last row, after Rename.
    assert body.index('<h3 class="h6 mb-1">Rename</h3>') < body.index('data-testid="danger-delete"')


def test_a_successful_delete_says_so_on_the_deleted_page(client, alice, acme_models):
    client.force_login(alice)
    response = client.post(delete_url(acme_models["public"]), {"confirm": "pub"}, follow=True)
    body = response.content.decode()
    assert "Deleted acme/pub. Its namespace&#x27;s editors can restore it here for 30 days." in body
    assert 'data-model-id="pub"' in body


# --- the Deleted models page ------------------------------------------------------------


PAGE_EXPECTED = {"anonymous": 302, "bob": 404, "carol": 403, "alice": 200, "moderator": 200, "superuser": 200}


@pytest.mark.parametrize("caller", CALLERS)
def test_deleted_page_by_caller(signed_in, acme_models, caller):
    response = signed_in(caller).get(DELETED_PAGE)
    assert response.status_code == PAGE_EXPECTED[caller]
    body = response.content.decode()
    if response.status_code != 200:
        assert "gone" not in body
        return
    # Only the deleted model: never the live ones of any state.
    assert [row["aimodel"].model_id for row in response.context["rows"]] == ["gone"]
    assert 'data-model-id="gone"' in body and "acme/pub" not in body and "acme/priv" not in body
    assert "by alice" in body and "30 days left to restore" in body
    assert f'action="{restore_url(acme_models["deleted"])}"' in body


def test_deleted_page_of_a_missing_namespace_is_404(client, alice):
    client.force_login(alice)
    assert client.get("/namespaces/nobody/deleted/").status_code == 404


def test_deleted_page_answers_301_to_the_namespace_spelled_as_stored(client, alice, acme_models):
    client.force_login(alice)
    response = client.get("/namespaces/ACME/deleted/")
    assert response.status_code == 301 and response["Location"] == DELETED_PAGE


def test_deleted_page_shows_the_exact_time_on_hover(client, alice, acme_models):
    client.force_login(alice)
    body = client.get(DELETED_PAGE).content.decode()
    deleted = fresh(acme_models["deleted"]).delete_time
    assert f'<time datetime="{deleted.isoformat(timespec="seconds")}' in body and " UTC" in body


def test_deleted_page_with_nothing_deleted(client, alice, alice_ns):
    client.force_login(alice)
    body = client.get("/namespaces/alice/deleted/").content.decode()
    assert "No deleted models." in body and "0 deleted models" in body


def test_deleted_page_query_count_does_not_grow_with_rows(client, alice, acme, container, django_assert_num_queries):
    client.force_login(alice)
    for rows in (1, 5):
        while AIModel.objects.deleted().count() < rows:
            aimodel = AIModelFactory(namespace=acme, model_definition=container)
            aimodel_delete(aimodel=aimodel, actor=alice, source="web")
        # session, user, namespace with role, (the planner's estimate on PostgreSQL,) count, rows with who deleted
        with django_assert_num_queries(5 + (connection.vendor == "postgresql")):
            response = client.get(DELETED_PAGE)
        assert len(response.context["rows"]) == rows


def test_after_the_window_editors_see_no_restore_but_staff_do(client, alice, moderator, acme_models):
    with days_later(31):
        client.force_login(alice)
        body = client.get(DELETED_PAGE).content.decode()
        assert "only staff can restore it now" in body and "/restore/" not in body
        client.force_login(moderator)
        body = client.get(DELETED_PAGE).content.decode()
        assert "staff can still restore it" in body and restore_url(acme_models["deleted"]) in body


def test_the_last_day_says_less_than_a_day(client, alice, acme_models):
    with days_later(29.5):
        client.force_login(alice)
        assert "Less than a day left to restore" in client.get(DELETED_PAGE).content.decode()


def test_the_list_links_the_deleted_page_for_editors_and_staff(signed_in, acme_models):
    for caller, shown in (("alice", True), ("moderator", True), ("carol", False), ("bob", False)):
        body = signed_in(caller).get("/", {"namespace": "acme"}).content.decode()
        assert (f'href="{DELETED_PAGE}"' in body) is shown, caller


# --- Restore ------------------------------------------------------------------------------


RESTORE_EXPECTED = {
    "anonymous": {"public": 302, "private": 302, "hidden": 302, "deleted": 302},
    "bob": {"public": 404, "private": 404, "hidden": 404, "deleted": 404},
    "carol": {"public": 403, "private": 403, "hidden": 403, "deleted": 403},
    "alice": {"public": 404, "private": 404, "hidden": 404, "deleted": 302},
    "moderator": {"public": 404, "private": 404, "hidden": 404, "deleted": 302},
    "superuser": {"public": 404, "private": 404, "hidden": 404, "deleted": 302},
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("caller", CALLERS)
def test_restore_by_caller_and_state(signed_in, acme_models, caller, state):
    aimodel = acme_models[state]
    before = snapshot(aimodel)
    response = signed_in(caller).post(restore_url(aimodel))
    expected = RESTORE_EXPECTED[caller][state]
    assert response.status_code == expected
    if expected == 302 and caller != "anonymous":
        assert response["Location"] == "/namespaces/acme/models/gone/"
        assert not fresh(aimodel).is_deleted
        entry = AuditEntry.objects.filter(aimodel=aimodel).latest("create_time")
        assert (entry.action, entry.source) == ("undelete", "web")
    else:
        assert snapshot(aimodel) == before


def test_restore_is_post_only_and_needs_csrf(alice, acme_models):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get(restore_url(acme_models["deleted"])).status_code == 405
    assert client.post(restore_url(acme_models["deleted"])).status_code == 403
    assert fresh(acme_models["deleted"]).is_deleted


def test_editors_cannot_restore_after_the_window_staff_can(client, alice, moderator, acme_models):
    aimodel = acme_models["deleted"]
    with days_later(31):
        client.force_login(alice)
        before = snapshot(aimodel)
        response = client.post(restore_url(aimodel), follow=True)
        assert "only staff can restore it now" in response.content.decode()
        assert snapshot(aimodel) == before
        client.force_login(moderator)
        assert client.post(restore_url(aimodel))["Location"] == "/namespaces/acme/models/gone/"
    assert not fresh(aimodel).is_deleted


def test_restore_of_a_model_of_another_namespace_is_404(client, alice, alice_ns, acme_models, container):
    mine = AIModelFactory(namespace=alice_ns, model_id="mine", model_definition=container)
    aimodel_delete(aimodel=mine, actor=alice, source="web")
    client.force_login(alice)
    assert client.post("/namespaces/acme/deleted/mine/restore/").status_code == 404
    assert fresh(mine).is_deleted
