"""PDFs from Django templates with WeasyPrint, fetching nothing but our own static files.

The HTML of a PDF carries user text. Autoescaping keeps that text from becoming markup, and the URL
fetcher is the second lock: whatever URL reaches WeasyPrint — from a template, a stylesheet or a
slip in escaping — it may load only a file that `django.contrib.staticfiles` would serve, or a
`data:` URL. No network (a PDF must not become a way to probe the intranet) and no arbitrary
`file://` path (it must not become a way to print /etc/passwd).
"""

import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in the HTML ({% static %} gives "/static/…") resolve against this made-up origin.
# It is fixed rather than taken from the request because the Host header is the client's to choose.
BASE_URL = "https://portal.invalid/"


class RefusedURL(ValueError):
    """The PDF asked for something outside our static files."""


def _static_name(url):
    """The static file's name ("css/print.css") that `url` points at, or None if it is anything else."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    prefix = urlsplit(settings.STATIC_URL).path
    prefix = "/" + prefix.strip("/") + "/"
    # Normalise before the prefix check, so "/static/../../etc/passwd" cannot climb out.
    path = posixpath.normpath(unquote(parts.path))
    if "\x00" in path or not path.startswith(prefix):
        return None
    return path[len(prefix) :]


def _static_path(name):
    """The file on disk for a static file name: the source (finders) or, failing that, the collected copy."""
    found = finders.find(name)
    if found:
        return found
    # With a manifest storage {% static %} gives hashed names, which only the collected copy has.
    if staticfiles_storage.exists(name):
        return staticfiles_storage.path(name)
    return None


class StaticFilesURLFetcher(URLFetcher):
    """Serve our static files and `data:` URLs; refuse every other URL without touching it."""

    def __init__(self):
        # The parent's own opener is used for data: URLs only; the protocol list makes sure of it.
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=5)

    def fetch(self, url, headers=None):
        if urlsplit(url).scheme.lower() == "data":
            return super().fetch(url, headers)
        name = _static_name(url)
        path = _static_path(name) if name else None
        if path is None:
            raise RefusedURL(f"Only the portal's static files may appear in a PDF, not {url[:200]!r}")
        with open(path, "rb") as file:
            body = file.read()
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def html_to_pdf(html) -> bytes:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesURLFetcher()).write_pdf()


def render_pdf(template_name, context, *, request=None) -> bytes:
    """Render a Django template (autoescaped as any page) and print it to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context, request=request))
