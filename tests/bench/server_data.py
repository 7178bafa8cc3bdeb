"""The data and credentials the real-server scenarios use (test data, like the seed)."""

import itertools

from django.test import Client
from django.utils import timezone

from modelhub.models import AIModel
from tests.bench import drf_peer
from tests.bench.seed import BenchData

LOAD_MODELS = 16  # one per client at the highest level of concurrency


def clone_models(data: BenchData, prefix: str, count: int) -> list[str]:
    """`count` copies of the PATCH target in alice's namespace (test data, like the seed)."""
    base = data.patch_target
    ids = [f"{prefix}-{n:02d}" for n in range(count)]
    now = timezone.now()
    created = AIModel._meta.get_field("create_time")
    created.auto_now_add = False  # one timestamp for create and update, as the service writes
    try:
        AIModel.objects.bulk_create(
            AIModel(
                namespace_id=base.namespace_id,
                model_id=model_id,
                description=base.description,
                model_definition_id=base.model_definition_id,
                configuration=base.configuration,
                task=base.task,
                visibility=base.visibility,
                region_id=base.region_id,
                hardware=base.hardware,
                readme=base.readme,
                source_url=base.source_url,
                license=base.license,
                profile_image=base.profile_image,
                create_time=now,
                update_time=now,
            )
            for model_id in ids
        )
    finally:
        created.auto_now_add = True
    return ids


def session_cookie(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


class Setup:
    def __init__(self, data: BenchData):
        self.models = clone_models(data, "bench-load", LOAD_MODELS)
        self.scale_model = clone_models(data, "bench-scale", 1)[0]
        self.owner_cookies = session_cookie(data.owner)
        self.staff_cookies = session_cookie(data.staff)
        self.bearer = {"Authorization": f"Bearer {data.token}"}
        self.drf_token = {"Authorization": f"Token {drf_peer.token_for(data.owner)}"}
        self.counter = itertools.count()
