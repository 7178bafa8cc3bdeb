"""Seed the region and hardware catalog with Instill AI's values."""

from django.db import migrations

CATALOG = [
    (
        "REGION_GCP_EUROPE_WEST4",
        "GCP europe-west4",
        False,
        [
            ("CPU", "CPU"),
            ("NVIDIA_TESLA_T4", "NVIDIA Tesla T4"),
            ("NVIDIA_L4", "NVIDIA L4"),
            ("NVIDIA_A100", "NVIDIA A100 40G"),
            ("NVIDIA_A100_80G", "NVIDIA A100 80G"),
        ],
    ),
    ("REGION_LOCAL", "Local", True, [("CPU", "CPU"), ("GPU", "GPU")]),
]


def seed(apps, schema_editor):
    Region = apps.get_model("modelhub", "Region")
    Hardware = apps.get_model("modelhub", "Hardware")
    for position, (name, title, custom, hardware) in enumerate(CATALOG):
        region, _ = Region.objects.update_or_create(
            name=name, defaults={"title": title, "allows_custom_hardware": custom, "position": position}
        )
        for hw_position, (value, hw_title) in enumerate(hardware):
            Hardware.objects.update_or_create(
                region=region, value=value, defaults={"title": hw_title, "position": hw_position}
            )


def unseed(apps, schema_editor):
    apps.get_model("modelhub", "Region").objects.filter(name__in=[c[0] for c in CATALOG]).delete()


class Migration(migrations.Migration):
    dependencies = [("modelhub", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
