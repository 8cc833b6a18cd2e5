"""Uploaded files: stored under random names, accepted by their content, never by their name."""

import uuid
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = frozenset({"pdf", "doc", "docx", "jpeg", "png"})

# Another format hidden inside an accepted one (a "polyglot"): markup or script that a browser or a
# PHP server would run if the file were ever served inline, or a ZIP archive glued to an image.
_HIDDEN_MARKUP = (b"<script", b"<html", b"<svg", b"<iframe", b"<?php", b"javascript:")
# PDF actions that run something when the document is opened; a plan or report never needs them.
_ACTIVE_PDF = (b"/javascript", b"/js ", b"/js(", b"/js<", b"/launch", b"/embeddedfile", b"/richmedia")
# A ZIP archive needs both an entry and its closing directory; one of them alone is chance in binary data.
_ZIP_MARKERS = (b"PK\x03\x04", b"PK\x05\x06")


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


def _content(upload):
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def hidden_content(upload, kind):
    """What an upload of `kind` hides that its kind never needs, or None.

    Reads the whole file: uploads are at most a few MB, and a marker can sit anywhere in it.
    """
    data = _content(upload)
    lowered = data.lower()
    if any(marker in lowered for marker in _HIDDEN_MARKUP):
        return "markup"
    if kind == "pdf" and any(marker in lowered for marker in _ACTIVE_PDF):
        return "active"
    if kind in {"jpeg", "png", "heif", "pdf", "doc"} and all(marker in data for marker in _ZIP_MARKERS):
        return "archive"
    if kind == "docx" and b"vbaproject.bin" in lowered:  # a macro: .docx cannot hold one, .docm can
        return "active"
    return None


def validate_document(upload, *, max_bytes=MAX_DOCUMENT_BYTES, allowed=DOCUMENT_TYPES):
    """Accept a file of an `allowed` kind (by content: 'pdf', 'doc', 'docx', 'jpeg', 'png') of at
    most `max_bytes` with nothing hidden inside; refuse the rest with a message that says why."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s MB; at most %(max)s MB is allowed."),
            code="too_large",
            params={"size": round(upload.size / 1024 / 1024, 1), "max": max_bytes // 1024 // 1024},
        )
    kind = sniff_document(upload)
    if kind not in allowed:
        raise ValidationError(_("This kind of file cannot be attached here. %(allowed)s"), code="bad_type",
                              params={"allowed": allowed_text(allowed)})  # fmt: skip
    if hidden_content(upload, kind):
        raise ValidationError(
            _("The file contains a script or another file hidden inside it and was refused. "
              "Save it again as a plain %(kind)s file and attach that copy."),
            code="hidden_content",
            params={"kind": KIND_LABELS[kind]},
        )  # fmt: skip


KIND_LABELS = {"pdf": "PDF", "doc": "Word", "docx": "Word", "jpeg": "JPEG", "png": "PNG"}


def allowed_text(allowed):
    """ "Allowed: PDF, Word, JPEG." in the order of `KIND_LABELS`, each name once."""
    names = dict.fromkeys(label for kind, label in KIND_LABELS.items() if kind in allowed)
    return _("Allowed: %(kinds)s.") % {"kinds": ", ".join(names)}


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
