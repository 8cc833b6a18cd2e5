"""The main journeys of the portal's two kinds of user, for the bounded load run of `make bench`.

A school safety officer: home, hazard ledger, a hazard's page, recording a hazard (with a photo),
an incident's first report, the duty roster. A bureau user: the campaign dashboard, a school's page,
the hazard ledger, the submission board, and the campaign workbook — started once per user and polled
as the page does. Each simulated user logs in once with its own account from the file that
`benchmarks/run.py` writes (LOAD_ACCOUNTS). Every response's status is counted by journey step into
LOAD_STATUS_FILE, so the run can insist on zero server errors (status ≥ 500, or no response at all).
"""

import itertools
import json
import os
import random
import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import gevent
from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(open(os.environ["LOAD_ACCOUNTS"]).read())  # noqa: SIM115 — read once at import
BEIJING = ZoneInfo("Asia/Shanghai")
HAZARD_LINK = re.compile(r'href="/hazards/(\d+)/"')
SCHOOL_LINK = re.compile(r'href="/campaigns/\d+/schools/(\d+)/"')
POLLS_PER_VISIT = 4  # the export page asks every 1.5 s; a user looks at it for about six seconds


def _photo():
    """A small real JPEG, as a phone would send (the portal re-encodes it and makes a thumbnail)."""
    from PIL import Image

    stream = BytesIO()
    Image.new("RGB", (640, 480), (180, 60, 40)).save(stream, "JPEG", quality=85)
    return stream.getvalue()


PHOTO = _photo()

# --- Status counts -------------------------------------------------------------------------------

statuses = defaultdict(Counter)  # journey step → {status: count}; 0 means no response


@events.request.add_listener
def _count(name, response, exception, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    statuses[name][str(status)] += 1


@events.quitting.add_listener
def _write_statuses(**kwargs):
    path = os.environ.get("LOAD_STATUS_FILE")
    if path:
        with open(path, "w") as handle:
            json.dump({name: dict(counts) for name, counts in statuses.items()}, handle, indent=1)


# --- Users ---------------------------------------------------------------------------------------


def _now_local():
    return datetime.now(BEIJING).replace(second=0, microsecond=0)


class _Portal(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    accounts: list = []
    numbers = itertools.count()

    def on_start(self):
        account = self.accounts[next(self.numbers) % len(self.accounts)]
        self.username, self.school = account["username"], account.get("school")
        self.campaign = ACCOUNTS["campaign"]
        self.client.get("/accounts/login/", name="log in (form)")
        form = {"username": self.username, "password": ACCOUNTS["password"]}
        form["csrfmiddlewaretoken"] = self._csrf()
        with self.client.post(
            "/accounts/login/", form, name="log in", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"log-in as {self.username} answered {response.status_code}")

    def _csrf(self):
        return self.client.cookies.get("csrftoken", "")

    def page(self, path, name, **kwargs):
        """GET a page; a redirect to the log-in page (a lost session) counts as a failure."""
        with self.client.get(path, name=name, catch_response=True, **kwargs) as response:
            if response.ok and "/accounts/login/" in response.url:
                response.failure("sent to the log-in page")
            return response.text if response.ok else ""

    def post(self, path, name, data, files=None):
        """POST a form that redirects when it is accepted; a form shown again is a failure."""
        data = {**data, "csrfmiddlewaretoken": self._csrf()}
        with self.client.post(
            path, data, files=files, name=name, allow_redirects=False, catch_response=True,
            headers={"Referer": f"{self.host}{path}"},
        ) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"answered {response.status_code}, not a redirect")
            return response.headers.get("Location", "")


class SchoolOfficer(_Portal):
    weight = 4
    accounts = ACCOUNTS["officers"]
    numbers = itertools.count()

    @task(4)
    def home(self):
        self.page("/", "officer: home")

    @task(3)
    def hazard_ledger_and_detail(self):
        ledger = self.page("/hazards/", "officer: hazard ledger")
        found = HAZARD_LINK.findall(ledger)
        if found:
            self.page(f"/hazards/{random.choice(found)}/", "officer: hazard detail")

    @task(1)
    def record_hazard(self):
        self.page("/hazards/new/", "officer: hazard form")
        now = _now_local()
        form = {
            "campaign": self.campaign, "area": "fire", "description": "负载测试：疏散通道堆放杂物",
            "location": "教学楼一层东侧", "source": "self_report", "found_by": "负载安全员",
            "found_at": (now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"), "severity": "general",
            "outcome": "plan", "interim_measures": "设置警示标志", "rectification_plan": "清理杂物",
            "responsible_person": "李副校长", "deadline": (now + timedelta(days=7)).strftime("%Y-%m-%d"),
        }  # fmt: skip
        files = {"found_photos": ("现场.jpg", PHOTO, "image/jpeg")}
        self.post("/hazards/new/", "officer: record a hazard", form, files=files)

    @task(1)
    def incident_first_report(self):
        self.page("/incidents/new/", "officer: incident form")
        now = _now_local()
        form = {
            "category": "injury", "severity": "general",
            "occurred_at": (now - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M"),
            "summary": "负载测试：学生课间摔伤，已送医", "reported_at": now.strftime("%Y-%m-%dT%H:%M"),
            "reported_by_name": "负载值班员", "received_by_name": "区教育局值班室",
        }  # fmt: skip
        self.post("/incidents/new/", "officer: incident first report", form)

    @task(1)
    def roster(self):
        """The campaign's "duty roster" button (it opens the school's copy), then the roster form."""
        editor = self.post(f"/campaigns/{self.campaign}/file/duty_roster/", "officer: open the roster", {})
        if editor:
            self.page(editor, "officer: duty roster")


class BureauUser(_Portal):
    weight = 1
    accounts = ACCOUNTS["bureau"]
    numbers = itertools.count()
    export = None  # the id of this user's workbook, once started
    downloaded = False
    ranked = ()  # the schools the dashboard links to

    @task(3)
    def dashboard(self):
        page = self.page(f"/campaigns/{self.campaign}/dashboard/", "bureau: dashboard")
        self.ranked = SCHOOL_LINK.findall(page) or self.ranked

    @task(2)
    def school_page(self):
        school = random.choice(self.ranked or ACCOUNTS["schools"])
        self.page(f"/campaigns/{self.campaign}/schools/{school}/", "bureau: school page")

    @task(2)
    def ledger(self):
        self.page("/hazards/?overdue=1", "bureau: hazard ledger")

    @task(2)
    def board(self):
        self.page(f"/campaigns/{self.campaign}/board/", "bureau: board")

    @task(1)
    def workbook(self):
        """Start the campaign workbook once, then watch its progress as the page's script does."""
        if self.export is None:
            location = self.post(f"/campaigns/{self.campaign}/exports/workbook/", "bureau: start export", {})
            self.export = location.rstrip("/").rsplit("/", 1)[-1] if location else None
            if self.export is None:
                return
            self.page(f"/exports/{self.export}/", "bureau: export page")
        for _ in range(POLLS_PER_VISIT):
            with self.client.get(
                f"/exports/{self.export}/?format=json", name="bureau: poll export", catch_response=True
            ) as response:
                state = response.json().get("state") if response.ok else None
            if state == "done" and not self.downloaded:
                self.downloaded = True
                self.client.get(f"/exports/{self.export}/download/", name="bureau: download workbook")
            if state in ("done", "failed", "expired"):
                break
            gevent.sleep(1.5)
