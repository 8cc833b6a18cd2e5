from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import BUREAU_ROLES, SCHOOL_ROLES, Role, SchoolKind


class Bureau(models.Model):
    """A district or county education bureau (区/县教育局): the unit that owns a set of schools."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # A city bureau above several districts is planned; the link is here so data need not move.
    parent = models.ForeignKey(
        "self", verbose_name=_("parent bureau"), null=True, blank=True, on_delete=models.PROTECT
    )
    duty_phone = models.CharField(_("duty phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("bureau")
        verbose_name_plural = _("bureaus")
        ordering = ["code"]

    def __str__(self):
        return self.name


class School(models.Model):
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="schools"
    )
    code = models.CharField(_("school code"), max_length=20)
    name = models.CharField(_("school name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=SchoolKind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    principal_name = models.CharField(_("principal"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # The plan treats open schools (closed management during class) and not-yet-open schools
    # (online classes) differently.
    reopened = models.BooleanField(_("reopened"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "code"], name="school_code_unique_in_bureau")
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """Ties a user to exactly one unit — a bureau or a school — with one role there."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    bureau = models.ForeignKey(
        Bureau,
        verbose_name=_("bureau"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_role_matches_unit",
                condition=(
                    Q(bureau__isnull=False, school__isnull=True, role__in=sorted(BUREAU_ROLES))
                    | Q(bureau__isnull=True, school__isnull=False, role__in=sorted(SCHOOL_ROLES))
                ),
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    @property
    def unit(self):
        return self.school or self.bureau

    @property
    def is_bureau(self):
        return self.bureau_id is not None

    @property
    def is_school(self):
        return self.school_id is not None

    @property
    def home_bureau_id(self):
        """The bureau whose data this member may see: its own, or its school's."""
        return self.bureau_id if self.is_bureau else self.school.bureau_id
