"""A school's tip-off poster: its QR code (an SVG drawn here, in the page — nothing fetched from
elsewhere) and the address of its public tip-off page, to print and put up at the school."""

import segno
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from schools.permissions import role_required

from .. import selectors, services
from ..permissions import POSTER_PRINTERS, READERS


def qr_svg(url):
    """The QR code of `url` as an inline SVG; sized by CSS (`.tipoff-qr svg`)."""
    code = segno.make(url, error="m")
    # segno writes the SVG itself from a URL we built: nothing in it comes from a user.
    return mark_safe(
        code.svg_inline(scale=4, border=4, dark="#000", light="#fff", omitsize=True, title=_("QR code"))
    )


@role_required(READERS)
@require_safe
def poster_list(request):
    """The bureau's schools, each with its poster."""
    return render(
        request, "tipoffs/poster_list.html", {"schools": selectors.poster_schools(user=request.user)}
    )


@role_required(POSTER_PRINTERS)
@require_safe
def poster(request, pk):
    school, link = selectors.link_for_user(request.user, pk)
    if link is None:
        # The link is made the first time the poster is asked for; asking again gives the same one.
        link = services.link_for(school=school)
    url = request.build_absolute_uri(reverse("tipoffs:file", kwargs={"token": link.token}))
    context = {"school": school, "url": url, "qr": qr_svg(url), "bureau": school.bureau}
    return render(request, "tipoffs/poster.html", context)
