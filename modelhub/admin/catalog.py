import json

from django import forms
from django.contrib import admin

from modelhub.models import Hardware, ModelDefinition, Region


class IndentedJSONField(forms.JSONField):
    """A JSON textarea showing the value pretty-printed."""

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)


class ModelDefinitionForm(forms.ModelForm):
    # The model field's validator (a Draft 2020-12 JSON Schema check) runs in the
    # ModelForm's model validation, so an invalid schema is a form error on this field.
    model_spec = IndentedJSONField(
        label="Model spec (JSON Schema)",
        widget=forms.Textarea(attrs={"rows": 16, "cols": 80, "spellcheck": "false", "class": "vLargeTextField"}),
        help_text="A Draft 2020-12 JSON Schema that every model's configuration must satisfy.",
    )

    documentation_url = forms.URLField(label="Documentation URL", max_length=255, required=False, assume_scheme="https")

    class Meta:
        model = ModelDefinition
        fields = ("definition_id", "title", "documentation_url", "icon", "release_stage", "model_spec")


@admin.register(ModelDefinition)
class ModelDefinitionAdmin(admin.ModelAdmin):
    form = ModelDefinitionForm
    list_display = ("definition_id", "title", "release_stage", "update_time")
    list_filter = ("release_stage",)
    search_fields = ("definition_id", "title")
    readonly_fields = ("uid", "name", "create_time", "update_time")
    fieldsets = (
        (None, {"fields": ("definition_id", "title", "release_stage", "documentation_url", "icon")}),
        ("Configuration schema", {"fields": ("model_spec",)}),
        ("Output only", {"fields": ("uid", "name", "create_time", "update_time")}),
    )


class HardwareInline(admin.TabularInline):
    model = Hardware
    extra = 0
    fields = ("value", "title", "position")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "is_active", "allows_custom_hardware", "position")
    list_filter = ("is_active", "allows_custom_hardware")
    list_editable = ("position",)
    search_fields = ("name", "title")
    inlines = (HardwareInline,)


@admin.register(Hardware)
class HardwareAdmin(admin.ModelAdmin):
    list_display = ("value", "title", "region", "position")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("value", "title", "region__name")
