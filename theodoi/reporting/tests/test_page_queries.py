"""The pages timed by ``bench/pages_bench.py`` read as much with little data as with
the province's: their queries do not grow with the plans or the periods reported.

On the benchmarks' data set (``theodoi benchdata``, a small generated plan): each
page's queries are counted, then the data is cut down — the two sample plans back
to drafts (one plan left), every report before September back to a draft (nothing
reported but the last two months) — and counted again: the same numbers.
"""

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.models import Role, User
from theodoi.bodies.models import BodyKind
from theodoi.devtools.management.commands.benchdata import NOW, build
from theodoi.plans.models import Plan, PlanStatus
from theodoi.reporting.models import Period, Report, ReportState
from theodoi.reporting.tests.conftest import vn

pytestmark = pytest.mark.django_db


def pages() -> dict[str, tuple[str, str]]:
    """Page -> (who opens it, its address)."""
    plan = Plan.objects.get(source_name="generated")
    october = Period.objects.get(plan=plan, cutoff__year=2026, cutoff__month=10)
    report = (
        october.reports.filter(body__kind=BodyKind.COMMUNE, state=ReportState.DRAFT)
        .order_by("body__name")
        .first()
    )
    officer = f"daumoi1.{report.body_id}"
    office = User.objects.filter(role=Role.OFFICE).order_by("username").first().username
    task = plan.tasks.get(code="3")  # led by every commune
    return {
        "chair's overview": ("chutich.bench", reverse("accounts:viewer_home")),
        "office home": (office, reverse("accounts:office_home")),
        "review list": (office, reverse("reporting:review")),
        "plan page": (office, reverse("plans:detail", args=[plan.pk])),
        "task page": (office, reverse("plans:task", args=[task.pk])),
        "body page": (officer, reverse("bodies:detail", args=[report.body_id])),
        "report page": (officer, reverse("reporting:report", args=[report.body_id, october.pk])),
    }


def counted(clients: dict, which: dict) -> dict[str, int]:
    counts = {}
    for name, (username, url) in which.items():
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        with CaptureQueriesContext(connection) as queries:
            response = clients[username].get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def test_the_pages_read_as_much_for_one_plan_and_two_months_as_for_the_province():
    build(tasks=30)
    clients = {}
    with time_machine.travel(NOW, tick=False):
        which = pages()
        counted(clients, which)  # the report page opens the report on first sight
        province = counted(clients, which)
        Plan.objects.exclude(source_name="generated").update(status=PlanStatus.DRAFT)
        Report.objects.filter(period__cutoff__lt=vn(2026, 9, 1)).update(state=ReportState.DRAFT)
        little = counted(clients, which)
    assert little == province
    assert province["chair's overview"] <= 20 and province["plan page"] <= 30
