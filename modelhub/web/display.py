"""What people read instead of stored codes: region and hardware titles, human dates."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django.utils.html import format_html

from modelhub.models import AIModel, Hardware, ModelDefinition

EXACT_FORMAT = "%A, %-d %B %Y, %H:%M:%S UTC"
DATE_FORMAT = "%-d %b %Y"


@dataclass
class CatalogTitles:
    """Region and hardware titles by stored value (one query for the whole catalog)."""

    regions: dict[str, str] = field(default_factory=dict)
    hardware: dict[tuple[str, str], str] = field(default_factory=dict)
    definitions: dict[str, str] | None = None  # read on first use: one query, only when an entry names one

    def region(self, name: str) -> str:
        return self.regions.get(name) or name

    def hardware_title(self, region: str, value: str) -> str:
        return self.hardware.get((region, value)) or value

    def definition(self, definition_id: str) -> str:
        if self.definitions is None:
            self.definitions = dict(ModelDefinition.objects.values_list("definition_id", "title"))
        return self.definitions.get(definition_id) or definition_id

    def any_hardware_title(self, value: str) -> str:
        """The title of a hardware value in whichever region has it (history entries without a region)."""
        return next((title for (_, v), title in self.hardware.items() if v == value), value)

    def label(self, aimodel: AIModel) -> AIModel:
        """Set `region_title` and `hardware_title` on the model (for templates)."""
        aimodel.region_title = self.region(aimodel.region_id)
        aimodel.hardware_title = self.hardware_title(aimodel.region_id, aimodel.hardware)
        return aimodel


def catalog_titles() -> CatalogTitles:
    titles = CatalogTitles()
    rows = Hardware.objects.values_list("region_id", "region__title", "value", "title")
    for region, region_title, value, title in rows:
        titles.regions[region] = region_title or region
        titles.hardware[(region, value)] = title or value
    return titles


def relative_time(value: datetime, now: datetime | None = None) -> str:
    """ "just now", "5 minutes ago", "3 hours ago", "yesterday", else the date."""
    now = now or timezone.now()
    age = now - value
    if age < timedelta(minutes=1):
        return "just now"
    if age < timedelta(hours=1):
        minutes = int(age.total_seconds() // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    if age < timedelta(days=1):
        hours = int(age.total_seconds() // 3600)
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    return value.astimezone(UTC).strftime(DATE_FORMAT)


def human_time(value: datetime | None, now: datetime | None = None) -> str:
    """A <time> element: relative or a date, with the exact time in UTC on hover."""
    if value is None:
        return format_html('<span class="{}">never</span>', "text-body-secondary")
    utc = value.astimezone(UTC)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        utc.isoformat(timespec="seconds"),
        utc.strftime(EXACT_FORMAT),
        relative_time(value, now),
    )
