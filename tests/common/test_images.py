from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from common.images import process_photo, validate_photo


def _jpeg(width=800, height=600, exif=None):
    stream = BytesIO()
    image = Image.new("RGB", (width, height), "red")
    image.save(stream, "JPEG", exif=exif or Image.Exif())
    return stream.getvalue()


def _upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_a_jpeg_is_reencoded_with_a_thumbnail():
    photo = process_photo(_upload(_jpeg(4000, 3000)))
    assert max(Image.open(photo.image).size) == 2048
    assert max(Image.open(photo.thumbnail).size) == 320


def test_metadata_such_as_gps_does_not_survive():
    exif = Image.Exif()
    exif[0x8825] = {2: (39.0, 54.0, 0.0)}  # GPSInfo
    exif[0x010F] = "PhoneMaker"
    photo = process_photo(_upload(_jpeg(exif=exif)))
    assert not Image.open(photo.image).getexif()


def test_a_png_keeps_transparency():
    stream = BytesIO()
    Image.new("RGBA", (100, 100), (0, 0, 0, 0)).save(stream, "PNG")
    photo = process_photo(_upload(stream.getvalue(), "shot.png"))
    assert Image.open(photo.image).format == "PNG"


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00" + b"\x00" * 100,  # an executable renamed .jpg
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"%PDF-1.4 not a photo",
        _jpeg()[:200],  # a truncated JPEG
    ],
)
def test_anything_but_a_real_photo_is_refused(data):
    with pytest.raises(ValidationError) as refused:
        validate_photo(_upload(data))
    assert refused.value.code == "bad_type"


@pytest.mark.parametrize(
    "payload",
    [
        b"<script>alert(1)</script>",
        b"<?php system($_GET['c']); ?>",
        b"PK\x03\x04"
        + b"\x00" * 26
        + b"evil.html"
        + b"PK\x05\x06"
        + b"\x00" * 18,  # a JPEG that is also a ZIP
    ],
)
def test_a_polyglot_is_refused(payload):
    with pytest.raises(ValidationError) as refused:
        validate_photo(_upload(_jpeg() + payload))
    assert refused.value.code == "hidden_content"


def test_a_trailer_that_phones_append_is_accepted_and_dropped():
    # Some phones store a short video or their own data after the JPEG's end ("motion photos").
    photo = process_photo(_upload(_jpeg() + b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64))
    assert b"ftypmp42" not in photo.image.read()


def test_an_oversize_file_is_refused_before_it_is_read():
    with pytest.raises(ValidationError) as refused:
        validate_photo(_upload(b"\xff\xd8\xff" + b"\x00" * (11 * 1024 * 1024)))
    assert refused.value.code == "too_large"


def test_an_iphone_heic_photo_is_converted_to_jpeg():
    stream = BytesIO()
    Image.new("RGB", (64, 48), "blue").save(stream, format="HEIF")
    photo = process_photo(_upload(stream.getvalue(), "IMG_0001.HEIC"))
    assert Image.open(photo.image).format == "JPEG"
    assert photo.image.name.endswith(".jpg")
