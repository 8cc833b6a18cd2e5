from io import StringIO

import time_machine
from django.core.management import call_command
from django.urls import reverse

from notifications.models import Notification, Preference, Reminder
from tests.factories import CampaignFactory


def _notice(user, key="k1", url="/campaigns/"):
    return Notification.objects.create(
        recipient=user, digest_key=key, title="2 条提醒", lines=[{"text": "工作方案即将截止", "url": url}]
    )


def test_the_unread_count_shows_in_the_navigation_and_reading_clears_it(client, alice):
    notice = _notice(alice)
    client.force_login(alice)
    assert client.get(reverse("home")).context["unread_notifications"] == 1
    response = client.post(reverse("notifications:read", args=[notice.pk]), {"next": "/campaigns/"})
    assert response.url == "/campaigns/"
    assert client.get(reverse("home")).context["unread_notifications"] == 0


def test_reading_refuses_an_offsite_link(client, alice):
    notice = _notice(alice)
    client.force_login(alice)
    response = client.post(reverse("notifications:read", args=[notice.pk]), {"next": "https://evil.example/"})
    assert response.url == reverse("notifications:list")


def test_mark_all_read_touches_only_my_notices(client, alice, charlie):
    _notice(alice)
    other = _notice(charlie, key="k2")
    client.force_login(alice)
    client.post(reverse("notifications:read_all"))
    other.refresh_from_db()
    assert other.read_at is None
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()


def test_a_user_turns_email_off(client, alice):
    client.force_login(alice)
    client.post(reverse("notifications:preferences"), {})
    assert Preference.objects.get(user=alice).email is False


@time_machine.travel("2026-05-18 09:00 +0800", tick=False)
def test_send_reminders_dry_run_prints_and_sends_nothing(alice, school):
    CampaignFactory(bureau=school.bureau)
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    assert "alice" in out.getvalue() and "would send" in out.getvalue()
    assert not Reminder.objects.exists() and not Notification.objects.exists()


@time_machine.travel("2026-05-18 09:00 +0800", tick=False)
def test_send_reminders_sends_once_by_hand(alice, school):
    CampaignFactory(bureau=school.bureau)
    first, second = StringIO(), StringIO()
    call_command("send_reminders", stdout=first)
    call_command("send_reminders", stdout=second)
    assert Notification.objects.filter(recipient=alice).count() == 1
    assert "alice" in first.getvalue()
    assert second.getvalue().startswith("0 reminders sent")
