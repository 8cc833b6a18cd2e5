"""Every URL of the portal, checked for who may reach it.

ROUTES lists each URL name with the roles that may use it and the record it points at. For every
route the tests check: anonymous → login; an insider without the role → 403; an outsider who has
the role but belongs to another school or bureau → 404 (or, for lists, sees none of the data); an
insider with the role → 200. A URL that is not in ROUTES fails `test_every_url_is_listed`: adding a
page means saying here who may see it.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from duty import services as duty_services
from duty.models import IncidentAttachment
from duty.permissions import ACKNOWLEDGERS, INCIDENT_RECORDERS, INCIDENT_WRITERS
from hazards import services as hazard_services
from hazards.permissions import RECORDERS, RECTIFIERS, VERIFIERS, WATCHERS
from inspections import services as inspection_services
from inspections.permissions import BUREAU_INSPECTORS, INSPECTORS, SELF_INSPECTORS
from notifications.models import Notification
from plans.enums import DeliverableKind
from plans.permissions import FILERS, REVIEWERS, SIGNERS
from reports.models import ExportJob
from schools.enums import BUREAU_ROLES, Role
from tests.factories import (
    BureauFactory,
    CampaignFactory,
    SchoolFactory,
    hazard,
    member,
    open_submission,
    photo,
)
from tests.tenancy import (
    ADMIN,
    ALL,
    SECRET,
    Route,
    accountability,
    activities,
    audit,
    petitions,
    security,
    tipoffs,
)

ROUTES = {
    "home": Route(),
    "accounts:login": Route(public=True),
    "accounts:logout": Route(public=True, method="post"),
    "accounts:language": Route(public=True, method="post"),
    "accounts:password_change": Route(),
    "accounts:password_change_done": Route(),
    "accounts:login_code": Route(public=True),  # the second log-in step, before the session is verified
    "accounts:two_factor": Route(roles=BUREAU_ROLES),
    "accounts:two_factor_disable": Route(roles=BUREAU_ROLES, method="post", ok=302),
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
    "inspections:list": Route(),
    "inspections:create": Route(roles=INSPECTORS),
    "inspections:detail": Route(target="inspection"),
    "inspections:fill": Route(roles=SELF_INSPECTORS, target="inspection"),
    "inspections:finish": Route(roles=SELF_INSPECTORS, target="inspection", method="post", ok=302),
    "inspections:publish": Route(roles=BUREAU_INSPECTORS, target="visit", method="post", ok=302),
    "inspections:photo": Route(target="inspection_photo"),
    "inspections:templates": Route(roles=ADMIN),
    "inspections:template_edit": Route(roles=ADMIN, target="checklist"),
    "hazards:ledger": Route(),
    "hazards:export": Route(),
    "hazards:create": Route(roles=RECORDERS),
    "hazards:detail": Route(target="hazard"),
    "hazards:plan": Route(roles=RECTIFIERS, target="reported_hazard"),
    "hazards:rectify": Route(roles=RECTIFIERS, target="hazard", method="post", ok=302),
    "hazards:verify": Route(roles=VERIFIERS, target="hazard", method="post", ok=302),
    "hazards:supervise": Route(roles=VERIFIERS, target="hazard", method="post", ok=302),
    "hazards:watch": Route(roles=WATCHERS, target="hazard", method="post", ok=302),
    "hazards:extension": Route(roles=RECTIFIERS, target="hazard"),
    "hazards:recheck": Route(roles=VERIFIERS, target="hazard", method="post", ok=302),
    "hazards:extension_decide": Route(roles=VERIFIERS, target="extension", method="post", ok=302),
    "hazards:photo": Route(target="hazard_photo"),
    "notifications:list": Route(),
    "notifications:read": Route(target="notification", personal=True, method="post", ok=302),
    "notifications:read_all": Route(method="post", ok=302),
    "notifications:preferences": Route(),
    "reports:dashboard": Route(roles=BUREAU_ROLES, target="campaign"),
    "reports:school_page": Route(target="campaign", kwargs={"school_pk": "@school"}),
    "reports:export_start": Route(
        roles=BUREAU_ROLES, target="campaign", method="post", kwargs={"kind": "workbook"}, ok=302
    ),
    "reports:export_status": Route(roles=BUREAU_ROLES, target="export_job"),
    "reports:export_download": Route(roles=BUREAU_ROLES, target="export_job"),
}

# Apps added after the first ones keep their routes and records beside this file.
PARTS = (activities, security, petitions, tipoffs, accountability, audit)
for _part in PARTS:
    ROUTES |= _part.ROUTES

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
        self.targets = {**self._inspection_targets(), **self._hazard_targets()}
        self.personal = {user.pk: self._notification(user).pk for user in self.insiders.values()}
        self.targets["notification"] = self.personal[self.insiders[Role.SAFETY_OFFICER].pk]
        self.targets |= {
            "school": self.school_a1.pk,
            "membership": self.insiders[Role.SAFETY_OFFICER].membership.pk,
            "campaign": campaign.pk,
            "work_plan": work_plan.pk,
            "summary": open_submission(campaign, self.school_a1, DeliverableKind.SUMMARY).pk,
            "roster": open_submission(campaign, self.school_a1, DeliverableKind.DUTY_ROSTER).pk,
            "incident": incident.pk,
            "incident_attachment": attachment.pk,
            "export_job": self._export_job(campaign).pk,
        }
        self.campaign = campaign
        for part in PARTS:
            self.targets |= part.targets(self)

    def _export_job(self, campaign):
        """A finished campaign workbook of bureau A whose file has not expired yet."""
        job = ExportJob(
            campaign=campaign, kind="workbook", requested_by=self.insiders[Role.BUREAU_ADMIN], state="done",
            progress=100, filename=f"{SECRET}.xlsx", expires_at=timezone.now() + datetime.timedelta(hours=1),
        )  # fmt: skip
        job.file.save("export.xlsx", ContentFile(b"PK\x03\x04 minimal"))
        return job

    @staticmethod
    def _notification(user):
        return Notification.objects.create(
            recipient=user,
            digest_key=f"tenancy:{user.pk}",
            title=f"{SECRET}提醒",
            lines=[{"text": SECRET, "url": ""}],
        )

    def _inspection_targets(self):
        inspection_services.templates_install_defaults(bureau=self.bureau_a)
        principal = self.insiders[Role.PRINCIPAL]
        inspection = inspection_services.inspection_start(
            school=self.school_a1, by=principal, kind="self", date=timezone.localdate(), areas=["fire"],
            leader=principal,
        )  # fmt: skip
        item = inspection.items.first()
        inspection_services.inspection_record(inspection=inspection, results={}, photos={item.pk: [photo()]})
        visit = inspection_services.inspection_start(
            school=self.school_a1, by=self.insiders[Role.BUREAU_INSPECTOR], kind="unannounced",
            date=timezone.localdate(), areas=["fire"], leader_name="暗访组",
        )  # fmt: skip
        return {
            "inspection": inspection.pk,
            "inspection_photo": item.photos.get().pk,
            "visit": visit.pk,
            "checklist": self.bureau_a.checklists.first().pk,
        }

    def _hazard_targets(self):
        """A major hazard under rectification, with a photo and a pending extension request."""
        officer = self.insiders[Role.SAFETY_OFFICER]
        details = {"area": "electrical", "description": f"{SECRET}配电箱未上锁", "location": "配电室",
                   "source": "self_report", "found_by": "张安全", "found_at": timezone.now(),
                   "severity": "major"}  # fmt: skip
        plan = {"interim_measures": "设置警示", "rectification_plan": "加锁", "responsible_person": "赵电工",
                "deadline": timezone.localdate() + datetime.timedelta(days=7)}  # fmt: skip
        found = hazard_services.hazard_record(
            school=self.school_a1, by=officer, details=details, plan=plan, found_photos=[photo()]
        )
        request = hazard_services.extension_request(
            hazard=found,
            by=officer,
            requested_deadline=found.deadline + datetime.timedelta(days=7),
            reason="待料",
        )
        return {
            "hazard": found.pk,
            "hazard_photo": found.photos.get().pk,
            "extension": request.pk,
            "reported_hazard": hazard(self.school_a1, by=officer, state="reported").pk,
        }

    def url(self, name, user=None):
        route = ROUTES[name]
        # "@name" in a route's kwargs stands for the pk of that target of school A1.
        kwargs = {key: self.targets[value[1:]] if str(value).startswith("@") else value
                  for key, value in route.kwargs.items()}  # fmt: skip
        if route.personal and user is not None and user.pk in self.personal:
            kwargs["pk"] = self.personal[user.pk]
        elif route.target:
            kwargs["pk"] = self.targets[route.target]
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def world(db):
    return World()


def _request(client, name, world, user=None):
    if user is not None:
        client.force_login(user)
    return getattr(client, ROUTES[name].method)(world.url(name, user))


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
        response = _request(client, name, world, world.insiders[role])
        assert response.status_code == 403, f"{role} reached {name}"


@pytest.mark.parametrize("name", PRIVATE)
def test_allowed_role_gets_the_page(client, world, name):
    for role in sorted(ROUTES[name].roles):
        response = _request(client, name, world, world.insiders[role])
        assert response.status_code == ROUTES[name].ok, f"{role} could not use {name}"


@pytest.mark.parametrize("name", [n for n in PRIVATE if ROUTES[n].target])
def test_outsider_gets_404_for_a_record(client, world, name):
    for role in sorted(ROUTES[name].roles):
        client.force_login(world.outsiders[role])
        response = _request(client, name, world)  # the insider's record, not the outsider's own
        assert response.status_code == 404, f"{role} of another unit reached {name}"


@pytest.mark.parametrize("name", [n for n in PRIVATE if not ROUTES[n].target])
def test_outsider_sees_none_of_the_data_in_a_page(client, world, name):
    for role in sorted(ROUTES[name].roles):
        response = _request(client, name, world, world.outsiders[role])
        assert response.status_code == ROUTES[name].ok
        assert SECRET not in response.content.decode(errors="replace"), f"{role} saw A's data on {name}"
