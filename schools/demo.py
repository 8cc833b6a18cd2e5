"""The demo bureau, its 30 schools and one account per role, for `manage.py seed_demo`."""

from django.contrib.auth import get_user_model
from django.db import transaction

from .enums import Role, SchoolKind
from .models import Bureau, Membership, School

NUMERALS = "一二三四五六七八九十"
BUREAU = {"code": "SFQ", "name": "示范区教育局", "duty_phone": "010-66668888"}


def _numbered(template, count):
    names = [NUMERALS[i] if i < 10 else "十" + NUMERALS[i - 10] for i in range(count)]
    return [template.format(n) for n in names]


def demo_schools():
    """(code, name, kind, reopened) for 30 schools of mixed kinds; two have not reopened yet."""
    plan = [
        (SchoolKind.KINDERGARTEN, [f"示范区{n}幼儿园" for n in ("实验", "阳光", "育才", "东城")]),
        (SchoolKind.PRIMARY, _numbered("示范区第{}小学", 11)),
        (SchoolKind.JUNIOR, _numbered("示范区第{}初级中学", 5)),
        (SchoolKind.SENIOR, _numbered("示范区第{}高级中学", 2)),
        (SchoolKind.COMPLETE, ["示范区实验中学", "示范区外国语学校"]),
        (SchoolKind.NINE_YEAR, ["示范区育英学校", "示范区博文学校", "示范区明德学校"]),
        (SchoolKind.VOCATIONAL, ["示范区职业技术学校", "示范区旅游职业学校"]),
        (SchoolKind.SPECIAL, ["示范区特殊教育学校"]),
    ]  # fmt: skip
    rows = [(kind, name) for kind, names in plan for name in names]
    not_reopened = {"示范区阳光幼儿园", "示范区东城幼儿园"}
    return [
        (f"S{index:03d}", name, kind, name not in not_reopened)
        for index, (kind, name) in enumerate(rows, start=1)
    ]


# (login, full name, phone, role, school code or None for the bureau)
DEMO_ACCOUNTS = [
    ("admin", "李安办", "13900000001", Role.BUREAU_ADMIN, None),
    ("inspector", "赵督查", "13900000002", Role.BUREAU_INSPECTOR, None),
    ("viewer", "钱局长", "13900000003", Role.BUREAU_VIEWER, None),
    ("principal", "王校长", "13900000004", Role.PRINCIPAL, "S005"),
    ("officer", "张安全", "13900000005", Role.SAFETY_OFFICER, "S005"),
    ("duty", "刘值班", "13900000006", Role.DUTY_STAFF, "S005"),
    ("officer2", "陈安全", "13900000007", Role.SAFETY_OFFICER, "S006"),
]


@transaction.atomic
def seed(*, password):
    bureau, _ = Bureau.objects.update_or_create(code=BUREAU["code"], defaults=BUREAU)
    schools = {}
    for index, (code, name, kind, reopened) in enumerate(demo_schools(), start=1):
        schools[code], _ = School.objects.update_or_create(
            bureau=bureau,
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "reopened": reopened,
                "address": f"示范区安宁路{index}号",
                "principal_name": "王校长" if code == "S005" else "",
                "phone": f"010-6{index:03d}1234",
            },
        )
    User = get_user_model()
    accounts = []
    for login, full_name, phone, role, school_code in DEMO_ACCOUNTS:
        user, _ = User.objects.update_or_create(
            username=login, defaults={"full_name": full_name, "phone": phone, "is_active": True}
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        school = schools.get(school_code)
        Membership.objects.update_or_create(
            user=user,
            defaults={"role": role, "school": school, "bureau": None if school else bureau},
        )
        accounts.append((user, role, school or bureau))
    return bureau, accounts
