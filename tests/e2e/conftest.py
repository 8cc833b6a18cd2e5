"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium, installed by `make test`)."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = ROOT / os.environ.get("SCREENSHOT_DIR", "build/screenshots")
DEMO_PASSWORD = "Demo@2026"

# Playwright's sync API keeps an event loop in the test thread, where fixtures use the ORM; set
# before any fixture runs (a function-scoped fixture is too late for database set-up and teardown).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: `make test` installs it from the system packages")
    return {
        "executable_path": str(CHROMIUM),
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }  # fmt: skip


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "zh-CN", "timezone_id": "Asia/Shanghai", "viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=StringIO())


@pytest.fixture
def login(page, live_server):
    def _login(username, password=DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("登录名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        return page

    return _login


def screenshot(page, name, *, width=None):
    """Save a full-page screenshot; with `width`, at that viewport width (390 = a phone)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    if width:
        page.set_viewport_size({"width": width, "height": 844})
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)
