"""`{% human_time value %}`: one date format everywhere, the exact time on hover."""

from django import template

from modelhub.web.display import human_time as _human_time

register = template.Library()


@register.simple_tag
def human_time(value):
    return _human_time(value)
