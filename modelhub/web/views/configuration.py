"""The Configuration editor in place (fetch from static/js/configuration_form.js): the chosen
definition's inputs, or the other view, for the editor as the user has filled it so far."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_http_methods

from modelhub.forms.configuration import ConfigurationEditor, posted_fields_for
from modelhub.models import ModelDefinition


@login_required
@require_http_methods(["POST"])
def configuration_fields(request):
    """The editor (the include template's HTML) for the posted form; saves nothing."""
    chosen, before = request.POST.get("model_definition", ""), posted_fields_for(request.POST)
    wanted = [value for value in (chosen, before) if value]
    definitions = {d.definition_id: d for d in ModelDefinition.objects.filter(definition_id__in=wanted)}
    editor = ConfigurationEditor.from_post(
        request.POST, definition=definitions.get(chosen), previous=definitions.get(before or "")
    )
    return HttpResponse(editor.render())
