"""Entries are not edited once recorded: a mistake is withdrawn with a reason, or corrected by a new entry
that replaces the old one. Both are compare-and-set changes with an event; the old entry stays."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from accountability import services
from accountability.models import Entry, EntryEvent
from plans.services import TransitionError


@pytest.fixture
def entry(bob, school, campaign, records):
    return services.entry_record(
        school=school, by=bob, campaign=campaign, kind="warning", date=datetime.date(2026, 5, 21),
        text="隐患逾期未整改，予以警示", hazards=[records.overdue], incidents=[records.unreported],
    )  # fmt: skip


def _withdraw(client, entry, reason):
    return client.post(reverse("accountability:withdraw", args=[entry.pk]), {"reason": reason})


def test_it_withdraws_an_entry_with_a_reason_and_keeps_it(client, inspector, entry):
    client.force_login(inspector)
    response = _withdraw(client, entry, "  录入学校有误  ")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.state, entry.withdrawn_by, entry.withdrawal_reason) == (
        "withdrawn",
        inspector,
        "录入学校有误",
    )
    assert entry.withdrawn_at is not None
    event = entry.events.get(action="withdrawn")
    assert (event.from_state, event.to_state, event.by, event.comment) == (
        "in_force", "withdrawn", inspector, "录入学校有误",
    )  # fmt: skip
    assert list(entry.hazards.all())  # the evidence stays linked
    page = client.get(reverse("accountability:detail", args=[entry.pk])).content.decode()
    assert "录入学校有误" in page
    assert reverse("accountability:withdraw", args=[entry.pk]) not in page  # nothing left to withdraw


def test_a_withdrawal_needs_a_reason(client, bob, entry):
    client.force_login(bob)
    response = _withdraw(client, entry, "   ")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == "in_force"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [gettext("Say why the entry is withdrawn.")]


def test_a_too_long_reason_comes_back_as_typed(client, bob, entry):
    client.force_login(bob)
    response = _withdraw(client, entry, "理" * 2001)
    assert response.status_code == 200
    assert "理" * 2001 in response.content.decode()
    entry.refresh_from_db()
    assert entry.state == "in_force"


def test_only_one_of_two_withdrawals_wins(bob, inspector, entry):
    stale = Entry.objects.get(pk=entry.pk)
    services.entry_withdraw(entry=entry, by=bob, reason="第一次")
    with pytest.raises(TransitionError):
        services.entry_withdraw(entry=stale, by=inspector, reason="第二次")
    stale.refresh_from_db()
    assert (stale.withdrawal_reason, stale.withdrawn_by) == ("第一次", bob)
    assert EntryEvent.objects.filter(entry=entry, action="withdrawn").count() == 1


def test_a_correction_starts_from_the_entry_it_replaces(client, inspector, entry, records):
    client.force_login(inspector)
    response = client.get(reverse("accountability:create") + f"?corrects={entry.pk}")
    form = response.context["form"]
    assert (form.school, form.campaign) == (entry.school, entry.campaign)
    assert form.initial["kind"] == "warning"
    assert form.initial["text"] == "隐患逾期未整改，予以警示"
    assert form.initial["hazards"] == [records.overdue]


def test_a_correction_is_a_new_entry_and_withdraws_the_old_one(client, inspector, entry, records):
    client.force_login(inspector)
    response = client.post(
        reverse("accountability:create") + f"?corrects={entry.pk}",
        {
            "kind": "interview",
            "date": "2026-05-22",
            "text": "改为约谈校长",
            "incidents": [records.unreported.pk],
        },
    )
    correction = Entry.objects.exclude(pk=entry.pk).get()
    assert response.url == reverse("accountability:detail", args=[correction.pk])
    assert (correction.corrects, correction.kind, correction.school) == (entry, "interview", entry.school)
    assert list(correction.incidents.all()) == [records.unreported]
    assert list(correction.hazards.all()) == []
    entry.refresh_from_db()
    assert entry.state == "withdrawn"
    assert entry.withdrawal_reason == gettext("Corrected by entry #%(id)s.") % {"id": correction.pk}
    assert (entry.text, entry.kind) == ("隐患逾期未整改，予以警示", "warning")  # never changed in place
    page = client.get(reverse("accountability:detail", args=[entry.pk])).content.decode()
    assert reverse("accountability:detail", args=[correction.pk]) in page


def test_evidence_no_longer_overdue_stays_choosable_in_a_correction(client, bob, entry, records):
    from hazards import services as hazard_services
    from tests.factories import photo

    hazard_services.hazard_submit_rectification(
        hazard=records.overdue, by=bob, note="已整改", photos=[photo()]
    )
    hazard_services.hazard_verify(hazard=records.overdue, by=bob)
    client.force_login(bob)
    plain = client.get(reverse("accountability:create") + f"?school={entry.school_id}")
    assert list(plain.context["form"].fields["hazards"].queryset) == []
    correction = client.get(reverse("accountability:create") + f"?corrects={entry.pk}")
    assert list(correction.context["form"].fields["hazards"].queryset) == [records.overdue]


def test_a_withdrawn_entry_cannot_be_corrected(client, bob, entry):
    services.entry_withdraw(entry=entry, by=bob, reason="重复录入")
    client.force_login(bob)
    response = client.get(reverse("accountability:create") + f"?corrects={entry.pk}")
    assert response.status_code == 302
    assert response.url == reverse("accountability:detail", args=[entry.pk])


def test_a_correction_records_nothing_if_the_entry_was_withdrawn_meanwhile(bob, inspector, entry):
    stale = Entry.objects.get(pk=entry.pk)
    services.entry_withdraw(entry=entry, by=bob, reason="已撤销")
    with pytest.raises(TransitionError):
        services.entry_record(
            school=stale.school, by=inspector, kind="notice", date=datetime.date(2026, 5, 22), text="更正",
            corrects=stale,
        )  # fmt: skip
    assert Entry.objects.count() == 1


def test_another_bureau_cannot_correct_an_entry_it_does_not_see(client, entry):
    from schools.enums import Role
    from tests.factories import BureauFactory, member

    client.force_login(member(Role.BUREAU_ADMIN, BureauFactory()))
    assert client.get(reverse("accountability:create") + f"?corrects={entry.pk}").status_code == 404
    assert client.get(reverse("accountability:create") + "?corrects=x").status_code == 404
