"""Forms: the model form shared by the browser edit page and the Django admin."""

from modelhub.forms.aimodel import LABELS, LOADED_STATE_SALT, AIModelForm
from modelhub.forms.choices import CUSTOM_HARDWARE, SPDX_SUGGESTIONS, hardware_choices, wire_hardware_refresh
from modelhub.forms.fields import PrettyJSONField

__all__ = [
    "CUSTOM_HARDWARE",
    "LABELS",
    "LOADED_STATE_SALT",
    "SPDX_SUGGESTIONS",
    "AIModelForm",
    "PrettyJSONField",
    "hardware_choices",
    "wire_hardware_refresh",
]
