"""The bureau's submission board (R10.1): every covered school against every deliverable."""

from django.shortcuts import render

from schools.enums import SchoolKind
from schools.permissions import role_required

from .. import selectors
from ..enums import BoardStatus
from ..exporters import BoardExporter
from ..permissions import BOARD_VIEWERS


def _filters(params):
    """The board's filters from the query string; a value we do not know is ignored, not an error."""
    kind = params.get("kind", "")
    status = params.get("status", "")
    return {
        "kind": kind if kind in SchoolKind.values else "",
        "status": status if status in BoardStatus.values else "",
    }


def _status_counts(board):
    """The summary table: each status with its count under every deliverable, in column order."""
    return [(status, [counts[status] for counts in board.counts]) for status in BoardStatus]


@role_required(BOARD_VIEWERS)
def board(request, pk):
    campaign = selectors.campaign_for_user(request.user, pk)
    filters = _filters(request.GET)
    matrix = selectors.board(campaign=campaign, **filters)
    context = {
        "campaign": campaign,
        "board": matrix,
        "status_counts": _status_counts(matrix),
        "filters": filters,
        "kinds": SchoolKind.choices,
        "statuses": BoardStatus.choices,
    }
    return render(request, "plans/board.html", context)


@role_required(BOARD_VIEWERS)
def board_export(request, pk):
    campaign = selectors.campaign_for_user(request.user, pk)
    return BoardExporter(campaign=campaign, **_filters(request.GET)).response()
