"""Every view is guarded, and an officer of one body never sees another's pages.

The test walks the project's URL patterns, so a view added later without an
access rule fails here.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from theodoi.bodies.models import Body, Group

# Third-party areas with their own guards (Django admin: staff only; set_language).
OUTSIDE = ("quan-tri/", "i18n/")


def project_patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(OUTSIDE):
            continue
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            for name, inner_route, view in project_patterns(entry, route):
                yield (namespace + name if name else None), inner_route, view
        elif isinstance(entry, URLPattern):
            yield entry.name, route, entry.callback


ALL_VIEWS = sorted(project_patterns(), key=lambda p: p[1])


# The smallest plan with a row of every kind (a full sample makes each test slow).
TINY_PLAN = {
    "document": {"type": "Kế hoạch", "title": "Kế hoạch thử", "year": 2026, "bases": []},
    "sections": [{"code": "I", "path": "I", "title": "Phần một"}],
    "tasks": [
        {"section": "I", "code": "1", "title": "Nhiệm vụ thử", "lead": ["Sở Y tế"], "support": []}
    ],
    "indicators": [{"code": "1", "name": "Chỉ tiêu thử", "lead": ["Sở Y tế"], "support": []}],
}


@pytest.fixture
def ids(people, settings):
    """A value for every URL parameter of the project, on another body's data."""
    from theodoi.plans.models import PlanImport
    from theodoi.plans.services.drafts import plan_draft_create

    plan = plan_draft_create(data=TINY_PLAN)
    period = _period_with_a_report(plan, Body.objects.get(name="Sở Y tế"))
    return {
        "body_id": Body.objects.get(name="Sở Y tế").pk,
        "group_id": Group.objects.first().pk,
        "kind": "don-vi",
        "object_id": Body.objects.get(name="Sở Y tế").pk,
        "fmt": "csv",
        "uidb64": "x",
        "token": "y",
        "user_id": people["daumoi.yte"].pk,
        "plan_id": plan.pk,
        "task_id": plan.tasks.first().pk,
        "indicator_id": plan.indicators.first().pk,
        "import_id": PlanImport.objects.create(  # an amendment of the plan: both pages open
            file="imports/kh.txt",
            original_name="kh.txt",
            created_by=people["thuongtruc"],
            amends=plan,
        ).pk,
        **_calendar_rows(plan),
        "period_id": period.pk,
        **_report_rows(period, people, settings),
        "notification_id": _notification(people["daumoi.yte"]).pk,
        **_document_rows(plan, period, people),
        "explanation_id": _explanation(plan, people).pk,
    }


def _explanation(plan, people):
    """The chair asks Sở Y tế to explain its task (dashboard:explain_answer)."""
    from datetime import UTC, date, datetime

    from theodoi.dashboard.models import Explanation

    return Explanation.objects.create(
        plan=plan,
        task=plan.tasks.first(),
        body=Body.objects.get(name="Sở Y tế"),
        question="Vì sao chậm?",
        deadline=date(2026, 12, 31),
        asked_by=people["chutich"],
        asked_at=datetime(2026, 12, 1, tzinfo=UTC),
    )


def _document_rows(plan, period, people):
    """The office's documents (a committee, a draft and its generation, a letter, a
    template) and Sở Y tế's signed report (documents:…)."""
    from datetime import UTC, datetime

    from django.core.files.base import ContentFile

    from theodoi.documents.models import Draft, Letter, Rendition, SignedReport, Template
    from theodoi.documents.services.committees import committee_of

    office, moment = people["thuongtruc"], datetime(2026, 3, 26, tzinfo=UTC)
    committee = committee_of(plan)
    draft = Draft.objects.create(
        committee=committee, year=2026, index=3, created_by=office, created_at=moment
    )
    draft.plans.set([plan])
    rendition = Rendition(
        draft=draft, number=1, file_stem="bc", created_by=office, created_at=moment
    )
    rendition.docx.save("bc.docx", ContentFile(b"PK"))
    letter = Letter.objects.create(
        committee=committee,
        period=period,
        subject="V/v đôn đốc",
        addressees="Sở Y tế",
        content="…",
        created_by=office,
        created_at=moment,
    )
    template = Template(
        kind="report", uploaded_by=office, uploaded_at=moment, original_name="m.docx"
    )
    template.file.save("m.docx", ContentFile(b"PK"))
    report = period.reports.get()
    signed = SignedReport(
        report=report, original_name="bc.pdf", size=8, signature="unsigned", uploaded_at=moment
    )
    signed.uploaded_by = people["daumoi.yte"]
    signed.file.save("bc.pdf", ContentFile(b"%PDF-1.4"))
    return {
        "committee_id": committee.pk,
        "draft_id": draft.pk,
        "key": "results:1",
        "rendition_id": rendition.pk,
        "part": "docx",
        "letter_id": letter.pk,
        "template_id": template.pk,
        "template_kind": "report",
        "report_id": report.pk,
        "signed_id": signed.pk,
    }


def _notification(recipient):
    """A notification of Sở Y tế's officer (notify:open, notify:outbox_detail…)."""
    from datetime import UTC, date, datetime

    from theodoi.notify.models import Kind, Notification

    return Notification.objects.create(
        key=f"before:{recipient.pk}:-:2026-03-16",
        kind=Kind.BEFORE,
        recipient=recipient,
        day=date(2026, 3, 16),
        subject="Nhắc báo cáo",
        link="/",
        created_at=datetime(2026, 3, 16, 0, 30, tzinfo=UTC),
    )


def _report_rows(period, people, settings):
    """An item, a KPI value and an evidence file of Sở Y tế's report (reporting:item_save…)."""
    import tempfile

    from django.core.files.base import ContentFile

    from theodoi.plans.models import Assignment
    from theodoi.reporting.models import EvidenceFile, KpiValue, ReportItem

    settings.MEDIA_ROOT = tempfile.mkdtemp()
    report, plan = period.reports.get(), period.plan
    assignment = Assignment.objects.create(
        plan=plan, task=plan.tasks.first(), body=report.body, role="lead"
    )
    item = ReportItem.objects.create(report=report, assignment=assignment)
    evidence = EvidenceFile(
        item=item, original_name="bc.pdf", content_type="application/pdf", size=8
    )
    evidence.uploaded_by = people["daumoi.yte"]
    evidence.file.save("bc.pdf", ContentFile(b"%PDF-1.4"))
    return {
        "item_id": item.pk,
        "value_id": KpiValue.objects.create(report=report, indicator=plan.indicators.first()).pk,
        "file_id": evidence.pk,
    }


def _period_with_a_report(plan, body):
    from datetime import UTC, date, datetime

    from theodoi.reporting.models import Period, Report, ReportingRule

    rule = ReportingRule.objects.create(plan=plan, frequency="monthly", due_day=25)
    period = Period.objects.create(
        rule=rule,
        plan=plan,
        label="Tháng 3/2026",
        starts_on=date(2026, 2, 15),
        ends_on=date(2026, 3, 14),
        cutoff=datetime(2026, 3, 25, 9, tzinfo=UTC),
    )
    Report.objects.create(period=period, body=body)
    return period


def _calendar_rows(plan):
    """A day off and a reporting rule (reporting:holiday_edit, reporting:rule_edit…)."""
    from datetime import date

    from theodoi.reporting.models import Holiday, ReportingRule

    return {
        "holiday_id": Holiday.objects.create(date=date(2026, 9, 2), name="Quốc khánh").pk,
        "rule_id": ReportingRule.objects.create(plan=plan, frequency="monthly", due_day=15).pk,
    }


# Pages of one of the user's own rows: anyone else's row is not found (404), even
# by the office, which reads every message in the outbox instead.
# Pages that answer "not found" for the rows ``ids`` gives: a notification not one's own,
# the screen of a plan not published (the test's plan is a draft), a plan not made public.
OWN_ROWS = {"notify:open", "dashboard:plan", "dashboard:discipline", "dashboard:public"}


def url_for(name, route, ids):
    """The URL of a route, every parameter filled from ``ids`` (KeyError if new)."""
    params = re.findall(r"<(?:\w+:)?(\w+)>", route)
    return reverse(name, kwargs={p: ids[p] for p in params})


def test_every_view_declares_who_may_see_it():
    unguarded = [route for _name, route, view in ALL_VIEWS if not hasattr(view, "access")]
    assert unguarded == []


@pytest.mark.parametrize(("name", "route", "view"), ALL_VIEWS, ids=[p[1] for p in ALL_VIEWS])
def test_an_officer_of_one_body_is_refused_every_other_bodys_page_and_office_pages(
    login, ids, name, route, view
):
    client = login("daumoi")  # Sở Tài chính; ids point at Sở Y tế's data
    response = client.get(url_for(name, route, ids))
    if view.access in {"body", "office", "office_and_viewers"}:
        assert response.status_code == 403
    elif name in OWN_ROWS:
        assert response.status_code == 404
    else:
        assert response.status_code in {200, 302, 405}  # 405: log-out takes POST only


@pytest.mark.parametrize(("name", "route", "view"), ALL_VIEWS, ids=[p[1] for p in ALL_VIEWS])
def test_the_office_opens_every_page(login, ids, name, route, view):
    client = login("thuongtruc")
    response = client.get(url_for(name, route, ids))
    assert response.status_code in ({404} if name in OWN_ROWS else {200, 302, 405})


def test_an_anonymous_visitor_is_sent_to_the_login_page(ids):
    from django.test import Client

    for name, route, view in ALL_VIEWS:
        if view.access == "public":
            continue
        response = Client().get(url_for(name, route, ids))
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], route


def test_an_officer_sees_his_own_body(login, people):
    response = login("daumoi").get(reverse("bodies:detail", args=[people["daumoi"].body_id]))
    assert response.status_code == 200
    assert "Sở Tài chính" in response.content.decode()


def test_a_member_sees_only_the_bodies_he_oversees(login):
    client = login("thanhvien")
    assert (
        client.get(reverse("bodies:detail", args=[Body.objects.get(name="Sở Y tế").pk])).status_code
        == 200
    )
    assert (
        client.get(
            reverse("bodies:detail", args=[Body.objects.get(name="Sở Tài chính").pk])
        ).status_code
        == 403
    )


def test_the_chair_sees_every_body(login):
    client = login("chutich")
    for body in Body.objects.all()[:20]:
        assert client.get(reverse("bodies:detail", args=[body.pk])).status_code == 200
