"""The rest of the plan on the campaign's pages: education and drills (R5), gate and public security
(R6), petitions (R7), tip-offs and accountability (R9).

Each of these apps offers the same three things — the dashboard's figures (`campaign_figures`), a
school's section of its campaign page (`school_campaign_figures`) and sheets for the campaign
workbook (`campaign_sheets`) — plus two template partials. This is the one place that lists them, so
that the dashboard, the school page and the workbook show the same parts in the same order.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accountability import exporters as accountability_exporters
from accountability import selectors as accountability_selectors
from activities import exporters as activities_exporters
from activities import selectors as activities_selectors
from petitions import exporters as petitions_exporters
from petitions import selectors as petitions_selectors
from security import exporters as security_exporters
from security import selectors as security_selectors
from tipoffs import exporters as tipoffs_exporters
from tipoffs import selectors as tipoffs_selectors


@dataclass(frozen=True)
class Part:
    key: str  # the app's label; its partials are <key>/_dashboard_card.html and <key>/_school_section.html
    campaign_figures: Callable
    school_figures: Callable
    sheets: Callable
    # Whether the part's per-school count is something the school owes (a missing topic, an overdue
    # drill, a missing police-room item, an overdue petition milestone) and so counts in the ranking.
    # Tip-offs awaiting triage are the bureau's to handle; accountability entries are consequences.
    school_gaps: bool

    @property
    def dashboard_template(self):
        return f"{self.key}/_dashboard_card.html"

    @property
    def school_template(self):
        return f"{self.key}/_school_section.html"


PARTS = (
    Part("activities", activities_selectors.campaign_figures, activities_selectors.school_campaign_figures,
         activities_exporters.campaign_sheets, school_gaps=True),
    Part("security", security_selectors.campaign_figures, security_selectors.school_campaign_figures,
         security_exporters.campaign_sheets, school_gaps=True),
    Part("petitions", petitions_selectors.campaign_figures, petitions_selectors.school_campaign_figures,
         petitions_exporters.campaign_sheets, school_gaps=True),
    Part("tipoffs", tipoffs_selectors.campaign_figures, tipoffs_selectors.school_campaign_figures,
         tipoffs_exporters.campaign_sheets, school_gaps=False),
    Part("accountability", accountability_selectors.campaign_figures,
         accountability_selectors.school_campaign_figures, accountability_exporters.campaign_sheets,
         school_gaps=False),
)  # fmt: skip
GAPS_LABEL = _("Other gaps")


@dataclass
class PartFigures:
    part: Part
    figures: dict


def campaign_parts(*, user, campaign, now):
    """Each part's dashboard figures, as `PartFigures`, in PARTS order."""
    return [PartFigures(part, part.campaign_figures(user=user, campaign=campaign, now=now)) for part in PARTS]


def school_gaps(parts):
    """{school_id: gaps the school owes}, summed over the parts that count them."""
    gaps = {}
    for item in parts:
        if item.part.school_gaps:
            for school_id, count in item.figures.get("per_school", {}).items():
                gaps[school_id] = gaps.get(school_id, 0) + count
    return gaps


def school_parts(*, user, campaign, school, now):
    """Each part's section of a school's campaign page, as `PartFigures`, in PARTS order."""
    return [
        PartFigures(part, part.school_figures(user=user, campaign=campaign, school=school, now=now))
        for part in PARTS
    ]


def campaign_sheets(*, user, campaign, now):
    """Every part's workbook sheets, as (sheet, rows expected or None)."""
    return [sheet for part in PARTS for sheet in part.sheets(user=user, campaign=campaign, now=now)]
