"""Error pages that tell a school user, in their language, what went wrong and what to do next."""

from django.core.exceptions import TooManyFilesSent
from django.shortcuts import render
from django.utils.translation import gettext as _


def bad_request(request, exception):
    if isinstance(exception, TooManyFilesSent):
        # Raised while Django reads the form, before any view runs: the form cannot be shown again.
        reason = _(
            "The form sent too many files at once. Go back, attach fewer photos or files "
            "(send the rest in a second step) and send it again."
        )
    else:
        reason = _("The request could not be understood. Go back and try again.")
    return render(request, "errors/400.html", {"reason": reason}, status=400)
