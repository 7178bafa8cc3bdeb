import uuid

from django.core.exceptions import ValidationError
from django.db import models
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from modelhub.validators import validate_rfc1034


def validate_json_schema(value) -> None:
    if not isinstance(value, dict):
        raise ValidationError("The model spec must be a JSON Schema object.", code="schema")
    try:
        Draft202012Validator.check_schema(value)
    except SchemaError as exc:
        path = "/".join(str(p) for p in exc.path) or "(root)"
        raise ValidationError(
            "Not a valid JSON Schema at %(path)s: %(msg)s",
            params={"path": path, "msg": exc.message},
            code="schema",
        ) from exc


class ReleaseStage(models.TextChoices):
    ALPHA = "RELEASE_STAGE_ALPHA", "Alpha"
    BETA = "RELEASE_STAGE_BETA", "Beta"
    GENERALLY_AVAILABLE = "RELEASE_STAGE_GENERALLY_AVAILABLE", "Generally available"
    CUSTOM = "RELEASE_STAGE_CUSTOM", "Custom"


class ModelDefinition(models.Model):
    """How a model is imported; `model_spec` is the JSON Schema of its configuration."""

    definition_id = models.CharField("ID", max_length=63, unique=True, validators=[validate_rfc1034])
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=255)
    documentation_url = models.URLField(max_length=255, blank=True)
    icon = models.CharField(max_length=255, blank=True)
    release_stage = models.CharField(max_length=40, choices=ReleaseStage.choices, default=ReleaseStage.ALPHA)
    model_spec = models.JSONField(default=dict, validators=[validate_json_schema])
    create_time = models.DateTimeField(auto_now_add=True)
    update_time = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["definition_id"]

    def __str__(self) -> str:
        return self.title or self.definition_id

    @property
    def name(self) -> str:
        return f"model-definitions/{self.definition_id}"

    def get_absolute_url(self) -> str:
        return f"/v1alpha/model-definitions/{self.definition_id}"


class Region(models.Model):
    name = models.CharField(max_length=63, unique=True)
    title = models.CharField(max_length=255, blank=True)
    is_active = models.BooleanField(default=True)
    allows_custom_hardware = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.title or self.name


class Hardware(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="hardware", to_field="name")
    value = models.CharField(max_length=63)
    title = models.CharField(max_length=255)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["region", "position", "value"]
        verbose_name_plural = "hardware"
        constraints = [
            models.UniqueConstraint(fields=["region", "value"], name="hardware_unique_per_region"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.region_id})"
