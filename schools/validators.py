import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Mobile: 11 digits starting 13–19. Landline: optional area code 0xx(x), 7–8 digits, extension.
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?$")


def normalise_phone(value):
    return re.sub(r"[\s()（）]", "", value or "")


def validate_phone(value):
    """Accept a Chinese mobile or landline number, e.g. 13800138000 or 010-62345678."""
    number = normalise_phone(value)
    if number and not (_MOBILE.match(number) or _LANDLINE.match(number)):
        raise ValidationError(
            _("“%(value)s” is not a valid mobile or landline number."),
            code="invalid_phone",
            params={"value": value},
        )
