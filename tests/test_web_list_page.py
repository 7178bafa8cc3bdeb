"""The model list page (spec section 3): who sees which models, search and filters, pages and counts,
query budgets; and the navigation that marks the section of every page."""

import html
import re

import pytest
from django.db import connection
from django.urls import reverse

from modelhub import paging
from modelhub.models import Task, Visibility
from tests.factories import AIModelFactory
from tests.web_helpers import IMAGE, detail_url

pytestmark = pytest.mark.django_db


def test_list_anonymous_sees_public_models_only(client, aimodel, private_model):
    response = client.get("/")
    assert response.status_code == 200
    assert detail_url(aimodel) in response.content.decode()
    assert detail_url(private_model) not in response.content.decode()


@pytest.mark.parametrize(("who", "sees_private"), [("bob", False), ("carol", True), ("alice", True)])
def test_list_private_models_shown_to_members_only(client, request, aimodel, private_model, who, sees_private):
    client.force_login(request.getfixturevalue(who))
    body = client.get("/").content.decode()
    assert detail_url(aimodel) in body
    assert (detail_url(private_model) in body) is sees_private


def test_list_search_and_filters(client, alice_ns, acme, container):
    AIModelFactory(namespace=alice_ns, model_id="yolo", description="finds cats", task=Task.DETECTION)
    AIModelFactory(namespace=alice_ns, model_id="llama", description="chats", task=Task.CHAT)
    AIModelFactory(namespace=acme, model_id="acme-ocr", task=Task.OCR)

    def ids(**params):
        return set(re.findall(r'href="/namespaces/[\w-]+/models/([\w-]+)/"', client.get("/", params).content.decode()))

    assert ids() == {"yolo", "llama", "acme-ocr"}
    assert ids(q="CATS") == {"yolo"}
    assert ids(q="lla") == {"llama"}
    assert ids(namespace="acme") == {"acme-ocr"}
    assert ids(task=Task.CHAT) == {"llama"}
    assert ids(visibility=Visibility.PRIVATE) == set()
    assert ids(task="TASK_NOPE") == {"yolo", "llama", "acme-ocr"}  # a bad filter is ignored, not a 500
    assert client.get("/", {"page": "x<script>"}).status_code == 200


def _listed_ids(body: str) -> list[str]:
    return re.findall(r'href="/namespaces/[\w-]+/models/([\w-]+)/"', body)


def _page_link(body: str, rel: str) -> str | None:
    match = re.search(rf'rel="{rel}" href="([^"]+)"', body)
    return html.unescape(match.group(1)) if match else None


def test_list_pages_with_cursors_and_keeps_filters_in_page_links(client, alice_ns, container):
    for n in range(25):
        AIModelFactory(namespace=alice_ns, model_id=f"m{n}", description="bulk")
    AIModelFactory(namespace=alice_ns, model_id="other", description="not in the search")
    first = client.get("/", {"q": "bulk"}).content.decode()
    assert "25 models match" in first and "Models 1–20" in first
    assert _page_link(first, "prev") is None
    next_url = _page_link(first, "next")
    assert next_url.startswith("?q=bulk&after=")

    second = client.get("/" + next_url).content.decode()
    assert "Models 21–25" in second and _page_link(second, "next") is None
    assert sorted(_listed_ids(first) + _listed_ids(second)) == sorted(f"m{n}" for n in range(25))
    back = client.get("/" + _page_link(second, "prev")).content.decode()
    assert _listed_ids(back) == _listed_ids(first)  # newest first, the same 20 rows
    assert "Models 1–20" in back and _page_link(back, "prev") is None
    assert "after=" in _page_link(back, "next") and "before=" not in _page_link(back, "next")


@pytest.mark.parametrize("cursor", [{"after": "forged:sig"}, {"before": "x<script>"}, {"page": "2"}])
def test_list_ignores_a_bad_or_stale_page_cursor(client, alice_ns, container, cursor):
    AIModelFactory(namespace=alice_ns, model_id="only")
    response = client.get("/", cursor)
    assert response.status_code == 200
    assert _listed_ids(response.content.decode()) == ["only"]  # the first page


def test_list_count_stops_at_its_limit(client, alice_ns, container, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
    for n in range(4):
        AIModelFactory(namespace=alice_ns, model_id=f"m{n}")
    assert "3+ models" in client.get("/").content.decode()
    monkeypatch.setattr(paging, "COUNT_LIMIT", 4)
    body = client.get("/").content.decode()
    assert "4 models" in body and "+ models" not in body


def test_list_thumbnails_point_at_the_image_endpoint_never_inline(client, alice_ns, container):
    with_image = AIModelFactory(namespace=alice_ns, model_id="pic", profile_image=IMAGE)
    AIModelFactory(namespace=alice_ns, model_id="plain")
    body = client.get("/").content.decode()
    assert "data:image" not in body
    version = with_image.etag.strip('"')
    assert f'src="/v1alpha/namespaces/alice/models/pic/image?v={version}" loading="lazy"' in body
    assert body.count('data-testid="thumb-placeholder"') == 1


def test_list_offers_new_model_in_editable_namespaces(client, alice, carol, acme):
    client.force_login(alice)
    body = client.get("/", {"namespace": "acme"}).content.decode()
    assert reverse("aimodel-new", args=["alice"]) in body
    assert "New model in acme" in body
    client.force_login(carol)
    assert "/models/new/" not in client.get("/").content.decode()


def planner_estimates() -> int:
    return 1 if connection.vendor == "postgresql" else 0


def _many_models(namespace, n):
    for i in range(n):
        AIModelFactory(namespace=namespace, model_id=f"many-{i}", profile_image=IMAGE if i % 2 else "")


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow_with_models(client, django_assert_num_queries, alice, alice_ns, count):
    _many_models(alice_ns, count)
    client.force_login(alice)
    # session, user, count, page, catalog titles, editable namespaces (the namespace filter is a
    # text field); the count is preceded by the planner's estimate on PostgreSQL, by a count of
    # the public rows on SQLite (modelhub.paging)
    with django_assert_num_queries(7) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    page_query = next(q["sql"] for q in ctx.captured_queries if "LIMIT" in q["sql"])
    select_list = page_query.split(" FROM ")[0]
    assert '"modelhub_aimodel"."profile_image",' not in select_list  # only compared, never loaded
    assert '"modelhub_aimodel"."readme"' not in select_list


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_anonymous(client, django_assert_num_queries, alice_ns, count):
    _many_models(alice_ns, count)
    with django_assert_num_queries(3 + planner_estimates()):  # (estimate,) count, page, catalog titles
        assert client.get("/").status_code == 200


def active_nav(body: str) -> list[tuple[str, str]]:
    """(link text, aria-current) of the main navigation's active links."""
    nav = body.split('aria-label="Main navigation"')[1].split("</nav>")[0]
    return re.findall(r'class="nav-link active" aria-current="(\w+)" href="[^"]*">([^<]+)</a>', nav)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", [("page", "Models")]),
        ("/namespaces/alice/models/resnet/", [("true", "Models")]),
        ("/namespaces/alice/models/resnet/history/", [("true", "Models")]),
        ("/settings/tokens/", [("page", "API tokens")]),
        ("/docs/api/", [("page", "API reference")]),
        ("/docs/api/get-a-model/", [("true", "API reference")]),
    ],
)
def test_the_nav_marks_the_section_of_the_page(client, alice, aimodel, path, expected):
    client.force_login(alice)
    assert active_nav(client.get(path).content.decode()) == expected


def test_the_nav_marks_moderation_on_every_moderation_page(client, moderator, aimodel):
    client.force_login(moderator)
    assert active_nav(client.get("/moderation/").content.decode()) == [("page", "Moderation")]
    assert active_nav(client.get(f"/moderation/models/{aimodel.uid}/").content.decode()) == [("true", "Moderation")]
