"""The Content-Security-Policy: sent on every page, strict, and kept by every template.

The policy allows no inline script or style, so a template with `<script>…</script>`, `<style>`, a
`style="…"` or `on…="…"` attribute, or a `javascript:` link would be broken in the browser. The scan
below reads every template we serve — ours, whatever app added them, and the third-party form
templates our pages render (crispy-bootstrap5, Django's form widgets, the captcha widget) — so a new
template is checked the day it arrives. tests/e2e/test_csp.py watches real pages in Chromium.
"""

import re
from pathlib import Path

import captcha
import crispy_bootstrap5
import django
import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
THIRD_PARTY = [
    Path(crispy_bootstrap5.__file__).parent / "templates",
    Path(django.__file__).parent / "forms" / "templates",
    Path(captcha.__file__).parent / "templates",
]

# A start tag: its name and attributes, where quoted values may hold ">" or template tags.
START_TAG = re.compile(r"<(?P<name>[a-zA-Z][\w:-]*)(?P<attrs>(?:\"[^\"]*\"|'[^']*'|[^'\">])*)>", re.S)
SCRIPT = re.compile(
    r"<script\b(?P<attrs>(?:\"[^\"]*\"|'[^']*'|[^'\">])*)>(?P<body>.*?)</script\s*>", re.S | re.I
)
INLINE_ATTRIBUTE = re.compile(r"(?:^|[\s\"'])(?P<attr>style|on[a-z]+)\s*=", re.I)
DATA_BLOCK = re.compile(r"\btype\s*=\s*[\"']application/(ld\+)?json[\"']", re.I)


def template_files():
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    folders += [path for path in ROOT.glob("*/templates") if ".venv" not in path.parts]
    folders += THIRD_PARTY
    files = sorted(
        {path for folder in folders for path in folder.rglob("*") if path.suffix in {".html", ".svg"}}
    )
    return files


def inline_code(text):
    """Every piece of `text` that a CSP without 'unsafe-inline' would block, as short descriptions."""
    found = []
    for match in SCRIPT.finditer(text):
        attrs, body = match["attrs"], match["body"]
        if DATA_BLOCK.search(attrs):
            continue
        if not re.search(r"\bsrc\s*=", attrs) or body.strip():
            found.append(f"inline <script>: {match[0][:80]!r}")
    found += [f"<style> element: {match[0][:80]!r}" for match in re.finditer(r"<style\b[^>]*>", text, re.I)]
    for tag in START_TAG.finditer(text):
        for attribute in INLINE_ATTRIBUTE.finditer(tag["attrs"]):
            found.append(f"{attribute['attr']}= on <{tag['name']}>: {tag[0][:80]!r}")
    found += [f"javascript: URL: {match[0]!r}" for match in re.finditer(r"javascript:[^\"'\s]*", text, re.I)]
    return found


def test_the_scan_sees_every_kind_of_inline_code():
    """The scanner itself, on markup that must and must not be reported."""
    bad = [
        "<script>alert(1)</script>",
        "<script src=\"{% static 'a.js' %}\">alert(1)</script>",
        "<style>p { color: red }</style>",
        '<div class="x" style="width: {{ w }}%">',
        '<button\n  type="button"\n  onclick="go()">',
        '<a href="javascript:void(0)">',
        '<svg><rect style="fill: red"/></svg>',
    ]
    good = [
        "<script src=\"{% static 'js/roster.js' %}\"></script>",
        '<script id="django-admin-x"\n        src="/static/a.js"\n        data-x="1">\n</script>',
        '<script id="data" type="application/json">{"a": 1}</script>',
        '<a href="{% url \'x\' %}" data-bs-toggle="dropdown" data-onload="x" class="btn">',
        "<p>Styles and onboarding = fine in text</p>",
        '<input type="text" value="{% if a %}style=x{% endif %}">',
    ]
    assert all(inline_code(markup) for markup in bad), [m for m in bad if not inline_code(m)]
    assert not any(inline_code(markup) for markup in good), [inline_code(m) for m in good]


def test_every_template_is_free_of_inline_script_and_style():
    files = template_files()
    assert any(path.is_relative_to(ROOT / "templates") for path in files)
    assert any("crispy_bootstrap5" in path.parts for path in files)
    problems = [
        f"{path.relative_to(path.anchor)}: {problem}"
        for path in files
        for problem in inline_code(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert problems == [], "\n".join(problems)


def _policy(response):
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = set(values)
    return directives


@pytest.mark.parametrize("logged_in", [False, True])
def test_pages_are_sent_with_a_strict_policy(client, alice, logged_in):
    if logged_in:
        client.force_login(alice)
    response = client.get(reverse("home") if logged_in else reverse("accounts:login"))
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == {"'self'"}
    for directive in ("script-src", "style-src"):
        assert policy[directive] == {"'self'"}, directive
    assert not any("unsafe" in value for values in policy.values() for value in values)
    assert policy["img-src"] == {"'self'", "data:"}
    assert policy["object-src"] == {"'none'"}
    assert policy["frame-ancestors"] == {"'none'"}
    assert policy["form-action"] == {"'self'"}
    assert policy["base-uri"] == {"'self'"}
    assert "Content-Security-Policy-Report-Only" not in response.headers


def test_an_error_page_is_sent_with_the_policy_too(client, alice):
    client.force_login(alice)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
