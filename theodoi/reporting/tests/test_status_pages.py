"""The plan page's status column and summary; the chair's overview."""

import time_machine
from django.urls import reverse

from theodoi.reporting.tests.conftest import vn

JULY_1 = vn(2026, 7, 1, 9, 0)  # Sở Tài chính's task (due 30/06/2026) is overdue


def test_the_plan_page_shows_each_tasks_status_and_the_summary(login, plan):
    with time_machine.travel(JULY_1, tick=False):
        response = login("daumoi").get(reverse("plans:detail", args=[plan.pk]))
    page = response.content.decode()
    assert 'data-testid="plan-status"' in page
    assert "Tình hình thực hiện đến ngày 01/07/2026" in page
    assert "Đang thực hiện quá hạn" in page
    assert "1 nhiệm vụ đã đến hạn: hoàn thành đúng hạn 0%" in page
    assert "đơn vị đã báo cáo đủ" in page  # the communes' recurring task shows its tally
    assert "Chỉ tiêu: " in page and "Chưa có số liệu 1" in page


def test_the_plans_htmx_table_keeps_the_status_column(login, plan):
    with time_machine.travel(JULY_1, tick=False):
        response = login("daumoi").get(
            reverse("plans:detail", args=[plan.pk]), {"q": "kho"}, HTTP_HX_REQUEST="true"
        )
    page = response.content.decode()
    assert "<html" not in page and 'data-testid="task-status"' in page
    assert "Đang thực hiện quá hạn" in page


def test_the_office_sees_the_links_to_the_boards_of_the_plans_periods(login, plan):
    latest = plan.periods.filter(starts_on__lte=JULY_1.date()).order_by("-cutoff").first()
    with time_machine.travel(JULY_1, tick=False):
        page = login("thuongtruc").get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("reporting:board", args=[latest.pk]) in page
    assert reverse("reporting:review") in page


def test_the_chair_sees_each_plans_overdue_tasks_and_whose_they_are(login, plan):
    with time_machine.travel(JULY_1, tick=False):
        page = login("chutich").get(reverse("accounts:viewer_home")).content.decode()
    assert 'data-testid="plan-overview"' in page
    assert 'data-testid="overdue-row"' in page
    assert "Xây dựng kho dữ liệu" in page and "Sở Tài chính" in page


def test_a_member_sees_only_the_tasks_of_the_bodies_he_oversees(login, plan):
    with time_machine.travel(JULY_1, tick=False):
        page = login("thanhvien").get(reverse("accounts:viewer_home")).content.decode()
    assert 'data-testid="plan-overview"' in page  # Sở Y tế only supports: nothing it leads
    assert "Xây dựng kho dữ liệu" not in page


def test_a_body_page_shows_the_bodys_own_class_on_each_task_and_its_counts(login, people, plan):
    url = reverse("bodies:detail", args=[people["daumoi"].body_id])
    with time_machine.travel(JULY_1, tick=False):
        page = login("daumoi").get(url).content.decode()
    assert 'data-testid="body-status"' in page
    assert "Đang thực hiện quá hạn" in page
    assert "1 nhiệm vụ đã đến hạn: hoàn thành đúng hạn 0%" in page


def test_a_commune_sees_which_period_of_its_recurring_task_it_has_not_reported(login, people, plan):
    first = plan.periods.order_by("cutoff").first()
    url = reverse("bodies:detail", args=[people["daumoi.xa"].body_id])
    with time_machine.travel(JULY_1, tick=False):
        page = login("daumoi.xa").get(url).content.decode()
    assert "Chưa báo cáo" in page and f"kỳ {first.label}" in page
