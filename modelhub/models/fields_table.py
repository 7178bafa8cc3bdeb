"""The editable fields of a model, each declared once.

Every surface derives from this table: the model form and the edit page's sections, the
admin's field groups, the history's order, the API's serializer and parser (camelCase and
snake_case), its error field names and its OpenAPI schemas, the required and heavy lists.
Adding a field is one entry here, its model field and migration, and its rule
(modelhub.rules); tests/test_fields_table.py checks every surface shows it.
"""

from dataclasses import dataclass

GENERAL = "General"
CONFIGURATION = "Configuration"
DEPLOYMENT = "Deployment"
DOCUMENTATION = "Documentation"
PROFILE_IMAGE = "Profile image"
DANGER_ZONE = "Danger zone"
# The edit page's sections, in page order. The Danger zone's fields change an existing model
# with a confirmation; where there is no Danger zone (a new model, the admin) they join General.
# Each section saves on its own, so fields checked together are in one section (a definition
# and its configuration; a region and its hardware).
SECTIONS = (GENERAL, CONFIGURATION, DEPLOYMENT, DOCUMENTATION, PROFILE_IMAGE, DANGER_ZONE)


@dataclass(frozen=True)
class FieldSpec:
    name: str  # the model's, the form's and the service's (snake_case) name
    api_name: str  # the API's camelCase name; the snake_case name is accepted too
    label: str  # what people read: form labels, history rows, "Saved: …" messages
    section: str
    required: bool = False  # a model must have it: the API's create requires it, nothing may clear it
    heavy: bool = False  # lists never load it; the API shows it in VIEW_FULL only
    help_text: str = ""

    @property
    def snake_alias(self) -> str | None:
        """The other spelling the API accepts, if the field has one."""
        return self.name if self.name != self.api_name and self.name != "model_id" else None


# In order: the history lists changes in this order, the page and the admin show each
# section's fields in it.
FIELDS = (
    FieldSpec("model_id", "id", "ID", DANGER_ZONE, required=True),
    FieldSpec("description", "description", "Description", GENERAL),
    FieldSpec(
        "tags",
        "tags",
        "Tags",
        GENERAL,
        help_text="Separated by commas or spaces; stored in lower case, at most 20 tags of 32 characters.",
    ),
    FieldSpec("model_definition", "modelDefinition", "Model definition", CONFIGURATION, required=True),
    FieldSpec("configuration", "configuration", "Configuration", CONFIGURATION, required=True, heavy=True),
    FieldSpec("task", "task", "Task", DEPLOYMENT, required=True),
    FieldSpec("region", "region", "Region", DEPLOYMENT, required=True),
    FieldSpec("hardware", "hardware", "Hardware", DEPLOYMENT, required=True),
    FieldSpec("readme", "readme", "README", DOCUMENTATION, heavy=True),
    FieldSpec("source_url", "sourceUrl", "Source URL", DOCUMENTATION),
    FieldSpec("documentation_url", "documentationUrl", "Documentation URL", DOCUMENTATION),
    FieldSpec("license", "license", "License", DOCUMENTATION),
    FieldSpec("profile_image", "profileImage", "Profile image", PROFILE_IMAGE, heavy=True),
    FieldSpec("visibility", "visibility", "Visibility", DANGER_ZONE, required=True),
)
FIELDS_BY_NAME = {spec.name: spec for spec in FIELDS}

EDITABLE_FIELDS = tuple(spec.name for spec in FIELDS)
REQUIRED_FIELDS = frozenset(spec.name for spec in FIELDS if spec.required)
HEAVY_FIELDS = tuple(spec.name for spec in FIELDS if spec.heavy)
LABELS = {spec.name: spec.label for spec in FIELDS}
# API name -> field, for every spelling the API accepts.
API_ALIASES = {spec.api_name: spec.name for spec in FIELDS} | {
    spec.snake_alias: spec.name for spec in FIELDS if spec.snake_alias
}


def api_name(field: str) -> str:
    """The API's (camelCase) name of a field; names outside the table are returned as they are."""
    spec = FIELDS_BY_NAME.get(field)
    return spec.api_name if spec else field


def section_fields(section: str, *, with_danger_zone: bool = True) -> tuple[str, ...]:
    """The fields of a section in table order; without a Danger zone, General has its fields."""
    if not with_danger_zone and section in (GENERAL, DANGER_ZONE):
        sections = {GENERAL, DANGER_ZONE} if section == GENERAL else set()
    else:
        sections = {section}
    return tuple(spec.name for spec in FIELDS if spec.section in sections)
