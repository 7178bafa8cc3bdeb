"""The edit page's sections, from the field table: which fields each shows, in order, and what
each Save writes.

On the edit page every section is its own form with its own Save, and each Danger-zone field
(rename, visibility) is its own row with its own button: a save writes only its group's
fields (`save_groups`). The new-model page is one form (there is nothing to save a part of).

A field is drawn by `modelhub/edit_fields/<name>.html` where it needs more than its input
(the README's preview, the custom hardware, the image's preview, the Danger zone's rows), by
`modelhub/edit_fields/_default.html` otherwise; a section's own words around its fields are
in `modelhub/edit_sections/<slug>_top.html` and `<slug>_end.html` where it has any.
"""

from dataclasses import dataclass
from typing import Any

from django.forms import BoundField
from django.utils.text import slugify

from modelhub.models.fields_table import DANGER_ZONE, LABELS, SECTIONS, section_fields

EMPTY = "modelhub/edit_sections/_empty.html"
# The form's inputs that go with a table field: drawn after it, read and saved with it (on the
# edit page, in the admin's fieldsets). They are not stored fields of their own.
COMPANIONS = {"hardware": ("custom_hardware",), "profile_image": ("pending_profile_image", "remove_profile_image")}


def with_companions(names: tuple[str, ...]) -> tuple[str, ...]:
    """The table fields `names`, each followed by its companion inputs."""
    return tuple(input_name for name in names for input_name in (name, *COMPANIONS.get(name, ())))


def _slug(title: str) -> str:
    return "danger" if title == DANGER_ZONE else slugify(title)


@dataclass(frozen=True)
class SaveGroup:
    """What one Save button of the edit page writes: its key is posted as `section`."""

    key: str
    title: str  # what the saved message names: "General", "Visibility"
    fields: tuple[str, ...]
    anchor: str  # the page's section it sits in: the redirect's fragment


def save_groups() -> dict[str, SaveGroup]:
    """The edit page's Saves: one per section, one per Danger-zone field."""
    groups = {}
    for title in SECTIONS:
        slug = _slug(title)
        if title == DANGER_ZONE:
            for name in section_fields(title):
                groups[name] = SaveGroup(name, LABELS[name], (name,), f"section-{slug}")
        else:
            groups[slug] = SaveGroup(slug, title, section_fields(title), f"section-{slug}")
    return groups


@dataclass(frozen=True)
class PageField:
    name: str
    field: BoundField
    form: Any  # the form the field belongs to (a section's failed post, or the page's)

    @property
    def templates(self) -> tuple[str, str]:
        return (f"modelhub/edit_fields/{self.name}.html", "modelhub/edit_fields/_default.html")

    @property
    def group(self) -> str:
        """The `section` a Danger-zone row posts."""
        return self.name


@dataclass(frozen=True)
class PageSection:
    title: str
    fields: tuple[PageField, ...]
    form: Any = None

    @property
    def danger(self) -> bool:
        return self.title == DANGER_ZONE

    @property
    def slug(self) -> str:
        return _slug(self.title)

    @property
    def top_templates(self) -> tuple[str, str]:
        return (f"modelhub/edit_sections/{self.slug}_top.html", EMPTY)

    @property
    def end_templates(self) -> tuple[str, str]:
        return (f"modelhub/edit_sections/{self.slug}_end.html", EMPTY)


def page_sections(form, *, creating: bool, posted=None) -> list[PageSection]:
    """The sections of the edit page (of the new-model page: no Danger zone, its fields in General).

    `posted`: a section's form that failed to save; its fields are shown as posted, with their
    errors, and every other field as `form` (the stored record) shows it."""
    sections = []
    for title in SECTIONS:
        if creating and title == DANGER_ZONE:
            continue
        names = section_fields(title, with_danger_zone=not creating)
        items = []
        for name in names:
            owner = posted if posted is not None and name in posted.fields else form
            items.append(PageField(name, owner[name], owner))
        section_form = items[0].form if items and title != DANGER_ZONE else form
        sections.append(PageSection(title, tuple(items), section_form))
    return sections
