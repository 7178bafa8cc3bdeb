"""The AIModel admin's change page sections: the edit page's, and the output-only fields."""

from modelhub.forms.sections import COMPANIONS, with_companions
from modelhub.models.fields_table import GENERAL, PROFILE_IMAGE, SECTIONS, section_fields

# The form's inputs that are not a stored field.
FORM_ONLY_FIELDS = frozenset({"loaded_state", "profile_image", *(f for fs in COMPANIONS.values() for f in fs)})


def section_fieldsets(*, adding: bool) -> tuple:
    """The edit page's sections as fieldsets (the admin has no Danger zone: those fields are in General)."""
    fieldsets = []
    for section in SECTIONS:
        names = section_fields(section, with_danger_zone=False)
        fields = list(with_companions(names))
        if not fields:
            continue
        if section == PROFILE_IMAGE:
            fields = ["profile_image", "pending_profile_image"] if adding else ["profile_image_preview", *fields]
        if section == GENERAL:
            fields = ["namespace", "loaded_state", *fields] if adding else ["loaded_state", *fields]
        fieldsets.append((None if section == GENERAL else section, {"fields": tuple(fields)}))
    return tuple(fieldsets)


OUTPUT_FIELDS = (
    "uid",
    "name",
    "namespace",
    "owner_name",
    "moderation_state",
    "create_time",
    "update_time",
    "delete_time",
    "full_history",
)
