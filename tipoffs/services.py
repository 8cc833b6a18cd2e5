"""Every write to the tip-offs (举报, R9.1).

Filing is public and anonymous; the bureau's triage steps are compare-and-set updates
(`filter(pk=…, state=expected).update(…)` and a check that one row changed), so two inspectors who
triage at once cannot both win — on SQLite and PostgreSQL alike — and the loser gets a
TransitionError. Each step writes a TipOffEvent (who, when, from, to, why) in the same transaction.
"""

import secrets
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.images import Photo
from hazards import services as hazard_services
from hazards.enums import HazardSource
from plans.services import TransitionError

from . import keys
from .enums import TipOffAction, TipOffState
from .models import TipOff, TipOffEvent, TipOffLink, TipOffNote, TipOffPhoto

# Who found the hazard, as the school reads it in its ledger: the public, never the reporter. A
# record value in the district's own words (like the rest of the register's data), not page text.
FOUND_BY = "群众举报"


@dataclass(frozen=True)
class Filed:
    tip_off: TipOff
    key: str  # the plain report key: show it once, then it is gone


def link_for(*, school) -> TipOffLink:
    """The school's public tip-off link, made the first time someone asks for its poster."""
    link = TipOffLink.objects.filter(school=school).first()
    if link is not None:
        return link
    try:
        with transaction.atomic():
            return TipOffLink.objects.create(school=school, token=secrets.token_urlsafe(16))
    except IntegrityError:  # made at the same moment by someone else
        return TipOffLink.objects.get(school=school)


def _event(tip_off, action, by, *, from_state="", to_state="", comment=""):
    return TipOffEvent.objects.create(
        tip_off=tip_off, action=action, by=by, from_state=from_state, to_state=to_state, comment=comment
    )


@transaction.atomic
def tipoff_file(*, school, kind, description, location="", reporter_name="", reporter_phone="", photos=()):
    """A tip-off from the public page. `photos` are `common.images.Photo` values, already checked and
    re-encoded. Returns the tip-off and its key; only the key's hash is stored."""
    key = keys.new_key()
    tip_off = TipOff.objects.create(
        school=school, kind=kind, description=description.strip(), location=location.strip(),
        reporter_name=reporter_name.strip(), reporter_phone=reporter_phone.strip(),
        key_hash=keys.key_hash(key),
    )  # fmt: skip
    for photo in photos:
        TipOffPhoto.objects.create(tip_off=tip_off, image=photo.image, thumbnail=photo.thumbnail)
    _event(tip_off, TipOffAction.RECEIVED, None, to_state=TipOffState.RECEIVED)
    return Filed(tip_off=tip_off, key=key)


def tipoff_note(*, tip_off, by, text, public) -> TipOffNote:
    """A reply the reporter reads with the key (`public`), or a note for the bureau only."""
    if not text.strip():
        raise TransitionError(_("Write the reply or the note."))
    return TipOffNote.objects.create(tip_off=tip_off, by=by, text=text.strip(), public=public)


def _triage(tip_off, *, to, action, by, refused, comment="", **changes):
    """Move `tip_off` out of "received" only if nobody triaged it first."""
    now = timezone.now()
    updated = TipOff.objects.filter(pk=tip_off.pk, state=TipOffState.RECEIVED).update(
        state=to, triaged_at=now, triaged_by=by, **changes
    )
    if updated != 1:
        raise TransitionError(refused)
    tip_off.state, tip_off.triaged_at, tip_off.triaged_by = to, now, by
    for field, value in changes.items():
        setattr(tip_off, field, value)
    _event(tip_off, action, by, from_state=TipOffState.RECEIVED, to_state=to, comment=comment)
    return tip_off


@transaction.atomic
def tipoff_dismiss(*, tip_off, by, reason) -> TipOff:
    """No action: the reason is shown to the reporter."""
    if not reason.strip():
        raise TransitionError(_("Say why the tip-off is dismissed: the reporter reads it."))
    return _triage(
        tip_off, to=TipOffState.DISMISSED, action=TipOffAction.DISMISSED, by=by, comment=reason.strip(),
        refused=_("This tip-off has already been dealt with."), dismiss_reason=reason.strip(),
    )  # fmt: skip


def _copied(photo):
    """A stored tip-off photo as a new `Photo` for the hazard (the files are already re-encoded)."""

    def copy(field):
        with field.open("rb") as stored:
            return ContentFile(stored.read(), name=f"photo{PurePath(field.name).suffix}")

    return Photo(image=copy(photo.image), thumbnail=copy(photo.thumbnail))


@transaction.atomic
def tipoff_make_hazard(*, tip_off, by, details, share_photos=True):
    """Turn the tip-off into a hazard of its school, which then owes the rectification plan.

    `details`: campaign, area, description, location, severity. The hazard says it was found by the
    public (`FOUND_BY`) when the tip-off came in; nothing of the reporter goes with it. The link to
    the hazard stays on the tip-off, which only the bureau reads.
    """
    if tip_off.state != TipOffState.RECEIVED:
        raise TransitionError(_("This tip-off has already been dealt with."))
    photos = [_copied(photo) for photo in tip_off.photos.all()] if share_photos else []
    found = {"source": HazardSource.TIP_OFF, "found_by": FOUND_BY, "found_at": tip_off.received_at}
    hazard = hazard_services.hazard_record(
        school=tip_off.school, by=by, details={**details, **found}, plan=None, found_photos=photos
    )
    # Should someone have triaged it meanwhile, this refuses and the hazard is rolled back with it.
    _triage(
        tip_off, to=TipOffState.HAZARD, action=TipOffAction.HAZARD, by=by, hazard=hazard,
        comment=f"#{hazard.pk}", refused=_("This tip-off has already been dealt with."),
    )  # fmt: skip
    return hazard
