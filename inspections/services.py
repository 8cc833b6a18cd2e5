"""Every write to checklists and inspections (R3)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.enums import FocusArea
from plans.services import TransitionError
from schools.enums import Role
from schools.models import Membership

from .checklists import DEFAULT_ITEMS
from .enums import InspectionKind, InspectionState
from .models import ChecklistItem, ChecklistTemplate, Inspection, InspectionItem, InspectionPhoto

EDITABLE = (InspectionState.PLANNED, InspectionState.IN_PROGRESS)


@transaction.atomic
def templates_install_defaults(*, bureau):
    """Give a bureau a checklist for every focus area it does not have yet."""
    for area, texts in DEFAULT_ITEMS.items():
        template, created = ChecklistTemplate.objects.get_or_create(
            bureau=bureau, area=area, defaults={"title": str(FocusArea(area).label)}
        )
        if created:
            ChecklistItem.objects.bulk_create(
                ChecklistItem(template=template, text=text, order=index) for index, text in enumerate(texts)
            )


@transaction.atomic
def template_save(*, template, title, items):
    """Replace a checklist's items. Inspections already begun keep the items they copied."""
    template.title = title
    template.save(update_fields=["title"])
    template.items.all().delete()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(template=template, text=text.strip(), order=index)
        for index, text in enumerate(items)
        if text.strip()
    )
    return template


def _check_leader(kind, school, leader):
    """ "一把手要亲自…带队开展检查": a self-inspection is led by the school's own principal."""
    if kind != InspectionKind.SELF:
        return
    is_principal = Membership.objects.filter(
        user=leader, school=school, role=Role.PRINCIPAL, user__is_active=True
    ).exists()
    if leader is None or not is_principal:
        raise TransitionError(_("A self-inspection must be led by the school's principal."))


@transaction.atomic
def inspection_start(*, school, by, kind, date, areas, leader=None, leader_name="", team="", campaign=None):
    """Begin an inspection with a copy of the bureau's check items for the chosen areas."""
    if not areas:
        raise TransitionError(_("Choose at least one area to inspect."))
    _check_leader(kind, school, leader)
    state = InspectionState.PLANNED if kind == InspectionKind.UNANNOUNCED else InspectionState.IN_PROGRESS
    inspection = Inspection.objects.create(
        school=school, campaign=campaign, kind=kind, state=state, date=date, leader=leader,
        leader_name=leader_name or (leader.get_full_name() if leader else ""), team=team, areas=list(areas),
        created_by=by,
    )  # fmt: skip
    items = ChecklistItem.objects.filter(
        template__bureau=school.bureau, template__area__in=areas, template__is_active=True, is_active=True
    ).select_related("template")
    ordered = sorted(items, key=lambda item: (list(areas).index(item.template.area), item.order, item.pk))
    InspectionItem.objects.bulk_create(
        InspectionItem(inspection=inspection, area=item.template.area, text=item.text, order=index)
        for index, item in enumerate(ordered)
    )
    return inspection


def _ensure_editable(inspection):
    state = Inspection.objects.select_for_update().filter(pk=inspection.pk).values_list("state", flat=True)
    if state.first() not in EDITABLE:
        raise TransitionError(_("This inspection is finished and can no longer be changed."))


@transaction.atomic
def inspection_record(*, inspection, results, photos=None):
    """Save results as the inspectors walk: `results` maps item pk → (result, note);
    `photos` maps item pk → a list of `common.images.Photo`."""
    _ensure_editable(inspection)
    items = {item.pk: item for item in inspection.items.all()}
    for pk, (result, note) in results.items():
        item = items[pk]
        item.result, item.note = result, note
    InspectionItem.objects.bulk_update(items.values(), ["result", "note"])
    for pk, item_photos in (photos or {}).items():
        for photo in item_photos:
            InspectionPhoto.objects.create(item=items[pk], image=photo.image, thumbnail=photo.thumbnail)
    if inspection.state == InspectionState.PLANNED:
        Inspection.objects.filter(pk=inspection.pk, state=InspectionState.PLANNED).update(
            state=InspectionState.IN_PROGRESS
        )
        inspection.state = InspectionState.IN_PROGRESS
    return inspection


@transaction.atomic
def inspection_finish(*, inspection, by, summary=""):
    unchecked = inspection.items.filter(result="").count()
    if unchecked:
        raise TransitionError(_("%(count)s items have no result yet.") % {"count": unchecked})
    now = timezone.now()
    updated = Inspection.objects.filter(pk=inspection.pk, state__in=EDITABLE).update(
        state=InspectionState.DONE, finished_at=now, summary=summary
    )
    if updated != 1:
        raise TransitionError(_("This inspection is already finished."))
    inspection.state, inspection.finished_at, inspection.summary = InspectionState.DONE, now, summary
    return inspection


@transaction.atomic
def inspection_publish(*, inspection, by):
    """Show a finished unannounced visit, and the hazards it found, to the school."""
    updated = Inspection.objects.filter(
        pk=inspection.pk, kind=InspectionKind.UNANNOUNCED, state=InspectionState.DONE
    ).update(state=InspectionState.PUBLISHED, published_at=timezone.now())
    if updated != 1:
        raise TransitionError(_("Only a finished unannounced visit can be published."))
    inspection.state = InspectionState.PUBLISHED
    return inspection
