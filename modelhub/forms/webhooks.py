"""The webhook form of the namespace's Webhooks page: it parses input; the service applies the rules."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms

from modelhub.models import WebhookEvent
from modelhub.services.webhooks import MAX_DESCRIPTION_LENGTH, MAX_URL_LENGTH


class WebhookForm(forms.Form):
    url = forms.CharField(
        label="Payload URL",
        max_length=MAX_URL_LENGTH,
        widget=forms.URLInput(attrs={"placeholder": "https://ci.example.com/modelhub", "autocomplete": "off"}),
        help_text="modelhub POSTs each event here as JSON, signed with the webhook's secret.",
    )
    description = forms.CharField(label="Description", max_length=MAX_DESCRIPTION_LENGTH, required=False)
    events = forms.MultipleChoiceField(
        label="Events",
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="None chosen: every event, including kinds added later.",
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_action = action
        self.helper.form_method = "post"
        self.helper.attrs = {"aria-label": "Add a webhook"}
        self.helper.layout = Layout("url", "description", "events", Submit("create", "Add webhook"))

    def clean_events(self) -> list[str]:
        chosen = self.cleaned_data["events"]
        return [] if set(chosen) == set(WebhookEvent.values) else chosen
