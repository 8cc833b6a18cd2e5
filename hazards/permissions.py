from schools.enums import Role

# The school records its hazards and rectifies them; the bureau's inspectors verify and supervise.
RECORDERS = frozenset({Role.PRINCIPAL, Role.SAFETY_OFFICER, Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR})
RECTIFIERS = frozenset({Role.PRINCIPAL, Role.SAFETY_OFFICER})
VERIFIERS = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR})
WATCHERS = RECTIFIERS | VERIFIERS
