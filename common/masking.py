"""Masking of personal numbers for display and export (个人信息脱敏).

A list or an export never shows an identity number in full, and lists shown to the bureau do not show
visitors' phone numbers in full. The full value stays in the database, for the school itself and the
police. Masking keeps the length, so that a reader can still tell an 18-character ID card number from
a passport number, or a mobile number from a landline.
"""

MASK = "*"


def _compact(value) -> str:
    return "".join(str(value or "").split())


def mask_phone(value) -> str:
    """A mobile number as 139****5678: the first three and the last four characters are kept.

    Shorter numbers keep less: a number of five to seven characters only its last two, anything
    shorter nothing at all.
    """
    text = _compact(value)
    if len(text) >= 8:
        return text[:3] + MASK * (len(text) - 7) + text[-4:]
    if len(text) >= 5:
        return MASK * (len(text) - 2) + text[-2:]
    return MASK * len(text)


def mask_id_number(value) -> str:
    """An identity number with only its last four characters shown: **************1234.

    A value of four characters or fewer is masked entirely, or it would be shown in full.
    """
    text = _compact(value)
    if len(text) <= 4:
        return MASK * len(text)
    return MASK * (len(text) - 4) + text[-4:]


def masked_header(label) -> str:
    """A column heading that says its numbers are masked: an export tells its reader so."""
    from django.utils.translation import gettext

    return gettext("%(label)s (masked)") % {"label": label}
