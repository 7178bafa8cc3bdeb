"""The list page's search, filter and sort form (GET parameters; an unknown value is ignored, never an error)."""

from django import forms
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from modelhub import search
from modelhub.models import AIModel, Task, Visibility
from modelhub.paging import Order
from modelhub.selectors import namespace_by_id

# The page's orders: each an index's (modelhub.paging.Order), and its words for the page.
SORTS = {
    "created": (Order("create_time", descending=True), "Recently created"),
    "updated": (Order("update_time", descending=True), "Recently updated"),
    "name": (Order("model_id", descending=False), "Name (A–Z)"),
}
DEFAULT_SORT = "created"


class AIModelFilterForm(forms.Form):
    # No max_length: a longer text is cut by modelhub.search, not dropped.
    q = forms.CharField(label="Search", required=False, strip=True)
    namespace = forms.CharField(label="Namespace", required=False, max_length=63)
    tag = forms.CharField(label="Tag", required=False, max_length=64)
    task = forms.ChoiceField(label="Task", required=False, choices=[("", "All tasks"), *Task.choices])
    visibility = forms.ChoiceField(
        label="Visibility", required=False, choices=[("", "Any visibility"), *Visibility.choices]
    )
    sort = forms.ChoiceField(
        label="Sort by", required=False, choices=[(key, label) for key, (_, label) in SORTS.items()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"placeholder": "Search ID, description or tags", "type": "search"})

    def _data(self) -> dict:
        self.is_valid()
        return getattr(self, "cleaned_data", {})

    @property
    def sort_key(self) -> str:
        return self._data().get("sort") or DEFAULT_SORT

    @property
    def order(self) -> Order:
        return SORTS[self.sort_key][0]

    @property
    def sort_label(self) -> str:
        return SORTS[self.sort_key][1]

    @property
    def search(self) -> search.Search:
        data = self._data()
        return search.parse(data.get("q"), [data["tag"]] if data.get("tag") else ())

    def filtered(self, queryset: QuerySet[AIModel]) -> QuerySet[AIModel]:
        """Apply the valid filters; an invalid one (a stale link, a hand-edited URL) is dropped."""
        data = self._data()
        if namespace_id := data.get("namespace"):
            # A namespace the visitor may not see, or none, shows what a visible empty one does.
            namespace = namespace_by_id(namespace_id)
            queryset = queryset.filter(namespace=namespace) if namespace else queryset.none()
        # After the namespace: a search within one namespace is looked up there (modelhub.search).
        queryset = search.matching(queryset, self.search)
        if task := data.get("task"):
            queryset = queryset.filter(task=task)
        if visibility := data.get("visibility"):
            queryset = queryset.filter(visibility=visibility)
        return queryset


def with_has_image(queryset: QuerySet[AIModel]) -> QuerySet[AIModel]:
    """Annotate whether a model has an image, computed in SQL (the image column stays unloaded)."""
    return queryset.annotate(has_image=ExpressionWrapper(~Q(profile_image=""), output_field=BooleanField()))
