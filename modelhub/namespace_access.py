"""The namespace a request names, as its caller may see it: one rule for the pages and the API.

A namespace that is missing, or holds nothing the caller may know of, is hidden (both surfaces
answer 404, the same for either); one the caller knows but may not act in is refused (403).
Each surface turns the two exceptions into its own answer (modelhub.web.access, modelhub.api.access).
"""

from collections.abc import Callable
from typing import Any

from modelhub.models import Namespace
from modelhub.selectors import namespace_known_to
from modelhub.validators import RFC1034_RE


class NamespaceHidden(Exception):
    """Missing, or not to be revealed to the caller."""


class NamespaceRefused(Exception):
    """Known to the caller, but the action is not theirs; the message says whose it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def namespace_for(
    user,
    namespace_id: str,
    *,
    organization: bool = False,
    allowed: Callable[[Any, str | None], bool] | None = None,
    refusal: str = "",
) -> Namespace:
    """The namespace (with `caller_role`) if `user` may know it exists (and, with `organization`,
    it is an organization); then, with `allowed(user, role)`, refused unless it permits them."""
    namespace = namespace_known_to(user, namespace_id) if RFC1034_RE.match(namespace_id) else None
    if namespace is None or (organization and not namespace.is_organization):
        raise NamespaceHidden(namespace_id)
    if allowed is not None and not allowed(user, namespace.caller_role):
        raise NamespaceRefused(refusal)
    return namespace
