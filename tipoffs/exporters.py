"""Tip-offs in the bureau's campaign workbook. The reporter's name and phone are left out: a workbook
travels further than the portal, and who reported stays in the portal, with the bureau."""

from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from common.xlsx import Column, Sheet
from hazards.enums import HazardState

from .enums import TipOffKind, TipOffState
from .models import TipOff
from .selectors import in_campaign, tipoffs_for_user


def _label(name):
    return capfirst(TipOff._meta.get_field(name).verbose_name)


def _labels(choices):
    """Translated once per export, not once per cell."""
    return {value: str(label) for value, label in choices.choices}


def campaign_sheets(*, user, campaign, now=None):
    """[(sheet, rows expected)]: the tip-offs about the campaign's schools received in its period, in
    two queries (the count, then the rows streamed)."""
    tip_offs = in_campaign(tipoffs_for_user(user), campaign)
    expected = tip_offs.count()
    rows_query = (
        tip_offs.select_related("school", "hazard")
        .annotate(photo_count=Count("photos"))
        .order_by("received_at", "pk")
    )
    kinds, states, hazard_states = _labels(TipOffKind), _labels(TipOffState), _labels(HazardState)
    columns = [
        Column(_label("received_at"), width=17),
        Column(_("School code"), width=12),
        Column(_label("school"), width=28),
        Column(_label("kind"), width=14),
        Column(_label("description"), width=50),
        Column(_label("location"), width=20),
        Column(_("Photos"), width=8),
        Column(_label("state"), width=14),
        Column(_label("triaged_at"), width=17),
        Column(_label("dismiss_reason"), width=36),
        Column(_("Hazard"), width=10),
        Column(_("Hazard state"), width=14),
    ]

    def rows():
        for tip_off in rows_query.iterator(chunk_size=500):
            hazard = tip_off.hazard
            yield [
                tip_off.received_at,
                tip_off.school.code,
                tip_off.school.name,
                kinds.get(tip_off.kind, tip_off.kind),
                tip_off.description,
                tip_off.location,
                tip_off.photo_count,
                states.get(tip_off.state, tip_off.state),
                tip_off.triaged_at,
                tip_off.dismiss_reason,
                hazard.pk if hazard else None,
                hazard_states.get(hazard.state, hazard.state) if hazard else "",
            ]

    return [(Sheet(_("Tip-offs"), columns, rows()), expected)]
