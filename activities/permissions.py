from schools.enums import BUREAU_ROLES, SCHOOL_ROLES, Role

# The school's principal and safety officers record sessions and drills; duty staff and the bureau
# read them; the bureau's admin sets the topics a campaign requires.
RECORDERS = frozenset({Role.PRINCIPAL, Role.SAFETY_OFFICER})
VIEWERS = SCHOOL_ROLES | BUREAU_ROLES
TOPIC_EDITORS = frozenset({Role.BUREAU_ADMIN})
