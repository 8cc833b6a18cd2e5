"""The demo data covers every state the pages show, and seeding twice adds nothing."""

from activities import demo, selectors
from activities.models import Drill, DrillProblem, EducationSession
from plans import demo as plans_demo
from schools import demo as schools_demo
from tests.activities.conftest import NOW, TODAY


def test_it_seeds_every_state_once(db):
    bureau, accounts = schools_demo.seed(password="Demo@2026")
    admin = next(user for user, role, _unit in accounts if role == "bureau_admin")
    campaign = plans_demo.seed(bureau=bureau, admin=admin)
    demo.seed(campaign=campaign, admin=admin)
    counts = (EducationSession.objects.count(), Drill.objects.count())
    demo.seed(campaign=campaign, admin=admin)
    assert (EducationSession.objects.count(), Drill.objects.count()) == counts

    drills = Drill.objects.filter(school__bureau=bureau)
    assert {"planned", "done", "cancelled"} <= set(drills.values_list("state", flat=True))
    assert drills.filter(selectors.overdue_q(TODAY)).exists()
    assert drills.filter(state="planned", planned_date=TODAY, school__code="S005").exists()
    assert drills.filter(state="planned", planned_date__gt=TODAY).exists()
    assert DrillProblem.objects.filter(hazard__isnull=False, drill__school__code="S005").exists()
    online = EducationSession.objects.filter(school__reopened=False)
    assert online.exists() and set(online.values_list("form", flat=True)) == {"online"}
    figures = selectors.campaign_figures(user=admin, campaign=campaign, now=NOW)
    assert 0 < figures["schools_missing_topics"] < figures["schools"]
    assert all(tally.count for tally in figures["by_topic"])
