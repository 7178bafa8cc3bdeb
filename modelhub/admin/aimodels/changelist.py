"""The AIModel changelist at hub scale: a bounded count, index-ordered sorts, indexed search.

- The count stops at modelhub.paging.COUNT_LIMIT ("10,000+ models"): Django's paginator
  would COUNT every row of the filter on every page.
- Columns sort only where an index holds the order (the default: newest first).
- The search box is the site's search (modelhub.search): words of the ID, description and
  tags from its index, never an `icontains` scan of the table; "namespace/text" narrows to one
  namespace, and a UID finds its model.
"""

import uuid

from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from modelhub import paging, search


class BoundedCount(int):
    """A count past the bound: the bound plus one as a number (for the pages), "10,000+" as text."""

    def __str__(self) -> str:
        return f"{paging.COUNT_LIMIT:,}+"


class BoundedCountPaginator(Paginator):
    """Django's paginator with modelhub.paging's bounded count: exact up to COUNT_LIMIT, beyond it
    COUNT_LIMIT + 1 shown as "10,000+" (so the last page link is COUNT_LIMIT rows deep at most)."""

    @cached_property
    def count(self) -> int:
        count, more = paging.bounded_count(self.object_list)
        return BoundedCount(count + 1) if more else count

    def page(self, number):
        """As Django's, but the last page of a bounded count is a full page, not cut at the bound."""
        if not isinstance(self.count, BoundedCount):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


class IndexedSortChangeList(ChangeList):
    """Sorts only by the columns in `sortable_by` (those with an index), even when the URL asks
    for another (Django's `sortable_by` only hides the other headers' links)."""

    def get_ordering_field(self, field_name):
        if self.sortable_by is not None and field_name not in self.sortable_by:
            return None
        return super().get_ordering_field(field_name)


def search_results(queryset, term: str):
    """The rows of `queryset` that the changelist's search box asks for, in the queryset's order."""
    term = term.strip()
    if not term:
        return queryset
    try:
        return queryset.filter(pk=uuid.UUID(term))
    except ValueError:
        pass
    namespace_id, _, text = term.rpartition("/")
    if namespace_id:
        queryset = queryset.filter(namespace__namespace_id=namespace_id.strip())
        if not text.strip():
            return queryset
    return search.matching(queryset, search.parse(text))
