import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from schools.models import School
from tests.factories import SchoolFactory

HEADERS = ["学校代码", "学校名称", "学段类型", "地址", "校长", "联系电话", "是否复学"]


def _xlsx(rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    stream = BytesIO()
    workbook.save(stream)
    stream.seek(0)
    stream.name = "schools.xlsx"
    return stream


def _upload(client, stream):
    return client.post(reverse("schools:import"), {"file": stream})


@pytest.fixture
def admin_client(client, bob):
    client.force_login(bob)
    return client


def test_it_imports_new_schools_and_updates_existing_ones(admin_client, bureau):
    SchoolFactory(bureau=bureau, code="S001", name="旧名称")
    rows = [
        ["S001", "示范区第一小学", "小学", "示范路1号", "王校长", "010-62345678", "是"],
        ["S002", "示范区阳光幼儿园", "幼儿园", "", "", "13800138000", "否"],
    ]
    response = _upload(admin_client, _xlsx(rows))
    assert response.status_code == 302, response.context["errors"] or response.context["form"].errors
    schools = {s.code: s for s in School.objects.filter(bureau=bureau)}
    assert schools["S001"].name == "示范区第一小学"
    assert schools["S002"].kind == "kindergarten"
    assert schools["S002"].reopened is False
    assert schools["S001"].phone == "010-62345678"


def test_it_reports_bad_rows_by_number_and_imports_nothing(admin_client, bureau):
    rows = [
        ["S001", "示范区第一小学", "小学", "", "", "", "是"],
        ["", "无代码学校", "小学", "", "", "", ""],
        ["S003", "示范区第三小学", "大学", "", "", "123", "也许"],
        ["S001", "重复代码", "初中", "", "", "", ""],
    ]
    response = _upload(admin_client, _xlsx(rows))
    assert response.status_code == 200
    errors = response.context["errors"]
    assert [re.findall(r"\d+", error)[0] for error in errors] == ["3", "4", "5"]
    assert "大学" in errors[1] and "123" in errors[1] and "也许" in errors[1]
    assert School.objects.filter(bureau=bureau).count() == 0


def test_it_refuses_a_file_that_is_not_a_workbook(admin_client, bureau):
    stream = BytesIO(b"MZ\x90\x00 not a workbook")
    stream.name = "schools.xlsx"
    response = _upload(admin_client, stream)
    assert response.status_code == 200
    assert "不是有效的 Excel" in str(response.context["form"].errors["file"])


def test_it_names_missing_header_columns(admin_client):
    response = _upload(admin_client, _xlsx([["S1", "x"]], headers=["学校代码", "备注"]))
    assert "学校名称" in response.context["errors"][0]


def test_the_template_round_trips_through_the_import(admin_client, bureau):
    template = admin_client.get(reverse("schools:import_template"))
    sheet = load_workbook(BytesIO(template.content)).active
    assert [c.value for c in sheet[1]][:3] == ["学校代码", "学校名称", "学段类型"]
    stream = BytesIO(template.content)
    stream.name = "template.xlsx"
    assert _upload(admin_client, stream).status_code == 302
    assert School.objects.filter(bureau=bureau, code="S001").exists()


def test_imported_schools_land_in_the_admins_own_bureau_only(admin_client, bureau):
    other = SchoolFactory(code="S001", name="别区学校")
    _upload(admin_client, _xlsx([["S001", "示范区第一小学", "小学", "", "", "", ""]]))
    other.refresh_from_db()
    assert other.name == "别区学校"
    assert School.objects.get(bureau=bureau, code="S001").name == "示范区第一小学"
