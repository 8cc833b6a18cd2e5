"""Who may do what with the accountability ledger and the notices to schools (R9.2, R9.3)."""

from schools.enums import BUREAU_ROLES, Role
from schools.permissions import ANY_ROLE

# The bureau's admin and inspectors record actions against a school and withdraw them.
RECORDERS = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR})
# The school's principal and safety officer read their own school's entries; duty staff do not.
LEDGER_READERS = BUREAU_ROLES | {Role.PRINCIPAL, Role.SAFETY_OFFICER}
# Notices: the bureau's admin and inspectors write drafts, the admin publishes them to the schools.
NOTICE_WRITERS = RECORDERS
NOTICE_PUBLISHERS = frozenset({Role.BUREAU_ADMIN})
# Everyone at a school of the campaign reads a published notice: it is written for the whole school.
NOTICE_READERS = ANY_ROLE
