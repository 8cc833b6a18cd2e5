"""The gate register on a guard's phone (390×844): a visitor registered, the same visitor found again
by phone number, a feverish visitor refused without a reason, and an entry during class that waits
for its host — counting what the guard types and taps.

The server's clock is moved with time-machine (the live server runs in this process, so it sees the
same clock) to the next weekday morning: 07:40, before the first lesson, then 08:05, during it. The
moves go forward and stay within the 30 idle minutes after which a session ends, and the session
cookie, set by the moved clock, stays valid for the browser's real one.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from security.enums import EntryState
from security.models import GateEntry
from tests.e2e.conftest import screenshot

PHONE = {"width": 390, "height": 844}
ID_NUMBER = "11010519491231002X"


def _next_weekday_morning():
    """07:40 Beijing time on the first weekday whose 07:40 is still to come."""
    now = timezone.localtime()
    day = now.date()
    while True:
        moment = timezone.make_aware(datetime.combine(day, time(7, 40)))
        if moment > now and day.weekday() < 5:
            return moment
        day += timedelta(days=1)


class Hand:
    """The guard's hand: every field typed and every tap is counted."""

    def __init__(self, page):
        self.page, self.typed, self.taps = page, 0, 0

    def type(self, selector, value):
        self.page.fill(selector, value)
        self.typed += 1

    def tap(self, locator):
        (self.page.locator(locator) if isinstance(locator, str) else locator).click()
        self.taps += 1

    def reset(self):
        self.typed = self.taps = 0


def test_a_guard_registers_visitors_on_a_phone(live_server, demo, login, page, time_machine):
    morning = _next_weekday_morning()
    time_machine.move_to(morning, tick=True)
    page.set_viewport_size(PHONE)
    login("duty")
    desk = f"{live_server.url}/gate/"
    page.goto(desk)
    hand = Hand(page)

    # A first visitor: phone, name, temperature, host, purpose, and the ID number under "more".
    hand.type("#id_phone", "13788889999")
    hand.type("#id_visitor_name", "孙建华")
    hand.type("#id_temperature", "36.5")
    hand.type("#id_host", "三年级二班 陈老师")
    hand.type("#id_purpose", "送作业本")
    hand.tap("details.mb-3 summary")
    hand.type("#id_id_number", ID_NUMBER)
    screenshot(page, "gate-desk-phone")
    hand.tap("button[name=register]")
    first = GateEntry.objects.get(phone="13788889999")
    entry = page.locator(f"#entry-{first.pk}")
    expect(entry).to_contain_text("孙建华")
    assert (hand.typed, hand.taps) == (6, 2)
    assert first.state == EntryState.INSIDE and first.id_number == ID_NUMBER

    # Time out: one tap.
    hand.reset()
    hand.tap(entry.locator("button.gate-out"))
    expect(page.locator(f"#entry-{first.pk}")).to_have_count(0)
    assert hand.taps == 1
    first.refresh_from_db()
    assert first.state == EntryState.LEFT

    # The same visitor back: typing the phone fills the rest; the temperature is taken anew.
    hand.reset()
    hand.type("#id_phone", "13788889999")
    expect(page.locator("#id_visitor_name")).to_have_value("孙建华")
    expect(page.locator("#id_host")).to_have_value("三年级二班 陈老师")
    expect(page.locator("#gate-visitor-hint")).to_contain_text("**************002X")
    hand.type("#id_temperature", "36.6")
    hand.tap("button[name=register]")
    expect(page.locator(".alert-success")).to_contain_text("孙建华")
    assert (hand.typed, hand.taps) == (2, 1)
    again = GateEntry.objects.filter(phone="13788889999").latest("pk")
    assert again.pk != first.pk and again.id_number == ID_NUMBER  # kept, never sent to the page
    assert ID_NUMBER not in page.content()

    # A feverish visitor without a reason is refused, and nothing typed is lost.
    hand.reset()
    hand.type("#id_phone", "15899990000")
    hand.type("#id_visitor_name", "钱小红")
    hand.type("#id_temperature", "38.1")
    expect(page.locator("#id_fever_reason")).to_be_visible()  # shown as soon as the fever is typed
    hand.type("#id_host", "校医室 郑医生")
    hand.type("#id_purpose", "送药")
    hand.tap("button[name=register]")
    expect(page.locator("#id_fever_reason")).to_have_class("textarea form-control is-invalid")
    expect(page.locator("#id_visitor_name")).to_have_value("钱小红")
    assert not GateEntry.objects.filter(phone="15899990000").exists()
    assert (hand.typed, hand.taps) == (5, 1)
    screenshot(page, "gate-fever-refused-phone")

    # During class (封闭管理) the entry waits for its host, whose answer is one tap.
    time_machine.move_to(morning + timedelta(minutes=25), tick=True)
    page.goto(desk)
    expect(page.locator("#gate-class-time")).to_be_visible()
    hand.reset()
    hand.type("#id_phone", "13155556666")
    hand.type("#id_visitor_name", "周国庆")
    hand.type("#id_temperature", "36.4")
    hand.type("#id_host", "王校长")
    hand.type("#id_purpose", "来访")
    hand.tap("button[name=register]")
    waiting = GateEntry.objects.get(phone="13155556666")
    assert waiting.state == EntryState.AWAITING_HOST
    card = page.locator(f"#entry-{waiting.pk}")
    expect(card.locator("button[value=confirm]")).to_be_visible()
    assert (hand.typed, hand.taps) == (5, 1)
    screenshot(page, "gate-awaiting-host-phone")
    hand.reset()
    hand.tap(card.locator("button[value=confirm]"))
    expect(page.locator(f"#entry-{waiting.pk} button.gate-out")).to_be_visible()
    assert hand.taps == 1
    waiting.refresh_from_db()
    assert waiting.state == EntryState.INSIDE
