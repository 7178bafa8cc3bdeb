"""A README shows no image but its model's own.

A README's relative `<img src="/v1alpha/…">` made every signed-in reader's browser call the
API with their session; 110 such images, viewed once, pruned the reader's request log.
Now the sanitiser keeps only the model's own image endpoint, and image fetches are never
request-log entries.
"""

import pytest

from modelhub.models import ApiRequest
from modelhub.services import aimodel_update, token_create
from modelhub.web.markdown import render_markdown

pytestmark = pytest.mark.django_db

OWN = "/v1alpha/namespaces/alice/models/resnet/image"
FOREIGN = [
    "/v1alpha/namespaces/alice/models",
    "/v1alpha/namespaces/acme/models/secret/image",
    "/settings/tokens/",
    "image.png",
    "../edit/",
    "?page=2",
    "//evil.example/pixel.png",
    "https://modelhub.example.com/v1alpha/namespaces/alice/models",
    "http://127.0.0.1:8000/v1alpha/namespaces/alice/models",
]


@pytest.mark.parametrize("src", FOREIGN)
def test_images_other_than_the_models_own_lose_their_source(src):
    for text in (f"![x]({src})", f'<img src="{src}" alt="x">'):
        html = render_markdown(text, image_path=OWN)
        assert "src=" not in html, html


def test_without_a_model_no_image_is_kept():
    assert "src=" not in render_markdown(f"![logo]({OWN})")


@pytest.mark.parametrize("src", [OWN, OWN + "?v=3"])
def test_the_models_own_image_is_kept(src):
    assert f'src="{src}"' in render_markdown(f"![logo]({src})", image_path=OWN)


def test_the_detail_page_keeps_only_its_own_image(client, alice, aimodel):
    readme = "\n\n".join([f"![own]({OWN})", *(f"![x]({src})" for src in FOREIGN)])
    aimodel_update(aimodel=aimodel, changes={"readme": readme}, actor=alice, source="web")
    page = client.get("/namespaces/alice/models/resnet/").content.decode()
    assert f'src="{OWN}"' in page
    for src in FOREIGN:
        assert f'src="{src}"' not in page


def test_image_fetches_are_never_request_log_entries(client, bob, aimodel):
    raw = token_create(user=bob, name="ci")[1]
    client.get("/v1alpha/namespaces/alice/models", headers={"Authorization": f"Bearer {raw}"})
    assert ApiRequest.objects.filter(user=bob).count() == 1
    client.force_login(bob)
    for _ in range(110):  # a README full of API images, viewed once
        client.get("/v1alpha/namespaces/alice/models", headers={"Sec-Fetch-Dest": "image"})
    client.get(OWN, headers={"Sec-Fetch-Dest": "image", "Authorization": f"Bearer {raw}"})
    assert list(ApiRequest.objects.filter(user=bob).values_list("token__name", flat=True)) == ["ci"]


def test_calls_from_a_page_script_are_still_logged(client, bob, aimodel):
    client.force_login(bob)
    client.get("/v1alpha/namespaces/alice/models", headers={"Sec-Fetch-Dest": "empty"})
    assert ApiRequest.objects.filter(user=bob).count() == 1
