"""The duty roster's edit page (R8.1): entry, fast entry, validation, the date range and who may edit."""

from datetime import date, time, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from duty import coverage
from duty.deliverable import roster_days
from duty.models import DutyRoster
from plans import services as plan_services
from plans.enums import DeliverableKind, SubmissionState
from tests.duty.conftest import fill_roster, full_days
from tests.factories import open_submission

FIRST = date(2026, 5, 22)


class _FormFields(HTMLParser):
    """What a browser would post from the page's form: named inputs, ticked boxes, chosen options."""

    def __init__(self):
        super().__init__()
        self.fields = {}
        self._in_template = 0
        self._select = None
        self._options = []

    def _add(self, name, value):
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self._in_template += 1
        if self._in_template:
            return
        kind = attrs.get("type", "text")
        if tag == "input" and attrs.get("name") and kind not in ("submit", "button"):
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select, self._options = attrs.get("name"), []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_endtag(self, tag):
        if tag == "template":
            self._in_template -= 1
        elif tag == "select" and self._select and not self._in_template:
            chosen = [value for value, selected in self._options if selected] or [self._options[0][0]]
            self._add(self._select, chosen[0])
            self._select = None


def form_fields(response):
    parser = _FormFields()
    parser.feed(response.content.decode())
    return parser.fields


def stamp(day):
    return day.strftime("%Y%m%d")


def post_data(days, *, start="2026-05-22", end="2026-05-28", handover="08:00", action="save"):
    """POST data as the page sends it: the header, then each day's leader and shifts under prefixes
    made from its date, with one blank shift row after the typed ones (as the page renders)."""
    data = {"start_date": start, "end_date": end, "handover": handover, "action": action, "day": []}
    for day in days:
        key = stamp(day.date)
        data["day"].append(day.date.isoformat())
        data[f"d{key}-leader"], data[f"d{key}-leader_phone"] = day.leader, day.leader_phone
        rows = [*[(s.person, s.phone, _hm(s.start), _hm(s.end)) for s in day.shifts], ("", "", "", "")]
        data[f"s{key}-TOTAL_FORMS"], data[f"s{key}-INITIAL_FORMS"] = str(len(rows)), "0"
        for index, (person, phone, start_at, end_at) in enumerate(rows):
            data.update({f"s{key}-{index}-person": person, f"s{key}-{index}-phone": phone,
                         f"s{key}-{index}-start": start_at, f"s{key}-{index}-end": end_at})  # fmt: skip
    return data


def _hm(value):
    return value if isinstance(value, str) else value.strftime("%H:%M")


def edit_url(submission):
    return reverse("duty:roster_edit", args=[submission.pk])


def detail_url(submission):
    return reverse("plans:submission_detail", args=[submission.pk])


def roster_of(submission):
    return DutyRoster.objects.get(submission=submission)


def shown(response):
    """The days the page shows, as (date, leader, [(person, start, end)]) — read from the form."""
    fields = form_fields(response)
    result = []
    for iso in fields["day"]:
        key = iso.replace("-", "")
        total = int(fields[f"s{key}-TOTAL_FORMS"][0])
        shifts = [
            tuple(fields[f"s{key}-{i}-{name}"][0] for name in ("person", "start", "end"))
            for i in range(total)
        ]
        result.append((iso, fields[f"d{key}-leader"][0], [s for s in shifts if any(s)]))
    return result


def test_it_builds_and_saves_a_roster_through_the_form(client, alice, roster_submission):
    client.force_login(alice)
    roster = roster_of(roster_submission)

    response = client.post(edit_url(roster_submission), post_data(full_days(roster)))

    assert response.status_code == 302
    assert response.url == detail_url(roster_submission)
    saved = roster_days(roster_of(roster_submission))
    assert [d.date for d in saved] == list(roster.dates())
    assert saved[0].leader == "王校长"
    assert [(s.person, s.phone, s.start, s.end) for s in saved[0].shifts] == [
        ("张值班", "13800138001", time(8), time(20)),
        ("李值班", "13800138002", time(20), time(8)),  # the night shift, ending the next morning
    ]
    page = client.get(response.url).content.decode()
    assert "张值班" in page
    assert "无人值班" not in page


def test_the_page_shows_one_card_per_day_and_the_saved_problems(client, alice, roster_submission):
    client.force_login(alice)

    response = client.get(edit_url(roster_submission))

    assert response.status_code == 200
    assert [iso for iso, _leader, _shifts in shown(response)] == [f"2026-05-{d}" for d in range(22, 29)]
    content = response.content.decode()
    assert "5月22日 08:00–24:00 无人值班" in content  # the live list, for the roster as saved (empty)
    assert "__formset__-__prefix__-person" in content  # the row "add a shift" copies
    assert "js/roster.js" in content and "css/roster.css" in content
    fields = form_fields(response)
    assert fields["start_date"] == ["2026-05-22"] and fields["handover"] == ["08:00"]
    assert fields["s20260522-TOTAL_FORMS"] == ["2"]  # two blank rows on an empty day: day and night


def test_a_fortnight_from_a_pattern_then_save(client, alice, roster_submission):
    client.force_login(alice)
    fields = form_fields(client.get(edit_url(roster_submission)))
    # The safety officer extends the roster to two weeks and fills in the first day only…
    fields["end_date"] = ["2026-06-04"]
    fields.update({
        "d20260522-leader": ["王校长"], "d20260522-leader_phone": ["13900000004"],
        "s20260522-0-person": ["张值班"], "s20260522-0-phone": ["13800138001"],
        "s20260522-0-start": ["08:00"], "s20260522-0-end": ["20:00"],
        "s20260522-1-person": ["李值班"], "s20260522-1-phone": ["010-62345678"],
        "s20260522-1-start": ["20:00"], "s20260522-1-end": ["08:00"],
    })  # fmt: skip

    # …then presses "fill every day" (pattern: the first day, the default).
    filled = client.post(edit_url(roster_submission), {**fields, "action": "fill_all"})

    assert filled.status_code == 200
    days = shown(filled)
    assert len(days) == 14
    assert all(leader == "王校长" for _iso, leader, _shifts in days)
    assert all(shifts == [("张值班", "08:00", "20:00"), ("李值班", "20:00", "08:00")] for *_, shifts in days)
    assert "无人值班" not in filled.content.decode()  # the roster as shown covers every hour
    roster = roster_of(roster_submission)
    assert roster.end_date == date(2026, 5, 28) and not roster.days.exists()  # nothing saved yet

    saved = client.post(edit_url(roster_submission), {**form_fields(filled), "action": "save"})

    assert saved.status_code == 302
    roster = roster_of(roster_submission)
    assert (roster.start_date, roster.end_date) == (FIRST, date(2026, 6, 4))
    assert roster.days.count() == 14
    assert coverage.problems(roster_days(roster), roster.start_date, roster.end_date, roster.handover) == []
    plan_services.submission_submit(submission=roster_submission, by=alice)
    assert roster_submission.state == SubmissionState.SUBMITTED


def test_a_one_hour_gap_is_named_after_saving(client, alice, roster_submission):
    client.force_login(alice)
    days = full_days(roster_of(roster_submission))
    days[1].shifts[1].start = time(21)  # 5月23日: the night shift starts an hour late

    response = client.post(edit_url(roster_submission), post_data(days), follow=True)

    assert response.redirect_chain == [(detail_url(roster_submission), 302)]
    content = response.content.decode()
    assert "5月23日 20:00–21:00 无人值班" in content  # a draft with a gap is saved, and the gap is named
    assert roster_of(roster_submission).days.count() == 7
    assert "5月23日 20:00–21:00 无人值班" in client.get(edit_url(roster_submission)).content.decode()


def test_invalid_input_is_marked_and_everything_typed_is_kept(client, alice, roster_submission):
    client.force_login(alice)
    days = full_days(roster_of(roster_submission))
    data = post_data(days, end="2026-05-20")  # before the first day
    data["s20260522-0-start"] = "25:00"
    data["s20260523-0-phone"] = "12345"
    data["d20260524-leader_phone"] = "电话坏了"
    data.update({"s20260525-2-person": "", "s20260525-2-phone": "13800138077"})  # a phone without a person

    response = client.post(edit_url(roster_submission), data)

    assert response.status_code == 200
    page = response.context["page"]
    assert list(page.form.errors) == ["end_date"]
    by_date = {day.date.isoformat(): day for day in page.days}
    assert list(by_date["2026-05-22"].shifts.errors[0]) == ["start"]
    assert list(by_date["2026-05-23"].shifts.errors[0]) == ["phone"]
    assert list(by_date["2026-05-24"].form.errors) == ["leader_phone"]
    assert set(by_date["2026-05-25"].shifts.errors[2]) == {"person", "start", "end"}
    content = response.content.decode()
    for typed in ('value="2026-05-20"', 'value="25:00"', 'value="12345"', 'value="电话坏了"', "13800138077"):
        assert typed in content
    assert content.count('value="张值班"') == 7
    assert 'class="form-control form-control-sm is-invalid"' in content
    roster = roster_of(roster_submission)
    assert not roster.days.exists()
    assert roster.end_date == date(2026, 5, 28)


def test_a_saved_shift_can_be_removed(client, alice, roster_submission):
    fill_roster(roster_of(roster_submission))
    client.force_login(alice)
    fields = form_fields(client.get(edit_url(roster_submission)))
    assert fields["s20260522-INITIAL_FORMS"] == ["2"]

    response = client.post(
        edit_url(roster_submission), {**fields, "s20260522-1-DELETE": "on", "action": "save"}
    )

    assert response.status_code == 302
    saved = roster_days(roster_of(roster_submission))
    assert [s.person for s in saved[0].shifts] == ["张值班"]
    assert [s.person for s in saved[1].shifts] == ["张值班", "李值班"]


def test_copy_a_day_to_the_next_one_and_to_a_chosen_day(client, alice, roster_submission):
    client.force_login(alice)
    days = full_days(roster_of(roster_submission))[:1]
    days += [coverage.Day(date(2026, 5, d)) for d in range(23, 29)]

    response = client.post(edit_url(roster_submission), post_data(days, action="copy_next:2026-05-22"))

    assert response.status_code == 200
    leaders = [leader for _iso, leader, _shifts in shown(response)]
    assert leaders == ["王校长", "王校长", "", "", "", "", ""]

    fields = {
        **form_fields(response),
        "copy_from": ["2026-05-23"],
        "copy_to": ["2026-05-27"],
        "action": "copy",
    }
    response = client.post(edit_url(roster_submission), fields)

    leaders = [leader for _iso, leader, _shifts in shown(response)]
    assert leaders == ["王校长", "王校长", "", "", "", "王校长", ""]
    assert not roster_of(roster_submission).days.exists()


def test_copy_a_day_to_the_rest_of_its_week(client, alice, roster_submission):
    client.force_login(alice)
    days = [coverage.Day(date(2026, 5, d)) for d in range(22, 29)]
    days[3] = full_days(roster_of(roster_submission))[3]  # Monday 5月25日

    response = client.post(edit_url(roster_submission), post_data(days, action="copy_week:2026-05-25"))

    leaders = [leader for _iso, leader, _shifts in shown(response)]
    assert leaders == ["", "", "", "王校长", "王校长", "王校长", "王校长"]  # Monday to Thursday 5月28日


def test_fill_the_empty_days_and_chosen_weekdays(client, alice, roster_submission):
    client.force_login(alice)
    days = full_days(roster_of(roster_submission), leader="王校长")
    for day in days[1:]:
        day.leader, day.leader_phone, day.shifts = "", "", []
    days[2].leader = "赵主任"  # Sunday 5月24日 already has its leader

    data = {**post_data(days, action="fill_empty"), "pattern": "2026-05-22"}
    response = client.post(edit_url(roster_submission), data)

    assert [leader for _iso, leader, _s in shown(response)] == ["王校长"] * 2 + ["赵主任"] + ["王校长"] * 4

    data = {**post_data(days, action="fill_weekdays"), "pattern": "2026-05-24", "weekdays": ["5"]}
    response = client.post(edit_url(roster_submission), data)

    assert [leader for _iso, leader, _s in shown(response)] == ["王校长", "赵主任", "赵主任", "", "", "", ""]


def test_fast_entry_refuses_to_copy_what_does_not_read(client, alice, roster_submission):
    client.force_login(alice)
    days = full_days(roster_of(roster_submission))
    data = post_data(days, action="fill_all")
    data["s20260522-0-end"] = "8点"

    response = client.post(edit_url(roster_submission), data)

    assert response.status_code == 200
    assert 'value="8点"' in response.content.decode()
    by_date = {day.date.isoformat(): day for day in response.context["page"].days}
    assert list(by_date["2026-05-22"].shifts.errors[0]) == ["end"]


def test_extending_the_date_range_keeps_every_row_typed(client, alice, roster_submission):
    client.force_login(alice)
    days = full_days(roster_of(roster_submission))
    data = post_data(days, start="2026-05-21", end="2026-05-30", action="range")
    data["s20260528-0-phone"] = "138-bad"  # kept too, with its error

    response = client.post(edit_url(roster_submission), data)

    assert response.status_code == 200
    result = shown(response)
    assert [iso for iso, *_ in result] == [f"2026-05-{d}" for d in range(21, 31)]
    assert [leader for _iso, leader, _s in result] == [""] + ["王校长"] * 7 + ["", ""]
    assert result[1][2] == [("张值班", "08:00", "20:00"), ("李值班", "20:00", "08:00")]
    assert 'value="138-bad"' in response.content.decode()
    assert roster_of(roster_submission).start_date == FIRST  # nothing saved


def test_saving_a_shortened_range_drops_the_days_outside(client, alice, roster_submission):
    client.force_login(alice)
    days = full_days(roster_of(roster_submission))

    response = client.post(edit_url(roster_submission), post_data(days, end="2026-05-25"))

    assert response.status_code == 302
    roster = roster_of(roster_submission)
    assert roster.end_date == date(2026, 5, 25)
    assert list(roster.days.values_list("date", flat=True)) == [date(2026, 5, d) for d in range(22, 26)]


def test_a_range_of_more_than_a_month_is_refused(client, alice, roster_submission):
    client.force_login(alice)

    response = client.post(edit_url(roster_submission), post_data([], end="2026-07-31", action="range"))

    assert list(response.context["page"].form.errors) == ["end_date"]
    assert len(response.context["page"].days) == 0


def test_another_school_gets_404_and_the_bureau_403(client, bob, charlie, roster_submission):
    url = edit_url(roster_submission)
    data = post_data(full_days(roster_of(roster_submission)))

    client.force_login(charlie)
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404

    client.force_login(bob)
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert not roster_of(roster_submission).days.exists()


def test_a_work_plan_is_not_a_roster(client, alice, campaign, school):
    work_plan = open_submission(campaign, school, DeliverableKind.WORK_PLAN)
    client.force_login(alice)

    assert client.get(edit_url(work_plan)).status_code == 404
    assert client.get(reverse("duty:roster_pdf", args=[work_plan.pk])).status_code == 404


def test_a_submitted_roster_is_read_only(client, alice, roster_submission):
    fill_roster(roster_of(roster_submission))
    plan_services.submission_submit(submission=roster_submission, by=alice)
    client.force_login(alice)
    other = full_days(roster_of(roster_submission), leader="改名的领导")

    page = client.get(edit_url(roster_submission))
    refused = client.post(edit_url(roster_submission), post_data(other))

    assert page.status_code == 200
    content = page.content.decode()
    assert "王校长" in content and "李值班" in content
    assert 'name="action"' not in content
    assert refused.status_code == 409
    assert set(roster_of(roster_submission).days.values_list("leader", flat=True)) == {"王校长"}


@pytest.mark.parametrize("days", [7, 14])
def test_the_submission_page_shows_the_roster(client, bob, roster_submission, days):
    roster = roster_of(roster_submission)
    roster.end_date = FIRST + timedelta(days=days - 1)
    roster.save()
    fill_roster(roster)
    client.force_login(bob)

    response = client.get(detail_url(roster_submission))

    content = response.content.decode()
    assert content.count("李值班") == days
    assert reverse("duty:roster_pdf", args=[roster_submission.pk]) in content
    assert reverse("duty:roster_export", args=[roster_submission.pk]) in content


def test_times_may_be_typed_as_people_write_them(client, alice, roster_submission):
    client.force_login(alice)
    days = full_days(roster_of(roster_submission))
    data = post_data(days)
    data.update({"s20260522-0-start": "800", "s20260522-0-end": "16：00",
                 "s20260522-1-start": "16.00", "s20260522-1-end": "24:00",
                 "s20260522-2-person": "王守夜", "s20260522-2-phone": "13800138003",
                 "s20260522-2-start": "0000", "s20260522-2-end": "0800"})  # fmt: skip

    response = client.post(edit_url(roster_submission), data)

    assert response.status_code == 302
    first = roster_days(roster_of(roster_submission))[0]
    assert [(s.start, s.end) for s in first.shifts] == [
        (time(0), time(8)),
        (time(8), time(16)),
        (time(16), time(0)),
    ]


def test_checking_names_the_problems_of_the_roster_as_shown(client, alice, roster_submission):
    client.force_login(alice)
    days = full_days(roster_of(roster_submission))
    days[0].shifts[1].person = "张值班"  # the same person on the night shift too…
    days[0].shifts[1].start = time(19)  # …starting before the day shift ends

    response = client.post(edit_url(roster_submission), post_data(days, action="range"))

    assert response.status_code == 200
    assert response.context["problems_unsaved"] is True
    assert response.context["problems"] == [
        "张值班 的两个班次时间重叠：5月22日 08:00–20:00 与 5月22日 19:00–5月23日 08:00"
    ]
    assert "张值班 的两个班次时间重叠" in response.content.decode()
    assert not roster_of(roster_submission).days.exists()
