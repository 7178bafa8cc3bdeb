"""The sectioned settings (edit) page, the create flow and the README preview endpoint."""

import re

import pytest
from django.urls import reverse

from modelhub.models import AIModel
from tests.support import fresh
from tests.web_helpers import edit_form_data

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/readme-preview/"


def edit_url(m):
    return reverse("aimodel-edit", args=[m.namespace.namespace_id, m.model_id])


# --- the edit page's sections ---------------------------------------------------------


def test_edit_page_has_its_sections_in_order_and_a_danger_zone(client, alice, aimodel):
    client.force_login(alice)
    html = client.get(edit_url(aimodel)).content.decode()
    headings = re.findall(r'<h2 class="h5 card-title[^"]*" id="h-[a-z-]+">([^<]+)</h2>', html)
    assert headings == ["General", "Configuration", "Deployment", "Documentation", "Profile image", "Danger zone"]
    danger = html[html.index('id="section-danger"') :]
    assert 'name="visibility"' in danger and 'name="model_id"' in danger
    for title in ("General", "Configuration", "Deployment", "Documentation", "Profile image"):
        assert html.count(f">Save {title}</button>") == 1, title
    assert ">Rename</button>" in danger and ">Change visibility</button>" in danger
    assert ">Save changes</button>" not in html  # no Save covering every section


def test_edit_page_shows_titles_not_codes_and_no_placeholder_options(client, alice, aimodel):
    client.force_login(alice)
    html = client.get(edit_url(aimodel)).content.decode()
    assert ">GCP europe-west4<" in html or ">Local<" in html
    assert "(REGION_" not in html
    assert "---------" not in html
    id_input = re.search(r"<input[^>]*name=\"model_id\"[^>]*>", html).group(0)
    assert "maxlength" not in id_input  # an over-long ID is refused in words, not cut by the browser


def test_an_over_long_id_is_refused_in_words_and_nothing_changes(client, alice, aimodel):
    client.force_login(alice)
    response = client.post(edit_url(aimodel), edit_form_data(aimodel, model_id="a" * 70))
    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 63 characters (it has 70)" in html
    assert fresh(aimodel).model_id == aimodel.model_id


def test_error_summary_links_to_each_field_with_an_error(client, alice, aimodel):
    client.force_login(alice)
    data = edit_form_data(aimodel, model_id="", configuration="{oops")
    response = client.post(edit_url(aimodel), data)
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[html.index('id="error-summary"') : html.index("</div>", html.index('id="error-summary"'))]
    assert 'href="#id_configuration"' in summary and 'href="#id_model_id"' in summary
    assert "Nothing was saved" in summary
    assert fresh(aimodel).model_id == aimodel.model_id


# --- the create flow ------------------------------------------------------------------


def test_new_page_is_a_create_flow_with_defaults(client, alice, alice_ns, container):
    client.force_login(alice)
    html = client.get(reverse("aimodel-new", args=["alice"])).content.decode()
    assert ">Create model</button>" in html
    assert "---------" not in html
    assert 'id="section-danger"' not in html
    visibility = re.search(r'<select name="visibility".*?</select>', html, re.S).group(0)
    assert re.search(r'value="VISIBILITY_PRIVATE"[^>]*selected', visibility)


# --- the README preview (htmx) --------------------------------------------------------


def test_preview_anonymous_is_sent_to_login(client):
    response = client.post(PREVIEW_URL, {"readme": "# Hi"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_preview_renders_sanitised_markdown(client, bob):
    client.force_login(bob)  # any signed-in person: it reads nothing stored
    response = client.post(PREVIEW_URL, {"readme": "# Title\r\n\r\n<script>alert(1)</script>\r\n\r\n**bold**"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Title</h1>" in html and "<strong>bold</strong>" in html
    assert "<script" not in html and "alert(1)" not in html.replace("&lt;", "<").split("<p>")[0]


def test_preview_of_an_over_long_readme_says_so(client, bob):
    client.force_login(bob)
    html = client.post(PREVIEW_URL, {"readme": "x" * 100_001}).content.decode()
    assert "at most 100,000 are allowed" in html


def test_preview_is_post_only(client, bob):
    client.force_login(bob)
    assert client.get(PREVIEW_URL, {"readme": "# Hi"}).status_code == 405


def test_preview_writes_nothing(client, alice, aimodel):
    client.force_login(alice)
    client.post(PREVIEW_URL, {"readme": "# Replaced"})
    assert AIModel.objects.get(pk=aimodel.pk).readme == aimodel.readme
