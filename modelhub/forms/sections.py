"""The edit page's sections, from the field table: which fields each shows, in order.

A field is drawn by `modelhub/edit_fields/<name>.html` where it needs more than its input
(the README's preview, the custom hardware, the image's preview, the Danger zone's rows), by
`modelhub/edit_fields/_default.html` otherwise; a section's own words around its fields are
in `modelhub/edit_sections/<slug>_top.html` and `<slug>_end.html` where it has any.
"""

from dataclasses import dataclass

from django.forms import BoundField
from django.utils.text import slugify

from modelhub.models.fields_table import DANGER_ZONE, SECTIONS, section_fields

EMPTY = "modelhub/edit_sections/_empty.html"


@dataclass(frozen=True)
class PageField:
    name: str
    field: BoundField

    @property
    def templates(self) -> tuple[str, str]:
        return (f"modelhub/edit_fields/{self.name}.html", "modelhub/edit_fields/_default.html")


@dataclass(frozen=True)
class PageSection:
    title: str
    fields: tuple[PageField, ...]

    @property
    def danger(self) -> bool:
        return self.title == DANGER_ZONE

    @property
    def slug(self) -> str:
        return "danger" if self.danger else slugify(self.title)

    @property
    def top_templates(self) -> tuple[str, str]:
        return (f"modelhub/edit_sections/{self.slug}_top.html", EMPTY)

    @property
    def end_templates(self) -> tuple[str, str]:
        return (f"modelhub/edit_sections/{self.slug}_end.html", EMPTY)


def page_sections(form, *, creating: bool) -> list[PageSection]:
    """The sections of the edit page (of the new-model page: no Danger zone, its fields in General)."""
    sections = []
    for title in SECTIONS:
        if creating and title == DANGER_ZONE:
            continue
        names = section_fields(title, with_danger_zone=not creating)
        sections.append(PageSection(title, tuple(PageField(name, form[name]) for name in names)))
    return sections
