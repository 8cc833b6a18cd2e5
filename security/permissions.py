from schools.enums import BUREAU_ROLES, SCHOOL_ROLES, Role
from schools.permissions import ANY_ROLE

# The guards (duty staff), the safety officer and the principal keep the gate register and the patrol
# log; any of them records the host's answer for an entry during class.
GATE_KEEPERS = SCHOOL_ROLES
PATROLLERS = SCHOOL_ROLES
# Turning a patrol finding into a hazard is recording a hazard: the school's hazard recorders.
ESCALATORS = frozenset({Role.PRINCIPAL, Role.SAFETY_OFFICER})
# The principal and the safety officer keep the police room's checklist current.
POLICE_ROOM_KEEPERS = frozenset({Role.PRINCIPAL, Role.SAFETY_OFFICER})
READERS = ANY_ROLE
BUREAU_READERS = BUREAU_ROLES
SETTINGS_EDITORS = frozenset({Role.BUREAU_ADMIN})
