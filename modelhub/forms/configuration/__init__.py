"""The Configuration editor: a form generated from a model definition's JSON Schema.

- inputs: schema + value -> a tree of input descriptors (pure)
- reading: POSTed input values -> the configuration (pure)
- messages: jsonschema errors -> the input they concern, in words (pure)
- values: defaults, moving a value to another definition (pure)
- editor: ConfigurationEditor, the plain object a view or a form builds from a definition,
  a value and the POST data (one template, both views)
- field: the Django field around it (its bound field builds the editor), for the model form
"""

from modelhub.forms.configuration.editor import ConfigurationEditor, posted_action, posted_fields_for
from modelhub.forms.configuration.field import ConfigurationBoundField, ConfigurationField, ConfigurationWidget
from modelhub.forms.configuration.inputs import MISSING, Input
from modelhub.forms.configuration.messages import place_errors
from modelhub.forms.configuration.reading import read_inputs
from modelhub.forms.configuration.schema_walker import build_inputs
from modelhub.forms.configuration.values import carry_over, defaults

__all__ = [
    "MISSING",
    "ConfigurationBoundField",
    "ConfigurationEditor",
    "ConfigurationField",
    "ConfigurationWidget",
    "Input",
    "build_inputs",
    "carry_over",
    "defaults",
    "place_errors",
    "posted_action",
    "posted_fields_for",
    "read_inputs",
]
