"""The moderation pages (modelhub.moderation.views): the report queue, the public tab, a model's page."""

import pytest
from django.db import connection
from django.urls import reverse

from modelhub.models import Report
from modelhub.services import aimodel_create, aimodel_hide, aimodel_update, report_create
from tests.factories import AIModelFactory, UserFactory
from tests.support import fresh
from tests.web_helpers import page_link

pytestmark = pytest.mark.django_db


# --- the queue -----------------------------------------------------------------------------

# On PostgreSQL a first page asks the planner's estimate before it counts (modelhub.paging).
ESTIMATES = 1 if connection.vendor == "postgresql" else 0


def test_queue_groups_open_reports_by_model_newest_first(client, aimodel, alice_ns, container, moderator, bob):
    other = AIModelFactory(namespace=alice_ns, model_id="other", model_definition=container)
    carl = UserFactory(username="carl")
    report_create(aimodel=aimodel, reporter=bob, reason="spam", text="")
    report_create(aimodel=aimodel, reporter=carl, reason="malware", text="")
    report_create(aimodel=other, reporter=bob, reason="license", text="")
    client.force_login(moderator)
    response = client.get("/moderation/")
    rows = list(response.context["page"])
    assert [m.model_id for m in rows] == ["other", "resnet"]
    assert [m.open_count for m in rows] == [1, 2]
    assert rows[1].reason_counts == [("Spam", 1), ("Malware", 1)]
    content = response.content.decode()
    assert ">alice/resnet</a>" in content and "Malware: 1" in content


def test_queue_filters_by_reason_and_leaves_out_closed_reports(client, aimodel, alice_ns, container, moderator, bob):
    other = AIModelFactory(namespace=alice_ns, model_id="other", model_definition=container)
    report_create(aimodel=aimodel, reporter=bob, reason="spam", text="")
    closed = report_create(aimodel=other, reporter=bob, reason="spam", text="")
    Report.objects.filter(pk=closed.pk).update(status="dismissed")
    report_create(aimodel=other, reporter=UserFactory(username="dan"), reason="license", text="")
    client.force_login(moderator)
    assert [m.model_id for m in client.get("/moderation/?reason=spam").context["page"]] == ["resnet"]
    assert [m.open_count for m in client.get("/moderation/?reason=license").context["page"]] == [1]
    assert [m.model_id for m in client.get("/moderation/?reason=bogus").context["page"]] == ["other", "resnet"]


def test_queue_is_paginated_with_constant_queries(
    client, alice_ns, container, moderator, bob, django_assert_num_queries
):
    for n in range(30):
        report_create(
            aimodel=AIModelFactory(namespace=alice_ns, model_id=f"m{n}", model_definition=container),
            reporter=bob,
            reason="spam",
            text="",
        )
    client.force_login(moderator)
    with django_assert_num_queries(6 + ESTIMATES):  # session, user, 2 × permissions, page, (estimate,) count
        first = client.get("/moderation/")
    assert len(first.context["page"]) == 25 and first.context["page"].next_cursor
    assert first.context["count_label"] == "30"
    after = first.context["page"].next_cursor
    with django_assert_num_queries(6 + ESTIMATES):
        second = client.get("/moderation/", {"after": after})
    assert [m.model_id for m in second.context["page"]] == [f"m{n}" for n in range(4, -1, -1)]
    assert not second.context["page"].next_cursor
    assert client.get("/moderation/?after=abc").status_code == 200  # a bad cursor: the first page
    filtered = client.get("/moderation/?reason=spam").content.decode()  # the pager keeps the filter
    assert page_link(filtered, "prev") is None and page_link(filtered, "next").startswith("?reason=spam&after=")
    back = client.get("/moderation/" + page_link(filtered, "next")).content.decode()
    assert "Models 26–30" in back and page_link(back, "next") is None
    assert page_link(back, "prev").startswith("?reason=spam&before=")
    again = client.get("/moderation/" + page_link(back, "prev")).content.decode()
    assert "Models 1–25" in again and page_link(again, "prev") is None


def test_public_tab_lists_models_made_public_newest_first(
    client, private_model, alice, acme, container, moderator, django_assert_num_queries
):
    created = aimodel_create(
        namespace=acme,
        data={
            "model_id": "born-public",
            "model_definition": "container",
            "configuration": {},
            "task": "TASK_OCR",
            "visibility": "VISIBILITY_PUBLIC",
            "region": "REGION_LOCAL",
            "hardware": "CPU",
        },
        actor=alice,
        source="api",
    )
    aimodel_create(
        namespace=acme,
        data={**{"model_id": "born-private", "model_definition": "container", "configuration": {}},
              "task": "TASK_OCR", "visibility": "VISIBILITY_PRIVATE", "region": "REGION_LOCAL", "hardware": "CPU"},
        actor=alice,
        source="api",
    )  # fmt: skip
    aimodel_update(aimodel=private_model, changes={"visibility": "VISIBILITY_PUBLIC"}, actor=alice, source="web")
    aimodel_update(aimodel=fresh(private_model), changes={"description": "x"}, actor=alice, source="web")
    client.force_login(moderator)
    with django_assert_num_queries(6 + ESTIMATES):  # session, user, 2 × permissions, page, (estimate,) count
        response = client.get("/moderation/?tab=public")
    entries = list(response.context["page"])
    assert [(e.aimodel.model_id, e.action, e.source) for e in entries] == [
        ("secret", "update", "web"),
        ("born-public", "create", "api"),
    ]
    assert created.pk == entries[1].aimodel.pk
    assert "(created public)" in response.content.decode()


def test_model_page_shows_reports_history_and_actions(
    client, aimodel, report, alice, moderator, django_assert_max_num_queries
):
    aimodel_update(aimodel=aimodel, changes={"description": "Edited"}, actor=alice, source="web")
    client.force_login(moderator)
    with django_assert_max_num_queries(9):  # + the catalog's titles for the history
        response = client.get(reverse("moderation-model", args=[aimodel.pk]))
    content = response.content.decode()
    assert "Links to a scam" in content and "by bob" in content
    assert "Dismiss report" in content and "Hide model" in content and "Leave note" in content
    assert "Edited" in content  # the audit history
    assert "Restore model" not in content


def test_model_page_of_hidden_model_offers_restore(client, aimodel, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator, note="Gone")
    client.force_login(moderator)
    content = client.get(reverse("moderation-model", args=[aimodel.pk])).content.decode()
    assert "Restore model" in content and "Hide model" not in content and "Hidden by moderators" in content


def test_user_text_is_escaped(client, aimodel, bob, moderator):
    report_create(aimodel=aimodel, reporter=bob, reason="other", text="<script>alert(1)</script>")
    client.force_login(moderator)
    content = client.get(reverse("moderation-model", args=[aimodel.pk])).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
