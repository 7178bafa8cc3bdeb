"""The model's detail and history pages (spec sections 3 and 5): who may read them, what they show in
words, and their query budgets."""

import re

import pytest
from django.urls import reverse

from modelhub.models import ModerationState
from modelhub.services import aimodel_hide, aimodel_update
from tests.factories import AIModelFactory, UserFactory
from tests.web_helpers import IMAGE, detail_url

pytestmark = pytest.mark.django_db


def history_url(m):
    return reverse("aimodel-history", args=[m.namespace.namespace_id, m.model_id])


def test_detail_public_model_for_anonymous(client, aimodel):
    response = client.get(detail_url(aimodel))
    assert response.status_code == 200
    body = response.content.decode()
    assert aimodel.description in body
    assert "/edit/" not in body
    assert "Moderation:" not in body


@pytest.mark.parametrize(("who", "status"), [(None, 404), ("bob", 404), ("carol", 200), ("alice", 200)])
def test_detail_private_model_is_404_to_outsiders(client, request, private_model, who, status):
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.get(detail_url(private_model)).status_code == status


def test_detail_moderator_sees_private_model_and_its_state(client, moderator, private_model):
    client.force_login(moderator)
    body = client.get(detail_url(private_model)).content.decode()
    assert "Moderation: active" in body


def test_detail_missing_model_is_404(client):
    assert client.get("/namespaces/nobody/models/nothing/").status_code == 404


def test_detail_editor_sees_edit_link_and_api_snippet_but_no_meaningless_moderation_badge(client, alice, aimodel):
    client.force_login(alice)
    body = client.get(detail_url(aimodel)).content.decode()
    assert f"{detail_url(aimodel)}edit/" in body
    assert "curl -X PATCH" in body
    assert "Moderation:" not in body  # an active model has no moderation state worth a badge for its owner


@pytest.mark.parametrize("who", [None, "bob"])
def test_detail_api_snippet_is_for_editors_only(client, request, aimodel, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    body = client.get(detail_url(aimodel)).content.decode()
    assert "curl -X PATCH" not in body and "requests.patch" not in body


def test_detail_shows_titles_and_display_names_not_codes(client, alice, aimodel):
    client.force_login(alice)
    body = client.get(detail_url(aimodel)).content.decode()
    text = re.sub(r"<[^>]+>", " ", body.split('id="api"')[0])  # what people read (the API snippet shows the API)
    for code in (
        "REGION_GCP_EUROPE_WEST4",
        "REGION_LOCAL",
        "NVIDIA_TESLA_T4",
        "users/alice",
        "namespaces/alice/models/",
    ):
        assert code not in text, code
    assert "<dt>Region</dt><dd>" in body and 'title="' in body.split("<dt>Created</dt>")[1][:200]


def test_detail_header_has_report_for_outsiders_only(client, alice, bob, aimodel):
    report = f'href="/moderation/models/{aimodel.pk}/report/"'
    client.force_login(bob)
    assert report in client.get(detail_url(aimodel)).content.decode()
    client.force_login(alice)
    assert report not in client.get(detail_url(aimodel)).content.decode()


def test_detail_viewer_gets_no_edit_link(client, carol, private_model):
    client.force_login(carol)
    body = client.get(detail_url(private_model)).content.decode()
    assert "/edit/" not in body
    assert "Moderation:" not in body


def test_detail_hidden_model_tells_the_owner(client, alice, aimodel, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator, note="spam")
    client.force_login(alice)
    body = client.get(detail_url(aimodel)).content.decode()
    assert 'data-testid="moderation-state"' in body
    assert "Hidden by moderators" in body
    client.force_login(UserFactory(username="zed"))
    assert client.get(detail_url(aimodel)).status_code == 404
    assert aimodel.__class__.objects.get(pk=aimodel.pk).moderation_state == ModerationState.HIDDEN


def test_detail_renders_readme_markdown_sanitised(client, alice_ns, container):
    m = AIModelFactory(
        namespace=alice_ns,
        model_id="doc",
        readme="# Usage\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(2)) **bold**",
        profile_image=IMAGE,
    )
    body = client.get(detail_url(m)).content.decode()
    assert "<h1>Usage</h1>" in body
    assert "<strong>bold</strong>" in body
    assert "<script>alert" not in body
    assert "javascript:" not in body
    assert f'src="{IMAGE}"' in body  # the detail page shows the image it loaded


def test_detail_query_count(client, django_assert_num_queries, alice, aimodel):
    client.force_login(alice)
    with django_assert_num_queries(5):  # session, user, the model with the caller's role, catalog titles, notes
        assert client.get(detail_url(aimodel)).status_code == 200


def test_history_anonymous_is_sent_to_login(client, aimodel):
    response = client.get(history_url(aimodel))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(("who", "status"), [("bob", 404), ("carol", 200), ("alice", 200), ("moderator", 200)])
def test_history_private_model_same_visibility_as_detail(client, request, private_model, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(history_url(private_model)).status_code == status


def test_history_outsider_reads_public_model_history(client, bob, aimodel):
    client.force_login(bob)
    assert client.get(history_url(aimodel)).status_code == 200


def test_history_lists_changes_newest_first_with_old_and_new(client, alice, aimodel):
    aimodel_update(aimodel=aimodel, changes={"description": "First"}, actor=alice, source="web")
    aimodel_update(aimodel=aimodel, changes={"license": "MIT", "profile_image": IMAGE}, actor=alice, source="api")
    client.force_login(alice)
    body = client.get(history_url(aimodel)).content.decode()
    entries = body.split('data-testid="audit-entry"')[1:]
    assert len(entries) == 2
    assert "via API" in entries[0] and "via Web" in entries[1]
    assert "License" in entries[0] and "MIT" in entries[0]
    assert re.search(r"Image of \d+(\.\d)? (bytes|KB) \(fingerprint [0-9a-f]{8}\)", entries[0])
    # The stored image itself is never printed; only its thumbnail, as a picture.
    assert IMAGE not in body and IMAGE.split(",")[1][:40] not in body
    assert re.findall(r"data:image/[a-z]+", body) == ["data:image/webp"]
    assert '<img class="history-thumb" src="data:image/webp;base64,' in entries[0]
    assert "A test model." in entries[1] and "First" in entries[1]
    assert '<span data-testid="actor">alice</span>' in entries[1]


def test_history_query_count_is_constant(client, django_assert_num_queries, alice, aimodel):
    for n in range(5):
        aimodel = aimodel_update(aimodel=aimodel, changes={"description": f"v{n}"}, actor=alice, source="web").aimodel
    client.force_login(alice)
    with django_assert_num_queries(6):  # session, user, model, count, entries with actors, catalog titles
        assert client.get(history_url(aimodel)).status_code == 200
