"""Hostile text in every text field, through every export and PDF (issue 9.6).

The tenancy test's world holds a record of every kind; here every free-text column of every table of
ours is overwritten with text that tries to be a spreadsheet formula, to break the file with control
characters, to become HTML or script, and to make WeasyPrint fetch `file://` and loopback URLs. Then
every URL that answers with an .xlsx or a .pdf, and both campaign export jobs, are built and read
back: each must open, hold no formula, and have fetched nothing but our own static files.
"""

import subprocess
from io import BytesIO

import pytest
from django.apps import apps
from django.db import models
from django.urls import get_resolver
from openpyxl import load_workbook

from common import pdf as pdf_module
from reports import services as report_services
from reports.models import ExportJob, ExportKind, ExportState
from schools.enums import Role
from tests.test_tenancy import ROUTES, World

HOSTILE = (
    "=HYPERLINK(\"http://127.0.0.1:8000/steal\",\"点我\")\x01\x07\x1b "
    "<script>alert('xss')</script><img src=\"file:///etc/passwd\">"
    "<link rel=\"stylesheet\" href=\"http://localhost:8000/x.css\">"
    "<iframe src=\"http://169.254.169.254/latest\"></iframe>"
    "<style>@import url(file:///etc/shadow);</style>{{ 7|add:7 }}{% now 'Y' %}"
)  # fmt: skip
FORBIDDEN_URL_PARTS = ("127.0.0.1", "localhost", "169.254", "file:", "steal")
OUR_APPS = {
    "accounts", "schools", "plans", "duty", "inspections", "hazards", "activities", "security", "petitions",
    "tipoffs", "accountability", "notifications", "reports",
}  # fmt: skip
SKIPPED_FIELDS = {"password", "username", "digest_key", "token", "key_hash", "filename", "language"}


def _unique_fields(model):
    names = {field.name for field in model._meta.fields if field.unique}
    for constraint in model._meta.constraints:
        names |= set(getattr(constraint, "fields", ()))
    for together in model._meta.unique_together:
        names |= set(together)
    return names


def _text_fields(model):
    unique = _unique_fields(model)
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.FileField)
            and not field.choices
            and field.name not in unique
            and field.name not in SKIPPED_FIELDS
            and not field.name.endswith(("_hash", "_token"))
        ):
            yield field


def poison_every_text_field():
    """Overwrite every free-text column of our tables with HOSTILE (cut to the column's length)."""
    poisoned = 0
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model._meta.proxy:
            continue
        values = {field.name: HOSTILE[: field.max_length] for field in _text_fields(model)}
        if values:
            poisoned += model._default_manager.update(**values)
    return poisoned


def _export_routes():
    """The names of the URLs whose path ends in .xlsx or .pdf: every export and PDF of the portal."""
    names = []
    for name in ROUTES:
        pattern = _pattern(name)
        if pattern.endswith((".xlsx", ".pdf")):
            names.append(name)
    return sorted(names)


def _pattern(name):
    namespace, _, short = name.rpartition(":")
    resolver = get_resolver()
    if namespace:
        resolver = resolver.namespace_dict[namespace][1]
    for pattern in resolver.url_patterns:
        if getattr(pattern, "name", None) == short:
            return str(pattern.pattern)
    return ""


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asks for while the test runs."""
    urls = []
    original = pdf_module.StaticFilesURLFetcher.fetch

    def recording(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf_module.StaticFilesURLFetcher, "fetch", recording)
    return urls


@pytest.fixture
def world(db):
    world = World()
    assert poison_every_text_field() > 20
    return world


def _user_for(world, name):
    roles = ROUTES[name].roles
    for role in (Role.BUREAU_ADMIN, Role.PRINCIPAL, *sorted(roles)):
        if role in roles:
            return world.insiders[role]
    raise AssertionError(f"nobody may use {name}")


def _check_workbook(data):
    workbook = load_workbook(BytesIO(data))  # the file opens: nothing broke it
    cells = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cells += 1
                    assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                    if cell.value.startswith(("=", "+", "-", "@")):  # text, and stays text when edited
                        assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate} can become a formula"
                    assert not any(ord(char) < 32 and char not in "\t\n\r" for char in cell.value)
    return cells


def _pdf_text(data):
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def _check_pdf(data, fetched):
    assert data.startswith(b"%PDF-")
    assert "<script>" in _pdf_text(data)  # printed as the text it is
    for url in fetched:
        assert not any(part in url for part in FORBIDDEN_URL_PARTS), f"the PDF fetched {url}"


def test_every_export_route_is_found():
    names = _export_routes()
    assert "hazards:export" in names and "plans:work_plan_pdf" in names and "duty:roster_pdf" in names


@pytest.mark.parametrize("name", _export_routes())
def test_it_writes_hostile_text_into_an_export_as_inert_text(client, world, fetched, name):
    user = _user_for(world, name)
    client.force_login(user)

    response = client.get(world.url(name, user))

    assert response.status_code == 200, name
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if _pattern(name).endswith(".xlsx"):
        assert _check_workbook(data) > 0
    else:
        _check_pdf(data, fetched)


@pytest.mark.parametrize("kind", [ExportKind.WORKBOOK, ExportKind.SUMMARY])
def test_it_builds_the_campaign_exports_from_hostile_text(world, fetched, kind):
    admin = world.insiders[Role.BUREAU_ADMIN]
    campaign = world.campaign
    job = ExportJob.objects.create(campaign=campaign, kind=kind, requested_by=admin, language="zh-hans")

    report_services.export_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.state == ExportState.DONE, job.message
    data = job.file.read()
    if kind == ExportKind.WORKBOOK:
        assert _check_workbook(data) > 0
    else:
        _check_pdf(data, fetched)
