"""The rules of region and hardware, through the service."""

import factory
import pytest

from modelhub.models import Region
from tests.rules_support import accepted, refused

pytestmark = pytest.mark.django_db


class InactiveRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = "REGION_RETIRED"
    is_active = False


# --- region and hardware ------------------------------------------------------------------------


def test_region_unknown(aimodel):
    assert refused(aimodel, region="REGION_MARS")["region"] == ["Unknown region 'REGION_MARS'."]


def test_region_inactive(aimodel):
    InactiveRegionFactory()
    assert refused(aimodel, region="REGION_RETIRED")["region"] == ["Region 'REGION_RETIRED' is not available."]


def test_hardware_of_the_region(aimodel):
    accepted(aimodel, hardware="NVIDIA_A100_80G")
    accepted(aimodel, region="REGION_LOCAL", hardware="GPU")


def test_hardware_not_in_the_region_is_refused(aimodel):
    errors = refused(aimodel, hardware="GPU")["hardware"]
    assert errors == [
        "Hardware 'GPU' is not available in region 'REGION_GCP_EUROPE_WEST4'; choose one of: "
        "CPU, NVIDIA_TESLA_T4, NVIDIA_L4, NVIDIA_A100, NVIDIA_A100_80G."
    ]


def test_moving_region_revalidates_the_hardware(aimodel):
    accepted(aimodel, region="REGION_LOCAL", hardware="my-box")
    assert "not available in region" in refused(aimodel, region="REGION_GCP_EUROPE_WEST4")["hardware"][0]


@pytest.mark.parametrize("value", ["my-gpu", "RTX_4090", "a", "x" * 63])
def test_custom_hardware_allowed_on_local(aimodel, value):
    accepted(aimodel, region="REGION_LOCAL", hardware=value)


@pytest.mark.parametrize("value", ["my gpu", "gpu!", "gpü", "<script>"])
def test_invalid_custom_hardware_name_is_refused(aimodel, value):
    assert refused(aimodel, region="REGION_LOCAL", hardware=value)["hardware"] == [
        "Custom hardware must be 1–63 letters, digits, underscores or hyphens."
    ]


def test_overlong_custom_hardware_name_is_refused_by_its_length(aimodel):
    assert refused(aimodel, region="REGION_LOCAL", hardware="x" * 64)["hardware"] == [
        "Ensure this value has at most 63 characters (it has 64)."
    ]


def test_custom_hardware_refused_on_gcp(aimodel):
    assert "not available in region 'REGION_GCP_EUROPE_WEST4'" in refused(aimodel, hardware="my-gpu")["hardware"][0]


def test_hardware_empty_is_required(aimodel):
    assert refused(aimodel, hardware="")["hardware"] == ["This field is required."]
