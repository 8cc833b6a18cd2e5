"""Serving a stored photo: only what `common.images` wrote, never as anything else."""

from django.http import FileResponse, Http404

from common.uploads import sniff_document

# Stored photos are re-encoded by `common.images`: JPEG, or PNG when they have transparency.
IMAGE_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}


def photo_response(photo, *, thumb=False):
    stored = photo.thumbnail if thumb else photo.image
    try:
        file = stored.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    content_type = IMAGE_TYPES.get(sniff_document(file))
    if content_type is None:  # not a photo we wrote: never serve it as one
        file.close()
        raise Http404
    response = FileResponse(file, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
