"""Two-step verification (TOTP, django-otp) for bureau accounts: set up, check a code, turn off.

A user has at most one TOTP device that counts: a *confirmed* one. Setting up creates an unconfirmed
device whose secret the user scans; it becomes confirmed only when the user proves it with a code.
Codes are checked through `django_otp.verify_token`, which locks the device row, so one code cannot be
used twice even by two requests at once; each device slows down repeated wrong codes (1, 2, 4… s).
"""

from base64 import b32encode

import django_otp
import segno
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "authenticator"


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user):
    """The unconfirmed device whose secret the user is setting up (the same one until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_groups(device):
    """The secret as an authenticator app asks for it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii")
    return [secret[index : index + 4] for index in range(0, len(secret), 4)]


def qr_svg(device):
    """The device's otpauth:// link as an inline SVG QR code (no style attribute, so CSP-clean)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=2, dark="#000", light="#fff", svgclass="two-factor-qr", lineclass=None
    )


def verify_code(*, user, device, code):
    """True if `code` is the device's current code and was not used before."""
    code = "".join(str(code).split())
    if not code.isdigit():
        return False
    return django_otp.verify_token(user, device.persistent_id, code) is not None


def code_wait_seconds(device):
    """Seconds before the device accepts another code after wrong ones, or 0."""
    device.refresh_from_db()
    allowed, info = device.verify_is_allowed()
    if allowed or not info or "locked_until" not in info:
        return 0
    return max(1, int((info["locked_until"] - timezone.now()).total_seconds() + 0.999))


@transaction.atomic
def two_factor_enable(*, user, device, code):
    """Confirm the pending `device` with a code from it; any other device of the user goes. True if done."""
    if device.confirmed or device.user_id != user.pk or not verify_code(user=user, device=device, code=code):
        return False
    updated = TOTPDevice.objects.filter(pk=device.pk, confirmed=False).update(confirmed=True)
    if updated != 1:
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    return True


@transaction.atomic
def two_factor_disable(*, user, code):
    """Turn two-step verification off, given a current code. True if done."""
    device = confirmed_device(user)
    if device is None or not verify_code(user=user, device=device, code=code):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    return True
