"""Steps every browser journey shares."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from conftest import PASSWORD


def sign_in(page, base_url, username, password=PASSWORD):
    """Sign in through the real login page, as a person would."""
    page.goto(base_url + "/")
    page.get_by_label("Tên đăng nhập hoặc e-mail").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def plan_with_period(data: dict, office, *, cutoff_in_days=3, label="Tháng này"):
    """``data`` (the importer's JSON) published by ``office``, with one monthly period
    whose cut-off is 16:00 ``cutoff_in_days`` from today (negative: already past) and
    whose data window ends a little before it, whatever the hour the test runs at."""
    from theodoi.plans.services.drafts import plan_draft_create
    from theodoi.plans.services.publish import plan_publish
    from theodoi.reporting.models import Period, ReportingRule

    plan = plan_draft_create(data=data)
    plan_publish(plan=plan, user=office, confirm_gaps=True)
    rule = ReportingRule.objects.create(
        plan=plan, frequency="monthly", due_day=25, due_time="16:00"
    )
    today = timezone.localdate()
    cutoff = today + timedelta(days=cutoff_in_days)
    return Period.objects.create(
        rule=rule,
        plan=plan,
        label=label,
        starts_on=cutoff - timedelta(days=23),
        ends_on=cutoff - timedelta(days=2),
        cutoff=timezone.make_aware(datetime.combine(cutoff, time(16, 0))),
    )
