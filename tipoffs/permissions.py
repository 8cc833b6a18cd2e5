from schools.enums import BUREAU_ROLES, Role

# Tip-offs go to the bureau only: the school never sees a tip-off, only the hazard made from it.
READERS = BUREAU_ROLES
TRIAGERS = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR})
# Who may print a school's poster with its QR code: the school's leaders, and the bureau.
POSTER_PRINTERS = frozenset({Role.PRINCIPAL, Role.SAFETY_OFFICER}) | BUREAU_ROLES
