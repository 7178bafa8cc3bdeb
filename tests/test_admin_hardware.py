"""The admin change form's Hardware follows Region through the edit page's htmx endpoint."""

import re

import pytest

from tests.admin_support import ADD, change_url

pytestmark = pytest.mark.django_db


def region_select(page: str) -> str:
    return re.search(r'<select name="region"[^>]*>', page).group(0)


@pytest.mark.parametrize("url", ["change", "add"])
def test_region_select_asks_the_hardware_options_endpoint(client, superuser, aimodel, url):
    client.force_login(superuser)
    page = client.get(change_url(aimodel) if url == "change" else ADD).content.decode()
    select = region_select(page)
    for attribute in ('hx-get="/hardware-options/"', 'hx-target="#id_hardware"', 'hx-trigger="change"'):
        assert attribute in select
    assert "/static/django_htmx/htmx.min.js" in page and "/static/js/aimodel_form.js" in page


def test_the_endpoint_answers_the_admins_region_change(client, superuser):
    client.force_login(superuser)
    response = client.get("/hardware-options/", {"region": "REGION_LOCAL", "hardware": "NVIDIA_L4"})
    options = re.findall(r'<option value="([^"]*)"', response.content.decode())
    assert options == ["CPU", "GPU", "__custom__"]


def test_view_only_moderator_gets_no_form_wiring(client, moderator, aimodel):
    client.force_login(moderator)
    page = client.get(change_url(aimodel)).content.decode()
    assert 'name="region"' not in page and "hx-get" not in page
