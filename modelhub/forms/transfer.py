"""The Danger zone's Transfer: which namespace a model moves to, and its ID there."""

from django import forms

from modelhub.validators import RFC1034_RE


class TransferForm(forms.Form):
    namespace = forms.ChoiceField(label="New namespace", help_text="A namespace where you may create models.")
    new_model_id = forms.CharField(
        label="ID in the new namespace",
        required=False,
        help_text="Leave empty to keep the model's ID.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, namespace_ids: list[str], current_id: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["namespace"].choices = [(ns, ns) for ns in namespace_ids]
        self.fields["new_model_id"].widget.attrs["placeholder"] = current_id
        self.current_id = current_id

    def clean_new_model_id(self) -> str:
        value = self.cleaned_data["new_model_id"].strip()
        if value and not RFC1034_RE.match(value):
            raise forms.ValidationError(
                "Use 1–63 letters, digits and hyphens, starting with a letter and ending with a letter or digit."
            )
        return value or self.current_id
