"""The Configuration editor in place (fetch from static/js/configuration_form.js): another
definition's inputs, or the other view, for the form as the user has filled it so far."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_http_methods

from modelhub.forms.configuration import ConfigurationField, attach_configuration_editor
from modelhub.models import ModelDefinition


class ConfigurationEditorForm(forms.Form):
    """The two fields of the model form the editor depends on, named as there."""

    model_definition = forms.ModelChoiceField(ModelDefinition.objects.all(), to_field_name="definition_id")
    configuration = ConfigurationField(label="Configuration")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attach_configuration_editor(self)


@login_required
@require_http_methods(["POST"])
def configuration_fields(request):
    """The editor (the include template's HTML) for the posted form; saves nothing."""
    form = ConfigurationEditorForm(request.POST)
    form.is_valid()  # resolves what to show; "nothing was saved" is the point here, not an error
    return HttpResponse(form["configuration"].as_widget())
