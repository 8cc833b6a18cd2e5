"""The bureau's checklists (R3.1): installed on first visit, edited by the bureau admin only."""

import pytest
from django.urls import reverse

from inspections import services
from inspections.checklists import DEFAULT_ITEMS
from inspections.models import ChecklistTemplate
from plans.enums import FocusArea
from tests.factories import BureauFactory

TEMPLATES = reverse("inspections:templates")


def edit_url(template):
    return reverse("inspections:template_edit", args=[template.pk])


def fire_of(bureau):
    return ChecklistTemplate.objects.get(bureau=bureau, area=FocusArea.FIRE)


def test_the_first_visit_installs_a_checklist_for_every_area(client, bob, bureau):
    client.force_login(bob)

    response = client.get(TEMPLATES)

    assert response.status_code == 200
    templates = list(response.context["templates"])
    assert [t.area for t in templates] == FocusArea.values  # in the plan's order
    assert {t.area: t.item_count for t in templates} == {
        area: len(texts) for area, texts in DEFAULT_ITEMS.items()
    }
    assert reverse("inspections:template_edit", args=[fire_of(bureau).pk]) in response.content.decode()
    client.get(TEMPLATES)
    assert ChecklistTemplate.objects.filter(bureau=bureau).count() == len(FocusArea)


def test_the_edit_page_shows_one_item_per_line(client, bob, bureau):
    services.templates_install_defaults(bureau=bureau)
    client.force_login(bob)

    response = client.get(edit_url(fire_of(bureau)))

    assert response.context["form"]["items"].value() == "\n".join(DEFAULT_ITEMS[FocusArea.FIRE])
    assert "疏散通道、安全出口畅通，无堵塞、锁闭" in response.content.decode()


def test_bob_edits_a_checklist(client, bob, bureau):
    services.templates_install_defaults(bureau=bureau)
    fire = fire_of(bureau)
    client.force_login(bob)

    response = client.post(
        edit_url(fire),
        {
            "title": "消防安全专项检查表",
            "items": "  灭火器在有效期内 \n\n疏散通道畅通\r\n消防控制室有人值班\n",
        },
    )

    assert response.status_code == 302
    assert response.url == TEMPLATES
    fire.refresh_from_db()
    assert fire.title == "消防安全专项检查表"
    assert [i.text for i in fire.items.order_by("order")] == [
        "灭火器在有效期内",
        "疏散通道畅通",
        "消防控制室有人值班",
    ]


@pytest.mark.parametrize(("items", "error"), [("\n  \n", "items"), ("很长" * 101, "items")])
def test_it_refuses_an_empty_list_or_an_item_too_long(client, bob, bureau, items, error):
    services.templates_install_defaults(bureau=bureau)
    fire = fire_of(bureau)
    client.force_login(bob)

    response = client.post(edit_url(fire), {"title": "消防", "items": items})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [error]
    assert [i.text for i in fire.items.order_by("order")] == DEFAULT_ITEMS[FocusArea.FIRE]


def test_only_the_bureau_admin_edits_checklists(client, inspector, alice, principal, bureau):
    services.templates_install_defaults(bureau=bureau)
    fire = fire_of(bureau)

    for user in (inspector, alice, principal):
        client.force_login(user)
        assert client.get(TEMPLATES).status_code == 403
        assert client.get(edit_url(fire)).status_code == 403
        assert client.post(edit_url(fire), {"title": "改", "items": "改"}).status_code == 403
    assert [i.text for i in fire.items.order_by("order")] == DEFAULT_ITEMS[FocusArea.FIRE]


def test_another_bureaus_checklist_is_404(client, bob):
    other = BureauFactory()
    services.templates_install_defaults(bureau=other)
    client.force_login(bob)

    assert client.get(edit_url(fire_of(other))).status_code == 404
    assert client.post(edit_url(fire_of(other)), {"title": "改", "items": "改"}).status_code == 404
