"""The main menu offers each role only pages that role may open."""

import re

import pytest

from schools.enums import Role
from tests.factories import SchoolFactory, member

NAV = re.compile(r'<nav class="navbar.*?</nav>', re.S)
LINK = re.compile(r'<a class="(?:nav-link|dropdown-item)[^"]*" href="(/[^"#]*)"')


def _menu_links(client):
    page = client.get("/").content.decode()
    return sorted(set(LINK.findall(NAV.search(page).group(0))))


@pytest.mark.parametrize("role", list(Role))
def test_it_offers_only_pages_the_role_may_open(client, db, role):
    school = SchoolFactory()
    user = member(role, school.bureau if role.startswith("bureau") else school)
    client.force_login(user)

    links = _menu_links(client)

    assert len(links) >= 5
    for href in links:
        assert client.get(href).status_code == 200, f"{role} is offered {href} but cannot open it"
