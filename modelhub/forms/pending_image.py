"""A chosen profile image survives a failed save.

A browser cannot put a file back into a file input, so when a save fails for another
field (or a conflict), the image the user chose would be lost without a word. Instead,
once the server has checked and normalised it (modelhub.images), the form carries the
normalised data URI in a hidden input, signed so that only an image this server produced
is ever taken back from it, shows it in the preview, and saves it with the next save.
"""

from django.core import signing
from django.core.exceptions import ValidationError

PENDING_IMAGE_SALT = "modelhub.forms.pending-profile-image"
KEPT_HELP_TEXT = (
    "The image you chose was checked and is kept: it is saved with your next save. Choose another file to replace it."
)
LOST_MESSAGE = "The image you chose earlier could not be kept; choose it again."


def sign_pending_image(data_uri: str) -> str:
    return signing.Signer(salt=PENDING_IMAGE_SALT).sign(data_uri)


def unsign_pending_image(value: str | None) -> str:
    """The data URI a hidden input carries ("" when none); ValidationError when altered."""
    if not value:
        return ""
    try:
        return signing.Signer(salt=PENDING_IMAGE_SALT).unsign(value)
    except signing.BadSignature as exc:
        raise ValidationError(LOST_MESSAGE) from exc
