"""Demo gate entries, patrols and police rooms for the demo campaign, in every state the pages show."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hazards.enums import HazardSeverity
from schools.enums import Role
from schools.models import Membership

from . import services
from .enums import EntryAction, EntryState, ItemStatus
from .equipment import REQUIRED_ITEMS
from .models import GateEntry, GateEntryEvent

GATE_SCHOOLS = ["S005", "S006", "S007", "S008", "S009", "S010", "S011", "S012", "S013", "S014"]
VISITORS = [
    ("王建国", "13801234567", "送货", "食堂 赵师傅", "京A3F821", "蔬菜、肉类"),
    ("李秀兰", "13912345670", "接孩子看病", "三年级二班 陈老师", "", ""),
    ("张伟", "13698765432", "维修施工", "总务处 孙主任", "京B7K209", "电工工具"),
    ("刘芳", "13511112222", "家长会", "五年级一班 周老师", "", ""),
    ("陈志强", "18600001111", "快递", "传达室", "", "快递包裹12件"),
    ("杨丽", "13722223333", "送教材", "教务处 吴主任", "京C5M660", "教材两箱"),
    ("赵磊", "15033334444", "消防检查", "张安全", "京A0P112", ""),
    ("黄敏", "13344445555", "送药", "校医室 郑医生", "", "药品"),
    ("周强", "18955556666", "监控维保", "总务处 孙主任", "京D9H337", "监控配件"),
    ("吴静", "13666667777", "来访", "王校长", "", ""),
]
ROUTES = [
    "东门—操场—教学楼—食堂—北门",
    "教学楼各楼层—实验楼—配电房",
    "宿舍楼—围墙沿线—车棚",
    "南门—体育馆—锅炉房",
]
FINDINGS = [
    ("gate_security", "北侧围墙有一处破损，可翻越", "北侧围墙"),
    ("fire", "实验楼二层灭火器压力不足", "实验楼二层"),
    ("electrical", "车棚充电插座外露电线", "车棚"),
    ("gate_security", "南门监控摄像头画面模糊", "南门"),
]
# School code → what its police room looks like. Unlisted covered schools have everything in order;
# these three have never checked theirs.
POLICE_STORY = {"S005": "expired_and_missing", "S007": "expired", "S009": "missing", "S011": "missing"}
UNCHECKED = {"S020", "S025", "S030"}


def _id_number(index):
    """A valid-looking 18-character ID card number (with its check character) for demo visitors."""
    body = f"110105{1970 + index * 3:04d}{(index % 12) + 1:02d}{(index % 27) + 1:02d}{index:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def _keepers(schools, first_role):
    """The school user who records at each demo school (`first_role` first), or None."""
    keepers = {}
    members = Membership.objects.filter(school__in=schools).select_related("user")
    for membership in sorted(members, key=lambda m: m.role != first_role):
        keepers.setdefault(membership.school_id, membership.user)
    return keepers


@transaction.atomic
def seed(*, campaign, admin):
    if GateEntry.objects.filter(school__bureau=campaign.bureau).exists():
        return
    rules = services.rules_for(campaign.bureau)
    now = timezone.now()
    schools = list(campaign.schools.order_by("code"))
    keepers, officers = _keepers(schools, Role.DUTY_STAFF), _keepers(schools, Role.SAFETY_OFFICER)
    by_code = {school.code: school for school in schools}
    rng = random.Random(2026)
    for code in GATE_SCHOOLS:
        if code in by_code:
            _gate(by_code[code], keepers.get(by_code[code].pk), rules, now, rng)
    if "S005" in by_code:
        _gate_today(by_code["S005"], keepers.get(by_code["S005"].pk), rules, now)
    for school in schools[:12]:
        _patrols(school, keepers.get(school.pk), officers.get(school.pk), now, rng)
    for school in schools:
        if school.code not in UNCHECKED:
            _police_room(school, officers.get(school.pk) or admin, POLICE_STORY.get(school.code, ""), now)


def _register(school, by, visitor, *, time_in, temperature="36.5", reason="", index=0):
    name, phone, purpose, host, plate, goods = visitor
    return services.gate_entry_register(
        school=school, by=by, visitor_name=name, phone=phone, temperature=Decimal(temperature),
        purpose=purpose, host=host, vehicle_plate=plate, goods=goods, fever_reason=reason, time_in=time_in,
        id_number=_id_number(index) if index % 3 == 0 else "",
    )  # fmt: skip


def _gate(school, by, rules, now, rng):
    """A week of visitors, all gone by now; during class the host answered, once with a refusal."""
    today = timezone.localdate(now)
    refusals = 0  # at least one at every school
    for days_ago in range(7, 0, -1):
        day = today - timedelta(days=days_ago)
        for slot in sorted(rng.sample(range(15, 100), 4)):  # quarter hours from 07:30
            moment = timezone.make_aware(datetime.combine(day, time(7, 30))) + timedelta(minutes=slot * 6)
            index = rng.randrange(len(VISITORS))
            temperature, reason = rng.choice(["36.2", "36.4", "36.5", "36.6", "36.8", "36.9"]), ""
            if rng.random() < 0.04:
                temperature, reason = "37.4", "复测仍偏高，送货至门卫室，未进入校园，由保安代收。"
            entry = _register(
                school,
                by,
                VISITORS[index],
                time_in=moment,
                temperature=temperature,
                reason=reason,
                index=index,
            )
            if entry.state == EntryState.AWAITING_HOST:
                refused = slot % 7 == 0 or not refusals
                refusals += refused
                services.gate_entry_answer(
                    entry=entry,
                    by=by,
                    confirmed=not refused,
                    note="班主任不在校，改日再来" if refused else "",
                )
            if entry.state == EntryState.INSIDE:
                services.gate_entry_out(entry=entry, by=by)
            _backdate(entry, moment, moment + timedelta(minutes=rng.randint(20, 120)))


def _backdate(entry, time_in, time_out):
    """Events and times as they would have been written on the day."""
    answered = time_in + timedelta(minutes=5)
    GateEntry.objects.filter(pk=entry.pk, answered_at__isnull=False).update(answered_at=answered)
    GateEntry.objects.filter(pk=entry.pk, time_out__isnull=False).update(time_out=time_out)
    events = GateEntryEvent.objects.filter(entry=entry)
    events.filter(action=EntryAction.REGISTERED).update(at=time_in)
    events.filter(action__in=[EntryAction.CONFIRMED, EntryAction.REFUSED]).update(at=answered)
    events.filter(action=EntryAction.LEFT).update(at=time_out)


def _last_class_moment(rules, now):
    """The latest moment before `now` that falls in a class period, or None within a week."""
    local = timezone.localtime(now)
    for days_ago in range(8):
        day = local.date() - timedelta(days=days_ago)
        if day.weekday() not in rules.class_weekdays:
            continue
        for start, end in reversed(rules.periods()):
            moment = min(local, timezone.make_aware(datetime.combine(day, end)) - timedelta(minutes=10))
            if moment >= timezone.make_aware(datetime.combine(day, start)):
                return moment
    return None


def _gate_today(school, by, rules, now):
    """At the demo school today: visitors inside, one with a flagged temperature, one awaiting host."""
    for minutes, index in ((95, 0), (50, 2), (25, 5)):
        _register(school, by, VISITORS[index], time_in=now - timedelta(minutes=minutes), index=index)
    _register(
        school, by, VISITORS[7], time_in=now - timedelta(minutes=40), temperature="37.5", index=7,
        reason="家长送药，复测37.5℃，未进入教学区，由保安陪同至校医室，已通知郑医生。",
    )  # fmt: skip
    if (moment := _last_class_moment(rules, now)) is not None:
        _register(school, by, VISITORS[9], time_in=moment, index=9)


def _patrols(school, by, officer, now, rng):
    """Two patrols a day over five days; a few found something, one entered as a hazard."""
    today = timezone.localdate(now)
    for days_ago in range(5, -1, -1):
        for hour in (7, 21):
            moment = timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(hour, 10)))
            if moment > now:
                continue
            findings = []
            if rng.random() < 0.12:
                area, description, location = rng.choice(FINDINGS)
                findings.append({"area": area, "description": description, "location": location})
            patrol = services.patrol_record(
                school=school, by=by, patrolled_by=by.get_full_name() if by else "周保安",
                patrolled_at=moment, route=rng.choice(ROUTES), findings=findings,
            )  # fmt: skip
            if findings and school.code == "S005" and officer is not None:
                services.finding_to_hazard(
                    finding=patrol.findings.get(), by=officer, severity=HazardSeverity.GENERAL
                )
    if school.code == "S005":  # one finding for certain, still waiting for a decision
        services.patrol_record(
            school=school, by=by, patrolled_by="周保安", patrolled_at=now - timedelta(hours=1),
            route=ROUTES[2], findings=[{"area": FINDINGS[0][0], "description": FINDINGS[0][1],
                                        "location": FINDINGS[0][2]}],
        )  # fmt: skip


def _police_room(school, by, story, now):
    today = timezone.localdate(now)
    checks = []
    for index, item in enumerate(REQUIRED_ITEMS):
        status, expiry, note = ItemStatus.PRESENT, None, ""
        if item.has_expiry:
            expiry = today + timedelta(days=200 + 30 * index)
        if story == "expired_and_missing" and item.name == "防刺背心":
            expiry = today - timedelta(days=3)  # checked as present, but its date has passed since
        if story in ("expired", "expired_and_missing") and item.name == "灭火器":
            status, expiry, note = ItemStatus.EXPIRED, today - timedelta(days=12), "已联系消防器材公司更换"
        if story in ("missing", "expired_and_missing") and index == (8 if story != "missing" else 0):
            status, note = ItemStatus.MISSING, "已申请采购"
        quantity = 0 if status == ItemStatus.MISSING else item.quantity
        checks.append(services.ItemCheck(name=item.name, status=status, quantity=quantity, expiry_date=expiry,
                                         note=note))  # fmt: skip
    services.police_room_save(school=school, by=by, checks=checks)
