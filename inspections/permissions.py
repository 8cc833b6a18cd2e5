from schools.enums import Role

# A school's self-inspection is filed by its principal or safety officer (led by the principal);
# the bureau's special inspections and unannounced visits by its admin and inspectors.
SELF_INSPECTORS = frozenset({Role.PRINCIPAL, Role.SAFETY_OFFICER})
BUREAU_INSPECTORS = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR})
INSPECTORS = SELF_INSPECTORS | BUREAU_INSPECTORS
TEMPLATE_EDITORS = frozenset({Role.BUREAU_ADMIN})
