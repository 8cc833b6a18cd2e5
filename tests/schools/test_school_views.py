import pytest
from django.urls import reverse

from schools.enums import Role
from schools.models import School
from tests.factories import SchoolFactory, member


def test_bureau_admin_creates_a_school(client, bob, bureau):
    client.force_login(bob)
    response = client.post(
        reverse("schools:create"),
        {"code": "S100", "name": "示范区新建小学", "kind": "primary", "phone": "010-87654321",
         "reopened": "on", "is_active": "on"},
    )  # fmt: skip
    school = School.objects.get(code="S100")
    assert response.url == reverse("schools:detail", args=[school.pk])
    assert school.bureau == bureau


def test_an_invalid_school_keeps_what_was_typed(client, bob, school):
    client.force_login(bob)
    response = client.post(
        reverse("schools:create"),
        {"code": school.code, "name": "我输入的名称", "kind": "primary", "phone": "12345"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "code" in errors and "phone" in errors
    assert "我输入的名称" in response.content.decode()


def test_school_home_shows_the_unit_and_its_people(client, alice, school):
    member(Role.PRINCIPAL, school, full_name="王校长")
    client.force_login(alice)
    page = client.get(reverse("home")).content.decode()
    assert school.name in page
    assert "王校长" in page and "张安全" in page


def test_bureau_home_counts_schools_by_kind(client, bob, bureau):
    SchoolFactory.create_batch(3, bureau=bureau, kind="junior")
    SchoolFactory(bureau=bureau, kind="kindergarten", reopened=False, name="未复学幼儿园")
    client.force_login(bob)
    response = client.get(reverse("home"))
    by_kind = {value: count for value, _label, count in response.context["overview"]["by_kind"]}
    assert by_kind["junior"] == 3 and by_kind["kindergarten"] == 1
    assert response.context["overview"]["not_reopened"] == 1
    assert "未复学幼儿园" in response.content.decode()


@pytest.mark.parametrize("count", [5, 50])
def test_school_list_costs_the_same_queries_at_any_size(
    client, bob, bureau, count, django_assert_max_num_queries
):
    SchoolFactory.create_batch(count, bureau=bureau)
    client.force_login(bob)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("schools:list"))
    assert len(response.context["page"]) == count


def test_school_list_filters_by_kind_and_reopening(client, bob, bureau):
    SchoolFactory(bureau=bureau, kind="junior", name="某初中")
    SchoolFactory(bureau=bureau, kind="primary", reopened=False, name="某未复学小学")
    client.force_login(bob)
    names = [s.name for s in client.get(reverse("schools:list"), {"reopened": "no"}).context["page"]]
    assert names == ["某未复学小学"]
    names = [s.name for s in client.get(reverse("schools:list"), {"kind": "junior"}).context["page"]]
    assert names == ["某初中"]
