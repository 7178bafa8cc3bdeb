"""Forms of the organization pages: create one, rename it, invite someone, change a role."""

from django import forms
from django.contrib.auth import get_user_model

from modelhub.models import Role
from modelhub.validators import RFC1034_RE

ROLE_HELP = (
    "Owners manage everything; admins manage members and viewers; members edit the models; "
    "viewers read the private models."
)


class OrganizationForm(forms.Form):
    namespace_id = forms.CharField(
        label="Organization ID",
        max_length=63,
        help_text="Its address: /namespaces/<ID>/. Letters, digits and hyphens; it cannot be changed later.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    display_name = forms.CharField(label="Display name", max_length=255, required=False)

    def clean_namespace_id(self) -> str:
        value = self.cleaned_data["namespace_id"].strip()
        if not RFC1034_RE.match(value):
            raise forms.ValidationError(
                "Use 1–63 letters, digits and hyphens, starting with a letter and ending with a letter or digit."
            )
        return value


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(label="Display name", max_length=255, required=False)


class InviteForm(forms.Form):
    username = forms.CharField(label="Username", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.MEMBER, help_text=ROLE_HELP)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(f"No user is called “{username[:150]}”. Invite people who have an account.")
        return user


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)
