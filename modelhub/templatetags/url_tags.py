"""`{{ value|http_url }}`: a stored URL, only if it is an http(s) URL the rules accept.

Escaping does not disarm an `href`: a `javascript:` URL is still a script once it is a
link. The rules refuse such URLs on the way in; this is the second fence on the way out
(for rows written before a rule existed, or by a path that skipped it): anything else
is shown as text, never linked.
"""

from django import template
from django.core.exceptions import ValidationError

from modelhub.validators import validate_http_url

register = template.Library()


@register.filter
def http_url(value) -> str:
    if not value or not isinstance(value, str):
        return ""
    try:
        validate_http_url(value)
    except ValidationError:
        return ""
    return value
