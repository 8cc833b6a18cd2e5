"""Who may do what with backlog petition cases (信访积案, R7.1).

Petitions name people and their grievances, with their phone numbers: they are sensitive. Each set
below is as small as the work allows.

- Duty staff (值班人员) are in none of them, not even the readers: they answer the gate and the
  phone, and a petition case is none of their business. A school's case is handled by its principal
  (学校"一把手", who answers for it) and its safety officer.
- Only the bureau's admin and inspectors, or a principal for the principal's own school, record a
  case and change its details: what the case is and who answers for it is decided at that level.
- Whoever works on the case — the school's principal and safety officer, the bureau's admin and
  inspectors — ticks off milestones, adds milestones and progress notes, and may propose it as
  resolved.
- Only the bureau closes a case, or sends a resolved or closed one back to work with a reason.
- Bureau viewers (leadership) read and export; they do not write.
"""

from schools.enums import BUREAU_ROLES, Role

SCHOOL_HANDLERS = frozenset({Role.PRINCIPAL, Role.SAFETY_OFFICER})
BUREAU_HANDLERS = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR})

READERS = BUREAU_ROLES | SCHOOL_HANDLERS
RECORDERS = BUREAU_HANDLERS | {Role.PRINCIPAL}
UPDATERS = BUREAU_HANDLERS | SCHOOL_HANDLERS
CLOSERS = BUREAU_HANDLERS
