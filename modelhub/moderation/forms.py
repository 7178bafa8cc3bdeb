"""Forms of the moderation pages: they parse input; the services apply the rules."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.urls import reverse

from modelhub.forms.fields import TypedTextField
from modelhub.models import ReportReason, Visibility
from modelhub.models.moderation import MAX_NOTE_TEXT, MAX_REPORT_TEXT


def _button(name: str, label: str, style: str) -> Submit:
    """A submit button in one Bootstrap style (crispy's Submit always adds btn-primary)."""
    button = Submit(name, label)
    button.field_classes = f"btn {style}"
    return button


def _text_field(label: str, max_length: int, *, rows: int | None, required: bool = False, **kwargs) -> TypedTextField:
    """Free text of at most `max_length` characters (the browser stops there too): a textarea of
    `rows` rows, or a one-line input."""
    attrs = {"maxlength": max_length}
    widget = forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs=attrs)
    return TypedTextField(label=label, required=required, max_length=max_length, widget=widget, strip=True, **kwargs)


def _helper(form: forms.Form, action: str, submit: Submit, *fields) -> FormHelper:
    helper = FormHelper(form)
    helper.form_action = action
    helper.form_method = "post"
    helper.layout = Layout(*fields, submit)
    return helper


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label="Reason", choices=[("", "Choose a reason…"), *ReportReason.choices])
    text = _text_field(
        "What is wrong with this model?",
        MAX_REPORT_TEXT,
        rows=4,
        help_text=f"Optional, at most {MAX_REPORT_TEXT:,} characters. Moderators read it; the owner does not.",
    )

    def __init__(self, *args, aimodel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            self,
            reverse("moderation-report-create", args=[aimodel.pk]),
            _button("report", "Send report", "btn-danger"),
            "reason",
            "text",
        )


class NoteForm(forms.Form):
    text = _text_field(
        "Note to the owner",
        MAX_NOTE_TEXT,
        rows=3,
        required=True,
        help_text="Shown to the owner on the model's page, and recorded in its history.",
    )

    def __init__(self, *args, aimodel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            self, reverse("moderation-note", args=[aimodel.pk]), _button("note", "Leave note", "btn-primary"), "text"
        )


class DismissForm(forms.Form):
    note = _text_field("Why dismiss it?", MAX_NOTE_TEXT, rows=None)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, prefix=f"dismiss-{report.pk}", **kwargs)
        self.helper = _helper(
            self,
            reverse("moderation-report-dismiss", args=[report.pk]),
            _button("dismiss", "Dismiss report", "btn-outline-secondary btn-sm"),
            Field("note", placeholder="Note (optional, recorded in the history)"),
        )
        self.helper.form_show_labels = False


CONFIRMED = "yes"


class HideForm(forms.Form):
    """Hiding is confirmed first: a dialog with JavaScript, else a confirmation page that posts
    the same form again with `confirmed`."""

    note = _text_field("Reason, shown to the owner", MAX_NOTE_TEXT, rows=2)
    resolve_reports = forms.BooleanField(label="Mark its open reports as actioned", required=False, initial=True)
    confirmed = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, aimodel, confirming: bool = False, **kwargs):
        super().__init__(*args, prefix="hide", **kwargs)
        if confirming:
            self.initial["confirmed"] = CONFIRMED
        label = f"Yes, hide {aimodel.handle}" if confirming else "Hide model…"
        self.helper = _helper(
            self,
            reverse("moderation-hide", args=[aimodel.pk]),
            _button("hide", label, "btn-danger"),
            "note",
            "resolve_reports",
            "confirmed",
        )
        self.helper.attrs = {"data-confirm-hide": "", "data-model": aimodel.handle}

    def is_confirmed(self) -> bool:
        return self.cleaned_data.get("confirmed") == CONFIRMED


class RestoreForm(forms.Form):
    note = _text_field("Note, shown to the owner", MAX_NOTE_TEXT, rows=2)
    visibility = forms.TypedChoiceField(label="Visibility after restoring", widget=forms.RadioSelect)

    def __init__(self, *args, aimodel, visibility_before: str, **kwargs):
        super().__init__(*args, prefix="restore", **kwargs)
        public_label = "Public: everyone can see it"
        private_label = "Private: only its namespace's members see it; the owner may publish it again"
        before = " (as before it was hidden)"
        self.fields["visibility"].choices = [
            (Visibility.PUBLIC, public_label + (before if visibility_before == Visibility.PUBLIC else "")),
            (Visibility.PRIVATE, private_label + (before if visibility_before == Visibility.PRIVATE else "")),
        ]
        self.fields["visibility"].initial = visibility_before
        self.helper = _helper(
            self,
            reverse("moderation-restore", args=[aimodel.pk]),
            _button("restore", "Restore model", "btn-success"),
            "visibility",
            "note",
        )


class QueueFilterForm(forms.Form):
    reason = forms.ChoiceField(label="Reason", required=False, choices=[("", "All reasons"), *ReportReason.choices])
