"""The list page's search and filter form (GET parameters; an unknown value is ignored, never an error)."""

from django import forms
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from modelhub.models import AIModel, Task, Visibility


class AIModelFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    namespace = forms.ChoiceField(label="Namespace", required=False)
    task = forms.ChoiceField(label="Task", required=False, choices=[("", "All tasks"), *Task.choices])
    visibility = forms.ChoiceField(
        label="Visibility", required=False, choices=[("", "Any visibility"), *Visibility.choices]
    )

    def __init__(self, *args, namespace_ids: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["namespace"].choices = [("", "All namespaces"), *((n, n) for n in namespace_ids)]
        self.fields["q"].widget.attrs.update({"placeholder": "Search ID or description", "type": "search"})

    def filtered(self, queryset: QuerySet[AIModel]) -> QuerySet[AIModel]:
        """Apply the valid filters; an invalid one (a stale link, a hand-edited URL) is dropped."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if q := (data.get("q") or "").strip():
            queryset = queryset.filter(Q(model_id__icontains=q) | Q(description__icontains=q))
        if namespace := data.get("namespace"):
            queryset = queryset.filter(namespace__namespace_id=namespace)
        if task := data.get("task"):
            queryset = queryset.filter(task=task)
        if visibility := data.get("visibility"):
            queryset = queryset.filter(visibility=visibility)
        return queryset


def with_has_image(queryset: QuerySet[AIModel]) -> QuerySet[AIModel]:
    """Annotate whether a model has an image, computed in SQL (the image column stays unloaded)."""
    return queryset.annotate(has_image=ExpressionWrapper(~Q(profile_image=""), output_field=BooleanField()))
