"""Uploaded files: stored under random names, accepted by their content, never by their name."""

import uuid
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


@deconstructible
class random_upload_path:  # lower case: it stands where `upload_to=` expects a function
    """`upload_to` that keeps only the extension: a user's file name never reaches the disk."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        suffix = PurePath(filename).suffix.lower()[:10]
        return f"{self.folder}/{uuid.uuid4().hex}{suffix}"


def _is_docx(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def sniff_document(upload):
    """'pdf', 'doc', 'docx', 'jpeg' or 'png' from the file's first bytes; None for anything else."""
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04") and _is_docx(upload):
        return "docx"
    return None


def validate_document(upload, *, max_bytes=MAX_DOCUMENT_BYTES):
    """Accept a PDF, Word document or JPEG/PNG image of at most `max_bytes`; refuse the rest."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s MB; at most %(max)s MB is allowed."),
            code="too_large",
            params={"size": round(upload.size / 1024 / 1024, 1), "max": max_bytes // 1024 // 1024},
        )
    if sniff_document(upload) is None:
        raise ValidationError(
            _("Only PDF, Word (.doc, .docx) or JPEG/PNG image files can be attached."),
            code="bad_type",
        )


# A stored document is served as what its content is, never as what its (user-chosen) name suggests.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


def attachment_response(field_file, filename):
    """Download a stored upload under its original name; 404 when the file is gone from storage."""
    try:
        file = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    content_type = CONTENT_TYPES.get(sniff_document(file), "application/octet-stream")
    return FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
