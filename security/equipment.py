"""The police room's (校园警务室) required equipment, as Chinese schools' rules list it (R6.2).

A school's checklist starts from this list (`services.police_room_save` creates the rows the first
time the school records it); the names are data, kept in the school's rows as written here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Required:
    name: str
    quantity: int  # how many the rules ask for
    has_expiry: bool = False  # kept with an expiry date (有效期)


REQUIRED_ITEMS = (
    Required("防暴钢叉", 2),
    Required("防暴盾牌", 2),
    Required("防刺背心", 2, has_expiry=True),
    Required("防割手套", 2),
    Required("橡胶警棍", 2),
    Required("防暴头盔", 2),
    Required("强光手电", 2),
    Required("对讲机", 2),
    Required("一键报警装置（与公安联网）", 1),
    Required("视频监控系统", 1),
    Required("灭火器", 4, has_expiry=True),
    Required("急救箱", 1, has_expiry=True),
)
