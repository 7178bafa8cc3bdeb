"""The AIModel admin's form: the edit page's form, whose validation ends with the service's checks."""

from modelhub.admin.widgets import KeptImageInput
from modelhub.forms import AIModelForm, wire_hardware_refresh
from modelhub.models import AuditSource
from modelhub.services import UpdateResult


class SaveRefused(Exception):
    """The service refused the write that its dry run allowed (another writer got there in between)."""


class AdminAIModelForm(AIModelForm):
    """AIModelForm whose validation ends with the service's checks, writing nothing."""

    actor = None  # the signed-in staff user; set per request by AIModelAdmin.get_form
    result: UpdateResult | None = None  # what the service saved, once `save_model` ran

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wire_hardware_refresh(self)  # Hardware follows Region as on the edit page (aimodel_form.js)
        self.fields["pending_profile_image"].widget = KeptImageInput()
        self.fields["pending_profile_image"].label = "Chosen image"

    def _post_clean(self):
        super()._post_clean()
        if not self._errors:  # the change as the service would write it: its rules and conflicts
            self.submit(actor=self.actor, source=AuditSource.ADMIN, dry_run=True)
