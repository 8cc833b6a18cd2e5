"""Small generated photos for demo data, so the demo needs no image files in the repository."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from .images import process_photo


def after_photo(color=(46, 139, 87)):
    image = Image.new("RGB", (640, 480), color)
    ImageDraw.Draw(image).rectangle((40, 40, 600, 440), outline="white", width=8)
    stream = BytesIO()
    image.save(stream, "JPEG")
    return process_photo(SimpleUploadedFile("demo.jpg", stream.getvalue(), content_type="image/jpeg"))
