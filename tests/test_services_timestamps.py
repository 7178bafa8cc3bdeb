"""One timestamp on create: create_time == update_time; update_time never precedes create_time."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from modelhub.models import AIModel
from modelhub.services import aimodel_create, aimodel_update
from tests.api_support import bearer, model_url, patch_json

pytestmark = pytest.mark.django_db


def test_created_model_has_one_timestamp(alice_ns, container, alice):
    aimodel = aimodel_create(
        namespace=alice_ns,
        data={
            "model_id": "fresh",
            "model_definition": "container",
            "configuration": {},
            "task": "TASK_CLASSIFICATION",
            "visibility": "VISIBILITY_PUBLIC",
            "region": "REGION_LOCAL",
            "hardware": "CPU",
        },
        actor=alice,
        source="api",
    )
    row = AIModel.objects.get(pk=aimodel.pk)
    assert row.create_time == row.update_time == aimodel.create_time
    result = aimodel_update(aimodel=row, changes={"description": "later"}, actor=alice, source="api")
    assert result.aimodel.update_time > result.aimodel.create_time


def test_seeded_models_are_created_with_one_timestamp_as_the_api_shows(client, demo_data):
    from django.contrib.auth import get_user_model

    alice = get_user_model().objects.get(username="alice")
    aimodel = AIModel.objects.get(namespace__namespace_id="alice", model_id="resnet-50")
    headers = bearer(alice)
    listed = client.get("/v1alpha/namespaces/alice/models", headers=headers).json()["models"]
    assert listed and all(model["createTime"] == model["updateTime"] for model in listed)
    assert AIModel.objects.count() == 8
    assert all(created == updated for created, updated in AIModel.objects.values_list("create_time", "update_time"))
    patch_json(client, model_url(aimodel), {"license": "MIT"}, headers)
    model = client.get(model_url(aimodel), headers=headers).json()["model"]
    assert model["updateTime"] > model["createTime"]


def test_new_model_page_creates_with_one_timestamp(client, alice, alice_ns, container):
    client.force_login(alice)
    data = {
        "model_id": "from-page",
        "description": "",
        "model_definition": "container",
        "configuration": "{}",
        "task": "TASK_CLASSIFICATION",
        "visibility": "VISIBILITY_PRIVATE",
        "region": "REGION_LOCAL",
        "hardware": "CPU",
    }
    response = client.post(reverse("aimodel-new", args=["alice"]), data)
    assert response.status_code == 302, response.content[:2000]
    row = AIModel.objects.get(namespace=alice_ns, model_id="from-page")
    assert row.create_time == row.update_time


def test_the_database_refuses_an_update_time_before_the_create_time(aimodel):
    with pytest.raises(IntegrityError), transaction.atomic():
        AIModel.objects.filter(pk=aimodel.pk).update(update_time=aimodel.create_time - timedelta(microseconds=1))
    row = AIModel.objects.get(pk=aimodel.pk)
    assert row.update_time >= row.create_time
