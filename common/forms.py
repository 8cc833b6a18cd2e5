from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

PHOTO_TYPES = "image/jpeg,image/png,image/heic,image/heif"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (a phone's camera roll, a folder of scans); cleans to a list.

    Each file is checked by `check` — by its content, e.g. `common.images.validate_photo` or
    `common.uploads.validate_document` — and every refusal names its file, so the user knows which
    one to leave out. `max_files` caps the count with the `too_many` message.
    """

    def __init__(self, *, check, max_files, too_many, accept="", **kwargs):
        attrs = {"multiple": True, **({"accept": accept} if accept else {})}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.check, self.max_files, self.too_many = check, max_files, too_many

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        # super() with arguments: a comprehension has its own scope, where bare super() fails.
        uploads = [super(MultipleFileField, self).clean(upload, initial) for upload in uploads if upload]
        if len(uploads) > self.max_files:
            raise ValidationError(str(self.too_many) % {"max": self.max_files}, code="too_many")
        problems = []
        for upload in uploads:
            try:
                self.check(upload)
            except ValidationError as error:
                problems += [
                    ValidationError(
                        gettext("%(name)s: %(problem)s") % {"name": upload.name, "problem": message},
                        code=error.error_list[0].code,
                    )
                    for message in error.messages
                ]
        if problems:
            raise ValidationError(problems)
        return uploads
