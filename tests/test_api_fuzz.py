"""A hypothesis pass over PATCH bodies: no 5xx ever, and a 4xx never changes the row."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelhub.api.patch import FIELD_ALIASES, OUTPUT_ONLY
from tests.api_support import bearer, model_url, patch_json
from tests.support import snapshot

pytestmark = pytest.mark.django_db

any_text = st.text(st.characters(exclude_categories=()), max_size=40)  # NUL and lone surrogates included
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | any_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(any_text, children, max_size=4),
    max_leaves=12,
)
known_values = st.sampled_from(
    [
        "",
        "resnet",
        "resnet-2",
        "TASK_DETECTION",
        "VISIBILITY_PRIVATE",
        "REGION_LOCAL",
        "GPU",
        "https://a.example",
        "container",
    ]
)
keys = st.sampled_from(sorted(FIELD_ALIASES) + sorted(OUTPUT_ONLY)) | any_text
bodies = st.dictionaries(keys, json_values | known_values, max_size=5)
masks = st.none() | st.lists(st.sampled_from(sorted(FIELD_ALIASES) + ["uid", "bogus"]), max_size=3).map(",".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, mask=masks)
def test_fuzzed_patch_bodies_never_500_and_4xx_changes_nothing(client, alice, aimodel, body, mask):
    headers = getattr(aimodel, "_fuzz_headers", None) or bearer(alice)
    aimodel._fuzz_headers = headers
    before = snapshot(aimodel)
    query = "" if mask is None else f"?update_mask={mask}"
    response = patch_json(client, model_url(aimodel), body, headers, query)
    assert response.status_code < 500, response.content[:300]
    payload = response.json()
    if response.status_code >= 400:
        assert payload["code"] in (3, 9, 10) and payload["message"]
        assert snapshot(aimodel) == before
    else:
        assert response.status_code == 200 and payload["model"]["uid"] == str(aimodel.uid)
        aimodel.refresh_from_db()  # a rename moves the model's URL
