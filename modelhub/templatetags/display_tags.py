"""`{% human_time value %}`: one date format everywhere, the exact time on hover."""

from django import template

from modelhub.web.display import human_time as _human_time

register = template.Library()


@register.simple_tag
def human_time(value):
    return _human_time(value)


@register.filter
def summary_line(message) -> str:
    """An error message's first line, for the error summary: a conflict's line diff stays at
    its field (the summary's link leads there), so the summary reads as one sentence per field."""
    text = str(message)
    first, _, rest = text.partition("\n")
    return f"{first} (details at the field)" if rest.strip() else first
