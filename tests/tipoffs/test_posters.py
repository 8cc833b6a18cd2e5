"""The printable poster: the school's QR code as an SVG in the page, leading to its own public page
by an unguessable token (not the school's number)."""

import re

import segno
from django.urls import reverse

from tests.factories import SchoolFactory
from tipoffs.models import TipOffLink


def test_a_principal_prints_the_poster_of_the_school(client, principal, school):
    client.force_login(principal)
    response = client.get(reverse("tipoffs:poster", args=[school.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    token = TipOffLink.objects.get(school=school).token
    url = f"http://testserver/tip-off/{token}/"
    assert url in page
    assert not token.isdigit() and len(token) >= 20  # random, not the school's pk
    # The QR code is drawn into the page (no image fetched from anywhere), and it encodes that URL.
    svg = re.search(r"<svg.*?</svg>", page, re.S).group()
    expected = segno.make(url, error="m").svg_inline(
        scale=4, border=4, dark="#000", light="#fff", omitsize=True
    )
    assert re.search(r'd="([^"]+)"', svg).group(1) == re.search(r'd="([^"]+)"', expected).group(1)
    assert "<img" not in page.split("tipoff-poster")[1].split("</article>")[0]


def test_the_poster_keeps_its_address(client, alice, school):
    client.force_login(alice)
    first = client.get(reverse("tipoffs:poster", args=[school.pk])).content
    second = client.get(reverse("tipoffs:poster", args=[school.pk])).content
    assert TipOffLink.objects.count() == 1
    assert re.search(rb"/tip-off/[\w-]+/", first).group() == re.search(rb"/tip-off/[\w-]+/", second).group()


def test_each_school_has_its_own_address(client, bob, school, charlie):
    client.force_login(bob)
    client.get(reverse("tipoffs:poster", args=[school.pk]))
    client.get(reverse("tipoffs:poster", args=[charlie.membership.school_id]))
    assert len(set(TipOffLink.objects.values_list("token", flat=True))) == 2


def test_the_bureau_prints_any_of_its_schools_but_no_other(client, bob, school):
    client.force_login(bob)
    listed = client.get(reverse("tipoffs:posters")).content.decode()
    assert reverse("tipoffs:poster", args=[school.pk]) in listed
    other = SchoolFactory()
    assert reverse("tipoffs:poster", args=[other.pk]) not in listed
    assert client.get(reverse("tipoffs:poster", args=[other.pk])).status_code == 404


def test_a_school_cannot_print_another_schools_poster(client, alice, charlie):
    client.force_login(alice)
    assert client.get(reverse("tipoffs:poster", args=[charlie.membership.school_id])).status_code == 404
    assert not TipOffLink.objects.exists()


def test_the_posters_qr_code_opens_the_schools_form(client, alice, school):
    client.force_login(alice)
    page = client.get(reverse("tipoffs:poster", args=[school.pk])).content.decode()
    path = re.search(r"http://testserver(/tip-off/[\w-]+/)", page).group(1)
    client.logout()
    response = client.get(path)
    assert response.status_code == 200 and school.name in response.content.decode()
