"""Demo backlog petition cases (信访积案) in every state, some with overdue milestones.

`seed` is called by `manage.py seed_demo` after the hazards; it does nothing when the bureau has
cases already. School S005 (the `principal` and `officer` demo logins) has two of them.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from schools.enums import Role

from . import services
from .enums import PetitionState
from .models import PetitionCase

# (school code, subject, details, parties, phone, received days ago, leader, unit, plan,
#  [(milestone, due in days from today, done)], notes [(days ago, text)], where it ends up, its words);
# a unit of None is the school itself.
CASES = [
    ("S005", "学生家长对校园欺凌事件处理结果不满，多次到区教育局上访",
     "家长认为学校对2025年11月发生的学生冲突处理偏轻，要求公开处理结果并追究班主任责任。",
     "李某某（学生家长）", "13812345678", 120, "王校长", None,
     "成立专班，逐一回应家长诉求；请区教育局法律顾问参与调解；落实涉事学生心理疏导。",
     [("与家长面对面沟通，书面答复诉求", -20, True), ("组织第三方调解", -3, False),
      ("形成调解协议并回访", 10, False)],
     [(25, "校长、班主任与家长面谈，家长情绪平稳，同意接受调解。")], PetitionState.IN_PROGRESS, ""),
    ("S005", "退休教师对职称评定结果有异议",
     "当事人认为2019年职称评定中个人业绩材料未被计入。", "赵某（退休教师）", "13698765432", 200,
     "钱局长", "区教育局人事科", "调取原始评审档案复核，向当事人当面说明复核结论。",
     [("调取并复核原始评审档案", -40, True), ("当面说明复核结论", -10, True)],
     [(12, "复核结论已向当事人当面说明，当事人表示理解，签字确认。")], PetitionState.RESOLVED,
     "复核结论已书面答复，当事人签字息诉罢访。"),
    ("S003", "校门口改造施工噪音扰民，周边居民联名信访",
     "周边小区居民反映夜间施工噪音影响休息。", "周边小区居民代表孙某等12人", "13911112222", 6,
     "李副校长", None, "调整施工时间，夜间22时后停止高噪音作业，公示施工计划。",
     [("与施工单位约定作息时间并公示", 3, False), ("走访居民代表反馈整改情况", 14, False)],
     [], PetitionState.OPEN, ""),
    ("S008", "原代课教师要求补缴在校任教期间社会保险",
     "当事人2008—2012年在校代课，要求补缴社会保险。", "吴某（原代课教师）", "13755556666", 90,
     "钱局长", "区教育局人事科", "核实任教年限，与区人社局协商补缴政策，按政策答复。",
     [("核实任教年限和工资发放记录", -30, True), ("与区人社局协商补缴政策", 7, False),
      ("书面答复当事人", 21, False)],
     [(31, "已调取工资发放记录，确认任教年限4年。")], PetitionState.IN_PROGRESS, ""),
    ("S012", "学生食堂原供货商讨要货款",
     "供货商称学校拖欠2024年秋季学期货款。", "某食品配送公司负责人郑某", "13522223333", 150,
     "王副局长", None, "会同财务审计核对账目，依合同结算。",
     [("核对账目", -60, True), ("依合同结算货款", -30, True)],
     [(35, "账目核对无误，货款已于本月结清。")], PetitionState.CLOSED,
     "货款已按合同结清，供货商出具收款证明。"),
    ("S015", "学区划分调整后部分家长对入学安排不满",
     "新学区划分后部分片区学生需跨街道就读，家长要求维持原划片。", "片区家长代表冯某等", "13344445555", 60,
     "钱局长", "区教育局基础教育科", "召开听证会说明划片依据；为跨街道学生协调校车或接送点。",
     [("召开学区划分听证会", -25, True), ("协调设置学生接送点", -2, False)],
     [(24, "听证会已召开，多数家长表示理解。")], "reopened", "听证会后家长已无异议。"),
    ("S020", "校车停运后家长集体反映学生接送困难",
     "校车服务合同到期停运，偏远村组学生上学困难。", "村民代表陈某等", "18800001111", 45,
     "赵副局长", None, "重新招标校车服务；过渡期协调公交公司增开早晚班次。",
     [("协调公交公司增开早晚班次", -7, False), ("完成校车服务招标", 20, False)],
     [(10, "已与公交公司初步沟通，待其上报线路方案。")], PetitionState.IN_PROGRESS, ""),
    ("S028", "实习学生在实习单位受伤，家长要求赔偿",
     "学生在合作企业顶岗实习期间手部受伤，家长与企业就赔偿金额未达成一致。", "韩某（学生家长）",
     "13677778888", 30, "王副局长", None, "学校牵头三方协商，依实习协议和保险条款确定赔偿。",
     [("调取实习协议与保险保单", -5, False), ("组织学校、企业、家长三方协商", 12, False)],
     [], PetitionState.OPEN, ""),
]  # fmt: skip


def _school_user(school, admin):
    """Who works on the school's case in the demo: its principal, else its safety officer."""
    for role in (Role.PRINCIPAL, Role.SAFETY_OFFICER):
        membership = school.memberships.filter(role=role).select_related("user").first()
        if membership is not None:
            return membership.user
    return admin


@transaction.atomic
def seed(*, campaign, admin):
    if PetitionCase.objects.filter(school__bureau=campaign.bureau).exists():
        return
    today = timezone.localdate()
    schools = {school.code: school for school in campaign.schools.all()}
    for (code, subject, details, parties, phone, days_ago, leader, unit, plan, milestones, notes, end,
         words) in CASES:  # fmt: skip
        school = schools.get(code)
        if school is None:
            continue
        worker = _school_user(school, admin)
        case = services.case_record(
            school=school, by=admin,
            details={"subject": subject, "details": details, "parties": parties, "contact_phone": phone,
                     "received_on": today - timedelta(days=days_ago), "leader": leader,
                     "responsible_unit": unit or school.name, "plan": plan},
            milestones=[{"title": title, "due_date": today + timedelta(days=due)}
                        for title, due, _done in milestones],
        )  # fmt: skip
        for days, text in notes:
            services.note_add(case=case, by=worker, text=text, happened_on=today - timedelta(days=days))
        for milestone, (_title, _due, done) in zip(case.milestones.order_by("pk"), milestones, strict=True):
            if done:
                services.milestone_mark(milestone=milestone, by=worker, done=True)
        _advance(case, end, words, worker, admin)


def _advance(case, end, words, worker, admin):
    if end in (PetitionState.RESOLVED, PetitionState.CLOSED, "reopened"):
        services.case_resolve(case=case, by=worker, resolution=words)
    if end == PetitionState.CLOSED:
        services.case_close(case=case, by=admin, comment="案结事了，同意结案。")
    if end == "reopened":
        services.case_reopen(case=case, by=admin, reason="接送点尚未落实，家长再次来电反映，退回继续办理。")
