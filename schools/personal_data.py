"""Whose phone numbers a user sees in full (个人信息保护, issue 9.5).

Staff accounts carry a mobile number. The bureau's admin manages the accounts and a school's principal
answers for its staff: both see the numbers of the people they are responsible for. Everyone else sees
them masked (139****5678) in lists. Duty rosters are the exception the plan makes on purpose: their
numbers exist so that the bureau can reach whoever is on duty tonight, and are shown in full to
everyone who may read the roster.
"""

from common.masking import mask_phone

from .enums import Role

ACCOUNT_PHONE_READERS = frozenset({Role.BUREAU_ADMIN, Role.PRINCIPAL})


def account_phone(phone, viewer_membership):
    """`phone` of a staff account as the viewer may see it."""
    if viewer_membership is not None and viewer_membership.role in ACCOUNT_PHONE_READERS:
        return phone
    return mask_phone(phone)
