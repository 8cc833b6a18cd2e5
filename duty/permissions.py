from schools.enums import BUREAU_ROLES, SCHOOL_ROLES, Role

# The bureau's staff who take calls record incidents too (a call received, or one never reported).
INCIDENT_RECORDERS = SCHOOL_ROLES | {Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR}
INCIDENT_WRITERS = SCHOOL_ROLES
ACKNOWLEDGERS = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR})
BUREAU_READERS = BUREAU_ROLES
