from datetime import timedelta

from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import Period
from theodoi.reporting.selectors.reports import due_for_body

from .conftest import SMALL_PLAN, vn


def test_periods_over_before_the_plan_was_published_are_not_owed(people):
    plan = plan_draft_create(data=SMALL_PLAN)
    published = vn(2026, 6, 20, 8, 0)
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=published)
    assert Period.objects.filter(plan=plan, cutoff__lt=published).exists()  # the whole year

    due = due_for_body(
        people["daumoi"].body, user=people["daumoi"], now=published + timedelta(days=3)
    )

    assert due and all(entry.period.cutoff >= published for entry in due)
