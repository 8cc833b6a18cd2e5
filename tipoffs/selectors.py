"""Reads of the tip-offs: the bureau's, scoped to its schools, and the reporter's, by key.

A school user reaches no tip-off at all (`tipoffs_for_user` is empty for them): the school sees the
hazard the bureau makes of a tip-off, never the tip-off, its reporter or the bureau's notes.
"""

from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hazards.enums import HazardSource
from hazards.selectors import hazards_for_user
from schools.selectors import membership_of, schools_for_user

from . import keys
from .enums import TipOffState
from .models import TipOff, TipOffLink
from .permissions import POSTER_PRINTERS

# The campaign's period as the bureau's dashboard counts it (reports.selectors.campaign_period,
# which a domain app may not import): its first day until a week after the sessions close.
AFTERMATH = timedelta(days=7)


def campaign_period(campaign):
    beijing = timezone.get_default_timezone()
    start = datetime.combine(campaign.start_date, time.min, tzinfo=beijing)
    end = datetime.combine(campaign.closing_date + AFTERMATH + timedelta(days=1), time.min, tzinfo=beijing)
    return start, end


def tipoffs_for_user(user):
    membership = membership_of(user)
    if membership is None or not membership.is_bureau:
        return TipOff.objects.none()
    return TipOff.objects.filter(school__in=schools_for_user(user))


def tipoff_for_user(user, pk):
    tip_offs = tipoffs_for_user(user).select_related("school", "school__bureau", "hazard", "triaged_by")
    return get_object_or_404(tip_offs, pk=pk)


def in_campaign(tip_offs, campaign):
    """Tip-offs about the campaign's schools received in its period."""
    start, end = campaign_period(campaign)
    return tip_offs.filter(school__in=campaign.schools.all(), received_at__gte=start, received_at__lt=end)


def triage_list(*, user, school_id=None, state="", campaign=None):
    """The bureau's triage list, newest first, one query for the rows."""
    tip_offs = tipoffs_for_user(user).select_related("school").annotate(photo_count=Count("photos"))
    if school_id:
        tip_offs = tip_offs.filter(school_id=school_id)
    if campaign is not None:
        tip_offs = in_campaign(tip_offs, campaign)
    if state:
        tip_offs = tip_offs.filter(state=state)
    return tip_offs.order_by("-received_at", "-pk")


def triage_counts(tip_offs):
    """How many tip-offs in all and in each state, in one aggregate query."""
    return tip_offs.order_by().aggregate(
        total=Count("pk"),
        awaiting=Count("pk", filter=Q(state=TipOffState.RECEIVED)),
        hazards=Count("pk", filter=Q(state=TipOffState.HAZARD)),
        dismissed=Count("pk", filter=Q(state=TipOffState.DISMISSED)),
    )


def tipoff_notes(tip_off):
    return tip_off.notes.select_related("by")


def tipoff_timeline(tip_off):
    return tip_off.events.select_related("by")


# --- The public side ------------------------------------------------------------------------------


def school_for_token(token):
    """The active school whose public tip-off page this is, or None."""
    link = TipOffLink.objects.select_related("school", "school__bureau").filter(token=token).first()
    if link is None or not link.school.is_active:
        return None
    return link.school


def tipoff_for_key(typed):
    """The tip-off the reporter's key opens, or None; the key is compared by its hash."""
    key = keys.normalised(typed)
    if not key:
        return None
    tip_offs = TipOff.objects.select_related("school", "school__bureau", "hazard")
    return tip_offs.filter(key_hash=keys.key_hash(key)).first()


def public_replies(tip_off):
    """What the reporter reads: the bureau's replies, never its internal notes or who wrote them."""
    return list(tip_off.notes.filter(public=True).only("text", "at"))


# --- Posters --------------------------------------------------------------------------------------


def poster_schools(*, user):
    return schools_for_user(user).filter(is_active=True).order_by("code").only("pk", "code", "name")


def link_for_user(user, school_pk):
    """The school (or 404) whose poster the user may print, with its link if it has one yet."""
    school = get_object_or_404(schools_for_user(user).select_related("bureau"), pk=school_pk)
    return school, TipOffLink.objects.filter(school=school).first()


# --- For the campaign dashboard and a school's campaign page --------------------------------------


def campaign_figures(*, user, campaign, now=None):
    """Tip-offs about the campaign's schools received in its period: in all, awaiting triage, made into
    hazards, dismissed; `per_school` = {school_id: awaiting triage}. Three queries at most."""
    tip_offs = in_campaign(tipoffs_for_user(user), campaign).order_by()
    counts = triage_counts(tip_offs)
    awaiting = tip_offs.filter(state=TipOffState.RECEIVED)
    per_school = dict(awaiting.values_list("school").annotate(n=Count("pk")).values_list("school", "n"))
    return {
        "campaign_id": campaign.pk,
        "received": counts["total"],
        "awaiting": counts["awaiting"],
        "hazards": counts["hazards"],
        "dismissed": counts["dismissed"],
        "per_school": per_school,
    }


def school_campaign_figures(*, user, campaign, school, now=None):
    """For the school's campaign page: the hazards made from tip-offs (which the school sees in its
    ledger anyway); for the bureau also the school's tip-offs. At most three queries."""
    membership = membership_of(user)
    hazards = hazards_for_user(user).filter(school=school, campaign=campaign, source=HazardSource.TIP_OFF)
    section = {
        "hazards_from_tip_offs": hazards.count(),
        "tip_offs": None,
        "can_print_poster": membership is not None and membership.role in POSTER_PRINTERS,
    }
    if membership is not None and membership.is_bureau:
        section["tip_offs"] = triage_counts(
            in_campaign(tipoffs_for_user(user), campaign).filter(school=school)
        )
    return section
