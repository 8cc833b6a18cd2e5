from datetime import time
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.masking import mask_id_number, mask_phone
from plans.enums import FocusArea

from .enums import EntryAction, EntryState, ItemStatus

DEFAULT_FEVER_THRESHOLD = Decimal("37.3")


def default_class_periods():
    """Morning and afternoon lessons of a Chinese school day."""
    return [["08:00", "11:50"], ["14:00", "17:30"]]


def default_class_weekdays():
    return [0, 1, 2, 3, 4]  # Monday to Friday


class GateRules(models.Model):
    """A bureau's gate rules (R6.1), editable by its admin: the fever limit and the class hours during
    which a reopened school is under closed management (封闭管理)."""

    bureau = models.OneToOneField(
        "schools.Bureau", verbose_name=_("bureau"), on_delete=models.CASCADE, related_name="gate_rules"
    )
    # "体温≥37.3℃": a temperature at or above the limit is a fever.
    fever_threshold = models.DecimalField(
        _("fever at or above (°C)"), max_digits=3, decimal_places=1, default=DEFAULT_FEVER_THRESHOLD
    )
    # [["08:00", "11:50"], …] in Beijing time; an entry from the start up to (not including) the end
    # is during class.
    class_periods = models.JSONField(_("class periods"), default=default_class_periods)
    class_weekdays = models.JSONField(_("class days"), default=default_class_weekdays)

    class Meta:
        verbose_name = _("gate rules")
        verbose_name_plural = _("gate rules")

    def __str__(self):
        return str(self.bureau)

    def periods(self):
        return [(time.fromisoformat(start), time.fromisoformat(end)) for start, end in self.class_periods]

    def in_class(self, moment):
        local = timezone.localtime(moment)
        if local.weekday() not in self.class_weekdays:
            return False
        clock = local.time()
        return any(start <= clock < end for start, end in self.periods())

    def is_fever(self, temperature):
        return temperature is not None and temperature >= self.fever_threshold


class GateEntry(models.Model):
    """One visitor at the gate (门卫登记): who, with which vehicle and goods, temperature, why, whom to
    see, and when in and out."""

    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="gate_entries"
    )
    visitor_name = models.CharField(_("visitor"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20)
    # Kept in full for the school and the police; shown masked everywhere (`masked_id_number`).
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    vehicle_plate = models.CharField(_("vehicle plate"), max_length=12, blank=True)
    goods = models.CharField(_("goods carried"), max_length=200, blank=True)
    temperature = models.DecimalField(_("temperature (°C)"), max_digits=3, decimal_places=1)
    # At or above the bureau's limit when registered; let in only with a reason.
    temperature_flagged = models.BooleanField(_("temperature flagged"), default=False)
    fever_reason = models.TextField(_("reason for letting in"), blank=True)
    purpose = models.CharField(_("purpose"), max_length=100)
    # The person visited (被访人); "host" alone reads as a computer in translation.
    host = models.CharField(pgettext_lazy("person visited", "host"), max_length=50)
    state = models.CharField(_("state"), max_length=20, choices=EntryState.choices)
    time_in = models.DateTimeField(_("time in"), default=timezone.now)
    time_out = models.DateTimeField(_("time out"), null=True, blank=True)
    # The host's answer to an entry during class, as recorded by a school user.
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("host's answer recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    answered_at = models.DateTimeField(_("host answered at"), null=True, blank=True)
    answer_note = models.CharField(_("host's answer"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("gate entry")
        verbose_name_plural = _("gate entries")
        ordering = ["-time_in", "-pk"]
        indexes = [
            models.Index(fields=["school", "time_in"]),
            models.Index(fields=["school", "phone", "time_in"]),
            models.Index(fields=["school", "state"]),
        ]

    def __str__(self):
        return f"{self.visitor_name} {self.time_in:%Y-%m-%d %H:%M}"

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number)

    @property
    def is_open(self):
        return self.state in (EntryState.AWAITING_HOST, EntryState.INSIDE)


class GateEntryEvent(models.Model):
    """Each step of an entry: who, when, from which state to which, and why."""

    entry = models.ForeignKey(
        GateEntry, verbose_name=_("gate entry"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=EntryAction.choices)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("gate entry event")
        verbose_name_plural = _("gate entry events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.entry_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class Patrol(models.Model):
    """A security patrol (安全巡逻) of the campus: who, when, which route."""

    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="patrols"
    )
    patrolled_by = models.CharField(_("patrolled by"), max_length=100)
    patrolled_at = models.DateTimeField(_("when"))
    route = models.CharField(_("route"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-patrolled_at", "-pk"]
        indexes = [models.Index(fields=["school", "patrolled_at"])]

    def __str__(self):
        return f"{self.patrolled_by} {self.patrolled_at:%Y-%m-%d %H:%M}"


class PatrolFinding(models.Model):
    """Something a patrol found. It may become a hazard in the register (R3.4); the link is kept here."""

    patrol = models.ForeignKey(
        Patrol, verbose_name=_("patrol"), on_delete=models.CASCADE, related_name="findings"
    )
    area = models.CharField(
        _("focus area"), max_length=20, choices=FocusArea.choices, default=FocusArea.GATE_SECURITY
    )
    description = models.TextField(_("what was found"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    hazard = models.OneToOneField(
        "hazards.Hazard", verbose_name=_("hazard"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="patrol_finding",
    )  # fmt: skip
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered as a hazard by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    escalated_at = models.DateTimeField(_("entered as a hazard at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("patrol finding")
        verbose_name_plural = _("patrol findings")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.description[:40]


def expired_q(today, prefix=""):
    """Marked expired, or marked present with an expiry date already past (in Beijing time)."""
    return Q(**{f"{prefix}status": ItemStatus.EXPIRED}) | Q(
        **{f"{prefix}status": ItemStatus.PRESENT, f"{prefix}expiry_date__lt": today}
    )


class PoliceRoomItem(models.Model):
    """One item of a school's police-room equipment checklist (警务室装备, R6.2)."""

    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="police_items"
    )
    name = models.CharField(_("item"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    required_quantity = models.PositiveSmallIntegerField(_("required"), default=1)
    has_expiry = models.BooleanField(_("has an expiry date"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.UNCHECKED
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"), null=True, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("police-room item")
        verbose_name_plural = _("police-room items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="one_police_item_per_name"),
        ]

    def __str__(self):
        return f"{self.school} · {self.name}"

    def current_status(self, today=None):
        """The status as it stands today: a present item past its expiry date is expired."""
        today = today or timezone.localdate()
        if self.status == ItemStatus.PRESENT and self.expiry_date is not None and self.expiry_date < today:
            return ItemStatus.EXPIRED
        return ItemStatus(self.status)


class PoliceRoomChange(models.Model):
    """A change to a police-room item: who, when, from which status to which."""

    item = models.ForeignKey(
        PoliceRoomItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="changes"
    )
    from_status = models.CharField(_("from"), max_length=10, choices=ItemStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=ItemStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.CharField(_("comment"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("police-room change")
        verbose_name_plural = _("police-room changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.item_id} {self.from_status}→{self.to_status}"
