from schools.enums import BUREAU_ROLES, Role

# Who files a school's deliverables, who signs them off, who reviews them at the bureau.
FILERS = frozenset({Role.PRINCIPAL, Role.SAFETY_OFFICER})
SIGNERS = frozenset({Role.PRINCIPAL})
REVIEWERS = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR})
BOARD_VIEWERS = BUREAU_ROLES
