"""The post-campaign summary (R1.2): filed from the campaign's closing date, narrative and figures."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from plans import content_services, services
from plans.enums import SubmissionState
from plans.models import Summary

# The sessions close on 2026-05-28 (CampaignFactory): the summary opens that day, Beijing time.
EVE, OPENING = "2026-05-27 23:59:59 +0800", "2026-05-28 00:00:00 +0800"

FIGURES = {
    "inspections_held": "4",
    "hazards_found": "7",
    "hazards_rectified": "6",
    "education_sessions": "3",
    "drills_held": "1",
    "incidents_reported": "0",
}
NARRATIVE = "两会期间我校未发生安全事故，共开展自查四次。"


def edit_url(submission):
    return reverse("plans:summary_edit", args=[submission.pk])


def summary_of(submission):
    return Summary.objects.get(submission=submission)


@time_machine.travel(EVE, tick=False)
def test_before_the_closing_date_the_summary_cannot_be_filed(client, alice, summary_submission):
    client.force_login(alice)

    page = client.get(edit_url(summary_submission))
    response = client.post(edit_url(summary_submission), {"narrative": NARRATIVE, **FIGURES})

    assert page.status_code == 200
    assert page.context["opens_on"] == datetime.date(2026, 5, 28)
    assert "form" not in page.context
    assert 'name="narrative"' not in page.content.decode()
    assert response.status_code == 409
    assert summary_of(summary_submission).narrative == ""


@time_machine.travel(OPENING, tick=False)
def test_from_the_closing_date_the_summary_is_saved(client, alice, summary_submission):
    client.force_login(alice)

    page = client.get(edit_url(summary_submission))
    response = client.post(edit_url(summary_submission), {"narrative": NARRATIVE, **FIGURES})

    assert 'name="narrative"' in page.content.decode()
    assert response.status_code == 302
    assert response.url == reverse("plans:submission_detail", args=[summary_submission.pk])
    summary = summary_of(summary_submission)
    assert summary.narrative == NARRATIVE
    assert {figure: getattr(summary, figure) for figure in Summary.FIGURES} == {
        figure: int(value) for figure, value in FIGURES.items()
    }


@time_machine.travel(OPENING, tick=False)
def test_a_draft_may_leave_figures_empty(client, alice, summary_submission):
    client.force_login(alice)

    response = client.post(edit_url(summary_submission), {"narrative": NARRATIVE, "hazards_found": "2"})

    assert response.status_code == 302
    summary = summary_of(summary_submission)
    assert summary.hazards_found == 2
    assert summary.drills_held is None


@time_machine.travel(OPENING, tick=False)
def test_a_negative_figure_is_refused_and_the_text_kept(client, alice, summary_submission):
    client.force_login(alice)

    response = client.post(
        edit_url(summary_submission), {"narrative": NARRATIVE, **FIGURES, "drills_held": "-1"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["drills_held"]
    assert NARRATIVE in response.content.decode()
    assert summary_of(summary_submission).narrative == ""


@time_machine.travel("2026-06-01 10:00 +0800", tick=False)
def test_a_submitted_summary_is_read_only(client, alice, summary_submission):
    figures = {figure: int(value) for figure, value in FIGURES.items()}
    content_services.summary_save(
        summary=summary_submission.summary, data={"narrative": NARRATIVE, **figures}
    )
    services.submission_submit(submission=summary_submission, by=alice)
    client.force_login(alice)

    page = client.get(edit_url(summary_submission))
    response = client.post(edit_url(summary_submission), {"narrative": "改写", **FIGURES})

    assert page.status_code == 200
    assert NARRATIVE in page.content.decode()
    assert 'name="narrative"' not in page.content.decode()
    assert response.status_code == 409
    assert summary_of(summary_submission).narrative == NARRATIVE
    summary_submission.refresh_from_db()
    assert summary_submission.state == SubmissionState.SUBMITTED


@pytest.mark.parametrize("user", ["charlie", "bob"])
def test_other_schools_and_the_bureau_do_not_file_this_summary(client, request, summary_submission, user):
    client.force_login(request.getfixturevalue(user))
    expected = 404 if user == "charlie" else 403
    assert client.get(edit_url(summary_submission)).status_code == expected


def test_a_work_plan_is_not_edited_as_a_summary(client, alice, work_plan_submission):
    client.force_login(alice)
    assert client.get(edit_url(work_plan_submission)).status_code == 404
