"""Mixed journeys for the load run: bureau staff on the dashboard, board and ledger; school safety
officers on their home, hazards and incidents. Loopback only; `make bench` bounds users and time."""

import random
import re

from locust import HttpUser, between, task

CAMPAIGN = re.compile(r"/campaigns/(\d+)/dashboard/")


class _LoggedIn(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    username = ""

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login page")
        token = (
            self.client.cookies.get("csrftoken")
            or re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        )
        form = {"username": self.username, "password": "Scale@2026", "csrfmiddlewaretoken": token}
        self.client.post(
            "/accounts/login/", form, headers={"Referer": f"{self.host}/accounts/login/"}, name="log in"
        )


class Bureau(_LoggedIn):
    weight = 1
    username = "scale-admin"

    def on_start(self):
        super().on_start()
        home = self.client.get("/", name="home (bureau)").text
        match = CAMPAIGN.search(home)
        self.campaign = match[1] if match else "1"

    @task(3)
    def dashboard(self):
        self.client.get(f"/campaigns/{self.campaign}/dashboard/", name="dashboard")

    @task(2)
    def board(self):
        self.client.get(f"/campaigns/{self.campaign}/board/", name="board")

    @task(2)
    def ledger(self):
        self.client.get("/hazards/?overdue=1", name="hazard ledger")


class School(_LoggedIn):
    weight = 3

    def on_start(self):
        self.username = f"scale-officer-{random.randint(1, 3000)}"
        super().on_start()

    @task(3)
    def home(self):
        self.client.get("/", name="home (school)")

    @task(2)
    def hazards(self):
        self.client.get("/hazards/", name="hazards (school)")

    @task(1)
    def incidents(self):
        self.client.get("/incidents/", name="incidents (school)")
