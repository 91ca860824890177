"""A history page of a row never edited (reported as a 500, “zip() on an empty
history”; not reproduced): a report, a plan, a task, an indicator and an account,
each with its creation alone and with no history row at all, open with 200."""

import pytest
from django.urls import reverse

from theodoi.reporting.models import Report
from theodoi.reporting.tests import conftest

# The reporting tests' small plan, its period of March 2026 and a report (fixtures).
period, plan, report = conftest.period, conftest.plan, conftest.report

EMPTY = "Chưa có thay đổi nào được ghi lại."


def pages(shown: Report):
    the_plan = shown.period.plan
    task, indicator = the_plan.tasks.first(), the_plan.indicators.first()
    account = shown.body.users.first()
    rows = [shown, the_plan, task, account]
    urls = [
        reverse("reporting:report_history", args=[shown.period_id, shown.body_id]),
        f"/lich-su/ke-hoach/{the_plan.pk}/",
        f"/lich-su/nhiem-vu/{task.pk}/",
        f"/lich-su/tai-khoan/{account.pk}/",
        reverse("plans:task", args=[task.pk]),
        reverse("dashboard:settings", args=[the_plan.pk]),
    ]
    if indicator is not None:
        rows.append(indicator)
        urls.append(f"/lich-su/chi-tieu/{indicator.pk}/")
        urls.append(reverse("plans:indicator", args=[indicator.pk]))
    return rows, urls


@pytest.mark.parametrize("records", ["creation only", "none"])
def test_the_history_of_a_row_never_edited_opens(login, report, records):
    rows, urls = pages(report)
    for row in rows:
        kept = row.history.order_by("history_date", "history_id")
        if records == "creation only":
            kept.exclude(pk=kept.first().pk).delete()
        else:
            kept.delete()
        assert row.history.count() == (1 if records == "creation only" else 0)
    office = login("thuongtruc")
    for url in urls:
        response = office.get(url)
        assert response.status_code == 200, url
    if records == "none":
        assert EMPTY in office.get(urls[0]).content.decode()


def test_the_history_of_a_report_not_yet_begun_is_a_404_not_a_500(login, period, people):
    body = people["daumoi.yte"].body
    assert not Report.objects.filter(period=period, body=body).exists()
    url = reverse("reporting:report_history", args=[period.pk, body.pk])
    assert login("thuongtruc").get(url).status_code == 404
