"""A school's duty roster (R8.1): the edit page with its fast entry, the printable PDF and Excel.

Submitting and reviewing happen on the submission page (`plans:submission_detail`), as for every
deliverable; see `duty.deliverable`.
"""

from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from common.http import content_disposition
from common.pdf import render_pdf
from plans.enums import DeliverableKind
from plans.permissions import FILERS
from plans.selectors import campaign_for_user, submission_for_user
from plans.services import TransitionError
from schools.permissions import ANY_ROLE, role_required

from .. import coverage, entry
from ..deliverable import roster_days
from ..exporters import CampaignRostersExporter, RosterExporter
from ..forms_roster import REST_OF_WEEK, FastEntryForm, RosterEntry, day_label, empty_shift_form
from ..models import DutyRoster
from ..permissions import BUREAU_READERS
from ..services import roster_save

REFUSED = 409  # a POST to a roster that is with the bureau
PDF_DAYS_PER_PAGE = 14  # with up to PDF_SHIFT_COLUMNS shifts a day: one page to post at the gate
PDF_SHIFT_COLUMNS = 4
FILL_ACTIONS = {"fill_all", "fill_empty", "fill_weekdays"}
COPY_ACTIONS = {"copy", "copy_next", "copy_week"}


def _submission(user, pk):
    """The user's roster submission, or 404 for outsiders and for a submission of another kind."""
    submission = submission_for_user(user, pk)
    if submission.deliverable.kind != DeliverableKind.DUTY_ROSTER:
        raise Http404
    return submission


def _roster(submission, *, with_days=False):
    rosters = DutyRoster.objects.all()
    if with_days:
        rosters = rosters.prefetch_related("days__shifts")
    roster = get_object_or_404(rosters, submission=submission)
    roster.submission = submission
    return roster


def _context(submission, **extra):
    return {
        "submission": submission,
        "school": submission.school,
        "campaign": submission.deliverable.campaign,
        **extra,
    }


@role_required(FILERS)
@require_http_methods(["GET", "POST"])
def roster_edit(request, pk):
    submission = _submission(request.user, pk)
    if not submission.is_editable:
        roster = _roster(submission, with_days=True)
        status = REFUSED if request.method == "POST" else 200
        return render(request, "duty/roster_view.html", _context(submission, content=roster), status=status)
    roster = _roster(submission)
    if request.method == "GET":
        saved = roster_days(roster)
        page = RosterEntry.saved(roster, saved)
        problems = coverage.problems(saved, roster.start_date, roster.end_date, roster.handover)
        return _render_form(request, submission, page, problems=problems)

    page = RosterEntry.posted(request.POST)
    action = request.POST.get("action", "save")
    if action == "save":
        if page.is_valid() and _save(page, roster):
            return redirect("plans:submission_detail", pk=submission.pk)
        return _render_form(request, submission, page, problems=_saved_problems(roster))
    page, notice = _fast_entry(page, action, request.POST)
    problems = page.problems() if page.is_valid() else _saved_problems(roster)
    return _render_form(request, submission, page, problems=problems, notice=notice, unsaved=page.is_valid())


def _saved_problems(roster):
    return coverage.problems(roster_days(roster), roster.start_date, roster.end_date, roster.handover)


def _save(page, roster):
    """Save through the service; True on success, else the refusal is added to the header form."""
    data = page.form.cleaned_data
    try:
        roster_save(
            roster=roster,
            start_date=data["start_date"],
            end_date=data["end_date"],
            handover=data["handover"],
            days=page.values(),
        )
    except TransitionError as error:
        for message in error.messages:
            page.form.add_error(None, message)
        return False
    return True


def _fast_entry(page, action, data):
    """The page after a button that changes what is shown without saving: (page, notice).

    Every such button first takes the date range typed in the header, so that "change the last
    day, then fill from the pattern" is one press. The days must read cleanly before they can be
    copied; otherwise the page comes back as typed, with the mistakes marked.
    """
    page = page.in_range()
    if not page.is_valid():
        return page, _("Nothing was changed: correct the marked fields first.")
    verb, _sep, argument = action.partition(":")
    days = page.values()
    first, last = days[0].date, days[-1].date
    if verb not in FILL_ACTIONS | COPY_ACTIONS:
        span = f"{date_format(first, 'MONTH_DAY_FORMAT')} – {date_format(last, 'MONTH_DAY_FORMAT')}"
        return page, _("The days are now %(span)s. Not saved yet.") % {"span": span}
    choices = FastEntryForm(data, dates=[day.date for day in days])
    source = _argument_date(argument) or choices.value("pattern" if verb in FILL_ACTIONS else "copy_from")
    if source not in {day.date for day in days}:
        return page, _("Choose a day of the roster to copy from.")
    result = _apply(verb, days, source, choices)
    if result is None:
        return page, _("Choose the days to fill.")
    count = len(entry.changed(days, result))
    notice = ngettext(
        "%(count)s day filled in from %(day)s. Not saved yet: check the days, then save.",
        "%(count)s days filled in from %(day)s. Not saved yet: check the days, then save.",
        count,
    ) % {"count": count, "day": day_label(source)}
    return page.with_values(result), notice


def _apply(verb, days, source, choices):
    """The days after a fast-entry button, or None when the button needs a choice not made."""
    if verb == "fill_all":
        return entry.fill(days, source)
    if verb == "fill_empty":
        return entry.fill(days, source, only_empty=True)
    if verb == "fill_weekdays":
        weekdays = choices.value("weekdays")
        return entry.fill(days, source, weekdays=set(weekdays)) if weekdays else None
    if verb == "copy_next":
        return entry.copy_day(days, source, entry.next_day(days, source))
    if verb == "copy_week":
        return entry.copy_day(days, source, entry.rest_of_week(days, source))
    target = choices.value("copy_to")
    if target == REST_OF_WEEK:
        return entry.copy_day(days, source, entry.rest_of_week(days, source))
    target = _argument_date(target)
    return entry.copy_day(days, source, [target]) if target else None


def _argument_date(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _render_form(request, submission, page, *, problems, notice="", unsaved=False):
    dates = [day.date for day in page.days]
    if request.method == "POST":
        fast = FastEntryForm(request.POST, dates=dates)
    else:
        first = dates[0].isoformat() if dates else None
        initial = {"pattern": first, "copy_from": first, "copy_to": REST_OF_WEEK}
        fast = FastEntryForm(dates=dates, initial=initial)
    context = _context(
        submission,
        page=page,
        form=page.form,
        fast=fast,
        problems=problems,
        problems_unsaved=unsaved,
        notice=notice,
        empty_shift=empty_shift_form(),
        error_count=page.error_count() if request.method == "POST" else 0,
        error_days=[day for day in page.days if day.error_count()] if request.method == "POST" else [],
    )
    return render(request, "duty/roster_form.html", context)


def _pdf_rows(days):
    """(columns, [(day, shifts)]): a column per shift, each shift's time above its person and phone,
    so that every day takes two lines and a fortnight fits one page. A day with more shifts than
    PDF_SHIFT_COLUMNS turns the table to one column in which the shifts flow (columns = 0)."""
    shifts = {day.pk: list(day.shifts.all()) for day in days}
    widest = max((len(day_shifts) for day_shifts in shifts.values()), default=0)
    columns = max(widest, 1) if widest <= PDF_SHIFT_COLUMNS else 0
    rows = [(day, shifts[day.pk] + [None] * (columns - len(shifts[day.pk]))) for day in days]
    return columns, rows


def roster_title(submission):
    return _("%(school)s %(campaign)s duty roster") % {
        "school": submission.school.name,
        "campaign": submission.deliverable.campaign.name,
    }


@role_required(ANY_ROLE)
@require_safe
def roster_pdf(request, pk):
    submission = _submission(request.user, pk)
    roster = _roster(submission, with_days=True)
    title = roster_title(submission)
    days = list(roster.days.all())
    columns, rows = _pdf_rows(days)
    context = _context(
        submission,
        roster=roster,
        rows=rows,
        shift_columns=columns,
        shift_slots=range(max(columns, 1)),
        bureau=submission.school.bureau,
        title=title,
        dense=len(days) > PDF_DAYS_PER_PAGE,
    )
    pdf = render_pdf("duty/roster_pdf.html", context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        f"duty-roster-{submission.school.code}.pdf", f"{title}.pdf", inline=True
    )
    return response


@role_required(ANY_ROLE)
@require_safe
def roster_export(request, pk):
    submission = _submission(request.user, pk)
    roster = _roster(submission, with_days=True)
    return RosterExporter(roster=roster).response()


@role_required(BUREAU_READERS)
@require_safe
def campaign_rosters_export(request, pk):
    campaign = campaign_for_user(request.user, pk)
    return CampaignRostersExporter(campaign=campaign).response()
