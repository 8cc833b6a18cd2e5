"""Photos taken on phones: accepted by their content, re-encoded, and given a thumbnail.

A photo is opened with Pillow (HEIC through pillow-heif) and must really be a JPEG, PNG or HEIC
image. It is then re-encoded: what is stored is pixels we wrote ourselves, so a polyglot or a
script hidden after the image data does not survive, and neither does EXIF metadata such as the
GPS position of the phone (the orientation is applied first so the photo stays upright).
"""

from dataclasses import dataclass
from io import BytesIO

import pillow_heif
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .uploads import hidden_content

pillow_heif.register_heif_opener()

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; more is a decompression bomb, not a phone picture
LONG_EDGE = 2048  # stored photos are scaled down to this; enough to read a fire extinguisher's label
THUMB_EDGE = 320
ACCEPTED = {"JPEG", "PNG", "HEIF"}


@dataclass
class Photo:
    image: ContentFile
    thumbnail: ContentFile


def _open(upload):
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo is %(size)s MB; at most %(max)s MB is allowed."),
            code="too_large",
            params={"size": round(upload.size / 1024 / 1024, 1), "max": MAX_PHOTO_BYTES // 1024 // 1024},
        )
    try:
        upload.seek(0)
        image = Image.open(upload)
        if image.format not in ACCEPTED:
            raise ValidationError(_("Only JPEG, PNG or HEIC photos can be added."), code="bad_type")
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(_("The photo has too many pixels."), code="too_large")
        # Re-encoding would drop a hidden payload anyway; refusing says plainly that the file is odd.
        if hidden_content(upload, image.format.lower()):
            raise ValidationError(
                _("The photo contains a script or another file hidden inside it and was refused."),
                code="hidden_content",
            )
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("Only JPEG, PNG or HEIC photos can be added."), code="bad_type") from error
    finally:
        upload.seek(0)
    return ImageOps.exif_transpose(image), image.format


def validate_photo(upload):
    """Refuse anything that is not a real JPEG/PNG/HEIC photo of an acceptable size."""
    _open(upload)


def _encode(image, fmt, edge):
    copy = image.copy()
    copy.thumbnail((edge, edge))
    stream = BytesIO()
    if fmt == "PNG" and copy.mode in ("RGBA", "LA", "P"):
        copy.save(stream, "PNG", optimize=True)
        return ContentFile(stream.getvalue(), name="photo.png")
    copy.convert("RGB").save(stream, "JPEG", quality=85)
    return ContentFile(stream.getvalue(), name="photo.jpg")


def process_photo(upload) -> Photo:
    """The photo to store and its thumbnail, both re-encoded without metadata."""
    image, fmt = _open(upload)
    return Photo(image=_encode(image, fmt, LONG_EDGE), thumbnail=_encode(image, fmt, THUMB_EDGE))
