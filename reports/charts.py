"""Charts drawn on the server as SVG: the same markup on the page and in the PDF.

Each function returns a string of SVG (mark_safe: every text and attribute value is escaped here).
The SVG has a viewBox and no fixed size, so it scales to its container on a phone and in print;
the numbers are printed beside the bars, and the pages show them in a table too, so a chart still
reads when it is small or printed in black and white. No script, no style attribute: a strict CSP
holds.
"""

import unicodedata
from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

PALETTE = ["#0d6efd", "#198754", "#ffc107", "#dc3545", "#6f42c1", "#20c997", "#fd7e14", "#6c757d"]
FONT = "font-family='WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif'"
EMPTY = "#e9ecef"  # the track behind a bar, and a stacked bar with nothing in it


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    color: str = ""


def _attr(value):
    """Any value as text safe inside a quoted attribute or an element."""
    return escape(str(value), quote=True)


def text_width(text, size):
    """Roughly how wide `text` is at font `size`: CJK and full-width characters are square."""
    wide = sum(1 for char in text if unicodedata.east_asian_width(char) in "WF")
    return wide * size + (len(text) - wide) * size * 0.6


def fit(text, width, size):
    """`text`, cut with an ellipsis so that it fits in `width` at `size`."""
    text = str(text)
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _open(width, height, title, size):
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' "
        f"width='100%' preserveAspectRatio='xMinYMin meet' class='chart-svg' role='img' "
        f"aria-label='{_attr(title)}' {FONT} font-size='{size}'>"
    ]
    if title:
        parts.append(f"<title>{_attr(title)}</title>")
    return parts


def bar_chart(bars, *, width=480, row=28, label_width=None, title="", size=13, show_title=True):
    """Horizontal bars, one per row, with the value printed after each bar.

    The label column is as wide as the longest label needs, up to 45% of the chart; a longer label
    is cut with an ellipsis (the full text is in the bar's tooltip and in the table beside it).
    The title names the chart for screen readers; `show_title=False` leaves it out of the picture
    where a heading above already says it.
    """
    bars = list(bars)
    peak = max((bar.value for bar in bars), default=0) or 1
    if label_width is None:
        longest = max((text_width(str(bar.label), size) for bar in bars), default=0)
        label_width = round(min(longest + 10, width * 0.45))
    value_room = text_width(str(peak), size) + 12
    room = max(width - label_width - value_room, 10)
    drawn_title = title if show_title else ""
    top = 24 if drawn_title else 4
    height = top + row * len(bars) + 4
    parts = _open(width, height, title, size)
    if drawn_title:
        parts.append(f"<text x='0' y='15' font-weight='bold'>{_attr(title)}</text>")
    bar_height = row - 10
    for index, bar in enumerate(bars):
        y = top + index * row
        length = round(room * bar.value / peak)
        color = bar.color or PALETTE[index % len(PALETTE)]
        label = fit(bar.label, label_width - 8, size)
        parts.append(f"<g><title>{_attr(bar.label)}: {_attr(bar.value)}</title>")
        parts.append(
            f"<text x='{label_width - 8}' y='{y + 18}' text-anchor='end'>{_attr(label)}</text>"
            f"<rect x='{label_width}' y='{y + 5}' width='{round(room)}' height='{bar_height}' "
            f"fill='{EMPTY}'/>"
            f"<rect x='{label_width}' y='{y + 5}' width='{length}' height='{bar_height}' "
            f"fill='{_attr(color)}'/>"
            f"<text x='{label_width + length + 6}' y='{y + 18}'>{_attr(bar.value)}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # safe: every text and attribute above went through escape()


def stacked_bar(segments, *, width=480, height=28, title="", size=12, columns=2, show_title=False):
    """One bar split into coloured segments (e.g. on time / late / missing), with a legend below.

    Segments with nothing in them are left out; a bar with nothing at all is drawn empty. The title
    names the chart for screen readers; `show_title=True` also prints it above the bar.
    """
    segments = [s for s in segments if s.value]
    total = sum(s.value for s in segments)
    top = 22 if title and show_title else 0
    legend_rows = (len(segments) + columns - 1) // columns
    full_height = top + height + 8 + legend_rows * 20
    parts = _open(width, full_height, title, size)
    if top:
        parts.append(f"<text x='0' y='14' font-weight='bold'>{_attr(title)}</text>")
    parts.append(f"<rect x='0' y='{top}' width='{width}' height='{height}' fill='{EMPTY}'/>")
    x = 0.0
    for index, segment in enumerate(segments):
        share = width * segment.value / total
        color = segment.color or PALETTE[index % len(PALETTE)]
        parts.append(
            f"<rect x='{x:.1f}' y='{top}' width='{share:.1f}' height='{height}' fill='{_attr(color)}'>"
            f"<title>{_attr(segment.label)}: {_attr(segment.value)}</title></rect>"
        )
        x += share
    column_width = width / columns
    for index, segment in enumerate(segments):
        lx, ly = (index % columns) * column_width, top + height + 8 + (index // columns) * 20
        color = segment.color or PALETTE[index % len(PALETTE)]
        value = str(segment.value)
        label = fit(segment.label, column_width - 24 - text_width(value, size), size)
        parts.append(
            f"<rect x='{lx:.0f}' y='{ly}' width='12' height='12' fill='{_attr(color)}'/>"
            f"<text x='{lx + 16:.0f}' y='{ly + 11}'>{_attr(label)} "
            f"<tspan font-weight='bold'>{_attr(value)}</tspan></text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # safe: every text and attribute above went through escape()


# ---------------------------------------------------------------------------------------------
# The charts of a campaign (reports.selectors.CampaignSummary): the dashboard and the PDF draw them
# from here, so both show the same pictures in the same colours.

# The board's colours: accepted green, on time blue, late amber, returned orange, missing red.
STATUS_COLORS = {
    "accepted": "#198754",
    "on_time": "#0d6efd",
    "late": "#ffc107",
    "returned": "#fd7e14",
    "draft": "#adb5bd",
    "not_started": "#dee2e6",
    "overdue": "#dc3545",
}
# Hazard states: reported (no plan yet) red, rectifying amber, awaiting verification blue, closed green.
STATE_COLORS = {"reported": "#dc3545", "rectifying": "#ffc107", "awaiting": "#0d6efd", "closed": "#198754"}
AREA_COLOR = "#0d6efd"
KIND_COLORS = {"self": "#20c997", "bureau": "#0d6efd", "unannounced": "#6f42c1"}
RANKED_IN_CHART = 10


@dataclass(frozen=True)
class CampaignCharts:
    deliverables: list  # of (DeliverableProgress, svg), in due order
    hazards_by_area: str
    hazards_by_state: str
    inspections_by_kind: str
    incident_timeliness: str
    most_overdue: str  # "" when no school has anything overdue


def incident_timeliness_bars(summary):
    """First reports on time / late, then written reports on time / late / overdue / not yet due."""
    figures = summary.incidents
    return [
        Bar(_("First report on time"), summary.first_report_on_time, "#198754"),
        Bar(_("First report late"), figures["first_late"], "#ffc107"),
        Bar(_("Not reported by the school"), figures["unreported"], "#dc3545"),
        Bar(_("Written on time"), figures["written_on_time"], "#198754"),
        Bar(_("Written late"), figures["written_late"], "#ffc107"),
        Bar(_("Written report overdue"), figures["written_overdue"], "#dc3545"),
        Bar(_("Written report due"), figures["written_due"], "#6c757d"),
    ]


def campaign_charts(summary, *, show_titles=True, width=480):
    """Every chart of a campaign summary; `show_titles=False` where headings on the page say them.

    `width` is the drawing's own width: the page draws narrower charts than the PDF, so that a chart
    in a card or on a phone is shown near its natural size and its text stays readable.
    """
    deliverables = [
        (
            progress,
            stacked_bar(
                [Bar(t.label, t.count, STATUS_COLORS[t.value]) for t in progress.statuses],
                title=progress.deliverable.get_kind_display(),
                show_title=show_titles,
                width=width,
            ),
        )
        for progress in summary.deliverables
    ]
    ranked = [rank for rank in summary.schools_ranked if rank.overdue_items][:RANKED_IN_CHART]
    most_overdue = bar_chart(
        [Bar(rank.school.name, rank.overdue_items, STATUS_COLORS["overdue"]) for rank in ranked],
        title=_("Schools with the most overdue items"),
        show_title=show_titles,
        width=width,
    )
    return CampaignCharts(
        deliverables=deliverables,
        hazards_by_area=bar_chart(
            [Bar(t.label, t.count, AREA_COLOR) for t in summary.hazards_by_area],
            title=_("Hazards by focus area"),
            show_title=show_titles,
            width=width,
        ),
        hazards_by_state=bar_chart(
            [Bar(t.label, t.count, STATE_COLORS[t.value]) for t in summary.hazards_by_state],
            title=_("Hazards by state"),
            show_title=show_titles,
            width=width,
        ),
        inspections_by_kind=bar_chart(
            [Bar(t.label, t.count, KIND_COLORS[t.value]) for t in summary.inspections_by_kind],
            title=_("Inspections done by kind"),
            show_title=show_titles,
            width=width,
        ),
        incident_timeliness=bar_chart(
            incident_timeliness_bars(summary),
            title=_("Incident timeliness"),
            show_title=show_titles,
            width=width,
        ),
        most_overdue=most_overdue if ranked else "",
    )
