from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolKind(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary school")
    SENIOR = "senior", _("Senior secondary school")
    COMPLETE = "complete", _("Complete secondary school")
    NINE_YEAR = "nine_year", _("Nine-year school")
    VOCATIONAL = "vocational", _("Secondary vocational school")
    SPECIAL = "special", _("Special education school")


class Role(models.TextChoices):
    BUREAU_ADMIN = "bureau_admin", _("Bureau admin")
    BUREAU_INSPECTOR = "bureau_inspector", _("Bureau inspector")
    BUREAU_VIEWER = "bureau_viewer", _("Bureau viewer")
    PRINCIPAL = "principal", _("Principal")
    SAFETY_OFFICER = "safety_officer", _("Safety officer")
    DUTY_STAFF = "duty_staff", _("Duty staff")


BUREAU_ROLES = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR, Role.BUREAU_VIEWER})
SCHOOL_ROLES = frozenset({Role.PRINCIPAL, Role.SAFETY_OFFICER, Role.DUTY_STAFF})
ALL_ROLES = BUREAU_ROLES | SCHOOL_ROLES
