"""Every URL of the portal, checked for who may reach it.

ROUTES lists each URL name with the roles that may use it and the record it points at. For every
route the tests check: anonymous → login; an insider without the role → 403; an outsider who has
the role but belongs to another school or bureau → 404 (or, for lists, sees none of the data); an
insider with the role → 200. A URL that is not in ROUTES fails `test_every_url_is_listed`: adding a
page means saying here who may see it.
"""

from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from duty import services as duty_services
from duty.models import IncidentAttachment
from duty.permissions import ACKNOWLEDGERS, INCIDENT_RECORDERS, INCIDENT_WRITERS
from plans.enums import DeliverableKind
from plans.permissions import FILERS, REVIEWERS, SIGNERS
from schools.enums import BUREAU_ROLES, SCHOOL_ROLES, Role
from tests.factories import BureauFactory, CampaignFactory, SchoolFactory, member, open_submission

ALL = BUREAU_ROLES | SCHOOL_ROLES
ADMIN = frozenset({Role.BUREAU_ADMIN})
SECRET = "甲校机密9527"  # appears only in school A's data; an outsider's page must not show it


@dataclass(frozen=True)
class Route:
    roles: frozenset = ALL
    target: str | None = None  # which record of unit A the URL points at (see `world.targets`)
    public: bool = False  # reachable without logging in (login page, language switch)
    method: str = "get"
    kwargs: dict = field(default_factory=dict)
    ok: int = 200  # what an allowed role gets (a POST action redirects back to its page)


ROUTES = {
    "home": Route(),
    "accounts:login": Route(public=True),
    "accounts:logout": Route(public=True, method="post"),
    "accounts:language": Route(public=True, method="post"),
    "accounts:password_change": Route(),
    "accounts:password_change_done": Route(),
    "schools:list": Route(roles=BUREAU_ROLES),
    "schools:create": Route(roles=ADMIN),
    "schools:import": Route(roles=ADMIN),
    "schools:import_template": Route(roles=ADMIN),
    "schools:detail": Route(target="school"),
    "schools:update": Route(roles=ADMIN, target="school"),
    "schools:members": Route(roles=ADMIN),
    "schools:member_create": Route(roles=ADMIN),
    "schools:member_update": Route(roles=ADMIN, target="membership"),
    "schools:member_password": Route(roles=ADMIN, target="membership"),
    "ops:status": Route(roles=ADMIN),
    "plans:campaign_list": Route(),
    "plans:campaign_create": Route(roles=ADMIN),
    "plans:campaign_detail": Route(target="campaign"),
    "plans:campaign_update": Route(roles=ADMIN, target="campaign"),
    "plans:board": Route(roles=BUREAU_ROLES, target="campaign"),
    "plans:board_export": Route(roles=BUREAU_ROLES, target="campaign"),
    "plans:deliverable_open": Route(
        roles=FILERS, target="campaign", method="post", kwargs={"kind": "work_plan"}, ok=302
    ),
    "plans:submission_detail": Route(target="work_plan"),
    "plans:submission_submit": Route(roles=FILERS, target="work_plan", method="post", ok=302),
    "plans:submission_review": Route(roles=REVIEWERS, target="work_plan", method="post", ok=302),
    "plans:work_plan_edit": Route(roles=FILERS, target="work_plan"),
    "plans:work_plan_sign": Route(roles=SIGNERS, target="work_plan", method="post", ok=302),
    "plans:work_plan_pdf": Route(target="work_plan"),
    "plans:work_plan_attachment": Route(target="work_plan"),
    "plans:summary_edit": Route(roles=FILERS, target="summary"),
    "duty:roster_edit": Route(roles=FILERS, target="roster"),
    "duty:roster_pdf": Route(target="roster"),
    "duty:roster_export": Route(target="roster"),
    "duty:campaign_rosters_export": Route(roles=BUREAU_ROLES, target="campaign"),
    "duty:on_duty_now": Route(roles=BUREAU_ROLES, target="campaign"),
    "duty:incident_list": Route(),
    "duty:incident_create": Route(roles=INCIDENT_RECORDERS),
    "duty:incident_export": Route(roles=BUREAU_ROLES),
    "duty:incident_detail": Route(target="incident"),
    "duty:incident_write": Route(roles=INCIDENT_WRITERS, target="incident"),
    "duty:incident_acknowledge": Route(roles=ACKNOWLEDGERS, target="incident", method="post", ok=302),
    "duty:incident_attachment": Route(target="incident_attachment"),
    "duty:rules": Route(roles=ADMIN),
}

# The Django admin has its own staff-only login and is not part of the portal's tenancy.
EXCLUDED_NAMESPACES = {"admin"}


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


class World:
    """Bureau A with schools A1 and A2, bureau B with school B1, and a user for every role."""

    def __init__(self):
        self.bureau_a, self.bureau_b = BureauFactory(), BureauFactory()
        self.school_a1 = SchoolFactory(bureau=self.bureau_a, name=SECRET)
        self.school_a2 = SchoolFactory(bureau=self.bureau_a)
        self.school_b1 = SchoolFactory(bureau=self.bureau_b)
        self.insiders, self.outsiders = {}, {}
        for role in ALL:
            bureau_role = role in BUREAU_ROLES
            self.insiders[role] = member(role, self.bureau_a if bureau_role else self.school_a1)
            # Outsiders: a bureau role of the other bureau; a school role of the neighbour school.
            self.outsiders[role] = member(role, self.bureau_b if bureau_role else self.school_a2)
        # The campaign covers A1 only, so the neighbour school A2 is an outsider to it too.
        campaign = CampaignFactory(bureau=self.bureau_a, name=f"{SECRET}专项行动", covers=[self.school_a1])
        work_plan = open_submission(campaign, self.school_a1, DeliverableKind.WORK_PLAN)
        work_plan.work_plan.attachment.save("plan.pdf", ContentFile(b"%PDF-1.4 minimal"))
        incident = duty_services.incident_report_first(
            school=self.school_a1, by=None, category="injury", severity="general",
            occurred_at=timezone.now(), summary=f"{SECRET}学生摔伤",
        )  # fmt: skip
        attachment = IncidentAttachment(incident=incident, name="report.pdf")
        attachment.file.save("report.pdf", ContentFile(b"%PDF-1.4 minimal"))
        self.targets = {
            "school": self.school_a1.pk,
            "membership": self.insiders[Role.SAFETY_OFFICER].membership.pk,
            "campaign": campaign.pk,
            "work_plan": work_plan.pk,
            "summary": open_submission(campaign, self.school_a1, DeliverableKind.SUMMARY).pk,
            "roster": open_submission(campaign, self.school_a1, DeliverableKind.DUTY_ROSTER).pk,
            "incident": incident.pk,
            "incident_attachment": attachment.pk,
        }

    def url(self, name):
        route = ROUTES[name]
        kwargs = dict(route.kwargs)
        if route.target:
            kwargs["pk"] = self.targets[route.target]
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def world(db):
    return World()


def _request(client, name, world):
    return getattr(client, ROUTES[name].method)(world.url(name))


def test_every_url_is_listed():
    names = set(_url_names())
    assert names - ROUTES.keys() == set(), "add these URLs to ROUTES in tests/test_tenancy.py"
    assert ROUTES.keys() - names == set(), "these ROUTES no longer exist"


PRIVATE = [name for name, route in ROUTES.items() if not route.public]


@pytest.mark.parametrize("name", PRIVATE)
def test_anonymous_is_sent_to_login(client, world, name):
    response = _request(client, name, world)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", PRIVATE)
def test_wrong_role_is_forbidden(client, world, name):
    refused = sorted(ALL - ROUTES[name].roles)
    for role in refused:
        client.force_login(world.insiders[role])
        response = _request(client, name, world)
        assert response.status_code == 403, f"{role} reached {name}"


@pytest.mark.parametrize("name", PRIVATE)
def test_allowed_role_gets_the_page(client, world, name):
    for role in sorted(ROUTES[name].roles):
        client.force_login(world.insiders[role])
        response = _request(client, name, world)
        assert response.status_code == ROUTES[name].ok, f"{role} could not use {name}"


@pytest.mark.parametrize("name", [n for n in PRIVATE if ROUTES[n].target])
def test_outsider_gets_404_for_a_record(client, world, name):
    for role in sorted(ROUTES[name].roles):
        client.force_login(world.outsiders[role])
        response = _request(client, name, world)
        assert response.status_code == 404, f"{role} of another unit reached {name}"


@pytest.mark.parametrize("name", [n for n in PRIVATE if not ROUTES[n].target])
def test_outsider_sees_none_of_the_data_in_a_page(client, world, name):
    for role in sorted(ROUTES[name].roles):
        client.force_login(world.outsiders[role])
        response = _request(client, name, world)
        assert response.status_code == ROUTES[name].ok
        assert SECRET not in response.content.decode(errors="replace"), f"{role} saw A's data on {name}"
