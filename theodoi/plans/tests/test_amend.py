"""An amended document applied to a published plan: preview, then one transaction."""

import copy
import io
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from theodoi.core.concurrency import EditConflict
from theodoi.plans.models import Assignment, PlanImport, PlanVersion, Task
from theodoi.plans.serialize import plan_to_json
from theodoi.plans.services.amend import plan_amend_apply, plan_amend_preview
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.excel import plan_workbook
from theodoi.plans.services.publish import PublishRefused, plan_publish
from theodoi.reporting.models import ReportingRule

PLANS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "plans"


@pytest.fixture
def plan(people):
    data = json.loads((PLANS / "001_6cb26fb914e0f802.json").read_text("utf-8"))
    plan = plan_draft_create(data=data, source_name="kh-2026.txt")
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)
    plan.refresh_from_db()
    return plan


def task(plan, section, code) -> Task:
    return plan.tasks.get(section__path=section, code=code)


def amended(plan) -> dict:
    """The plan's document with one task reworded and re-timed, one removed, one added,
    one renumbered, and a KPI's target raised."""
    data = copy.deepcopy(plan_to_json(plan))
    tasks = data["tasks"]
    tasks[0]["title"] = "Rà soát, sửa đổi quy chế (đã sửa đổi)"
    tasks[0]["deadline"] = {
        "text": "9/2026",
        "due": "2026-09-30",
        "recurrence": None,
        "condition": None,
    }
    removed = tasks.pop(2)
    tasks.append(
        {
            **copy.deepcopy(tasks[-1]),
            "code": "99",
            "title": "Xây dựng kho dữ liệu dùng chung của tỉnh",
            "lead": ["Sở Tài chính"],
            "support": [],
        }
    )
    tasks[5]["code"] = tasks[5]["code"] + "0"  # renumbered, same words
    data["indicators"][0]["target"] = {"text": "≥ 16", "op": ">=", "value": 16}
    return data, removed


def test_the_preview_lists_tasks_added_removed_and_changed_field_by_field(plan):
    data, removed = amended(plan)
    diff = plan_amend_preview(plan=plan, data=data)

    assert [row["code"] for row in diff.tasks.added] == ["99"]
    assert [t.title for t in diff.tasks.removed] == [removed["title"]]
    first = plan_to_json(plan)["tasks"][0]
    reworded = next(c for c in diff.tasks.changed if c.obj.code == first["code"])
    fields = {f.field: (f.old, f.new) for f in reworded.changes}
    assert fields["title"] == (first["title"], "Rà soát, sửa đổi quy chế (đã sửa đổi)")
    assert fields["deadline"] == (first["deadline"]["text"], "9/2026")
    assert fields["due"][1] == "2026-09-30"
    renumbered = next(c for c in diff.tasks.changed if [f.field for f in c.changes] == ["code"])
    assert renumbered.changes[0].new == renumbered.changes[0].old + "0"
    assert [f.field for f in diff.indicators.changed[0].changes] == ["target"]
    assert not diff.unresolved and not diff.empty


def test_applying_keeps_the_ids_of_unchanged_and_changed_tasks_and_closes_removed_ones(
    plan, people
):
    data, removed = amended(plan)
    before = {t.pk for t in plan.tasks.all()}
    removed_task = task(plan, removed["section"], removed["code"])
    first = plan.tasks.order_by("position").first()

    version = plan_amend_apply(plan=plan, data=data, user=people["thuongtruc"])

    plan.refresh_from_db()
    assert plan.version == 2 and version.number == 2
    assert version.applied_by == people["thuongtruc"]
    assert version.changes["tasks"]["added"] == [data["tasks"][-1]["section"] + "/99"]
    first.refresh_from_db()
    assert first.title == "Rà soát, sửa đổi quy chế (đã sửa đổi)"
    assert first.due.isoformat() == "2026-09-30"
    removed_task.refresh_from_db()
    assert removed_task.closed_at is not None  # closed, not deleted
    after = {t.pk for t in plan.tasks.all()}
    assert before <= after and len(after - before) == 1
    assert plan.indicators.get(code="1", parent=None).target_value == 16
    # The plan now reads as the amended document.
    expected = {k: v for k, v in data.items() if k not in ("source", "warnings")}
    got = {k: v for k, v in plan_to_json(plan).items() if k not in ("source", "warnings")}
    assert got == expected


def test_filed_work_stays_attached_to_the_tasks_that_stay(plan, people):
    """Reports come with the next issue; until then an Assignment row stands for
    anything that references a task: its id and its task survive the amendment."""
    data, removed = amended(plan)
    kept = Assignment.objects.filter(task__isnull=False).exclude(
        task__code__in=[removed["code"], data["tasks"][0]["code"]]
    )
    snapshot = {a.pk: a.task_id for a in kept}

    plan_amend_apply(plan=plan, data=data, user=people["thuongtruc"])

    assert {a.pk: a.task_id for a in Assignment.objects.filter(pk__in=snapshot)} == snapshot


def test_an_added_task_is_assigned_and_a_changed_lead_is_reassigned(plan, people):
    data, _removed = amended(plan)
    finance = people["daumoi"].body
    target = data["tasks"][1]
    target["lead"] = ["Sở Tài chính"]
    changed = task(plan, target["section"], target["code"])

    plan_amend_apply(plan=plan, data=data, user=people["thuongtruc"])

    added = plan.tasks.get(code="99")
    assert added.assignments.filter(body=finance, role="lead").exists()
    assert list(changed.assignments.filter(role="lead").values_list("body", flat=True)) == [
        finance.pk
    ]


def test_a_new_name_the_registry_does_not_know_is_refused_with_the_list(plan, people):
    data, _removed = amended(plan)
    data["tasks"][-1]["lead"] = ["Ban Quản lý dự án ABC"]
    assert plan_amend_preview(plan=plan, data=data).unresolved[0].text == "Ban Quản lý dự án ABC"
    with pytest.raises(PublishRefused) as refused:
        plan_amend_apply(plan=plan, data=data, user=people["thuongtruc"])
    assert [u.text for u in refused.value.unresolved] == ["Ban Quản lý dự án ABC"]
    plan.refresh_from_db()
    assert plan.version == 1 and not plan.tasks.filter(code="99").exists()


def test_a_document_that_changes_nothing_is_refused(plan, people):
    with pytest.raises(ValidationError):
        plan_amend_apply(plan=plan, data=plan_to_json(plan), user=people["thuongtruc"])
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_an_amendment_previewed_on_an_older_version_is_refused(plan, people):
    data, _removed = amended(plan)
    plan_amend_apply(plan=plan, data=data, user=people["thuongtruc"])
    data["tasks"][0]["title"] = "Một lần sửa nữa"
    with pytest.raises(EditConflict):
        plan_amend_apply(plan=plan, data=data, user=people["thuongtruc"], seen_version=1)
    plan.refresh_from_db()
    assert plan.version == 2


def test_the_office_uploads_an_amended_excel_previews_and_applies_it(
    plan, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    """The upload is read in the background (at once here, on commit); its page then
    shows the changes, and "apply" applies the JSON the worker kept."""
    settings.MEDIA_ROOT = tmp_path
    book = openpyxl.load_workbook(io.BytesIO(plan_workbook(plan)))
    sheet = book["Nhiệm vụ"]
    header = next(c.row for c in sheet["A"] if c.value == "TT")
    cell = sheet.cell(header + 2, 6)  # the first task's "Thời gian hoàn thành"
    old, cell.value = cell.value, "Quý III/2026"
    out = io.BytesIO()
    book.save(out)
    client = login("thuongtruc")

    upload = SimpleUploadedFile("ke-hoach-sua-doi.xlsx", out.getvalue())
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(reverse("plans:amend", args=[plan.pk]), {"file": upload})

    imported = PlanImport.objects.get(amends=plan)
    assert posted.status_code == 302
    assert posted["Location"] == reverse("plans:amend-import", args=[plan.pk, imported.pk])
    assert imported.status == "done" and imported.parsed and imported.plan is None
    preview = client.get(posted["Location"])
    page = preview.content.decode()
    assert preview.status_code == 200 and "Quý III/2026" in page and old in page
    assert 'hx-trigger="every 1s"' not in page  # read: nothing to poll
    applied = client.post(
        reverse("plans:amend-apply", args=[plan.pk]), {"import": imported.pk, "seen_version": 1}
    )
    assert applied.status_code == 302
    plan.refresh_from_db()
    assert plan.version == 2 and plan.tasks.filter(deadline_text="Quý III/2026").exists()


def test_a_focal_officer_cannot_amend_a_plan(plan, login):
    assert login("daumoi").get(reverse("plans:amend", args=[plan.pk])).status_code == 403


def test_a_kpi_the_amendment_drops_is_closed_not_deleted(plan, people):
    data = copy.deepcopy(plan_to_json(plan))
    dropped = data["indicators"].pop()
    indicator = plan.indicators.get(code=dropped["code"], parent=None)

    plan_amend_apply(plan=plan, data=data, user=people["thuongtruc"])

    indicator.refresh_from_db()
    assert indicator.closed_at is not None
    assert dropped["name"] not in [i["name"] for i in plan_to_json(plan)["indicators"]]


# --- Reporting duties ------------------------------------------------------------------


def test_a_duty_the_amendment_adds_becomes_a_rule_with_the_periods_still_to_come(plan, people):
    before = {(r.frequency, r.due_day, r.due_date) for r in plan.reporting_rules.all()}
    data = copy.deepcopy(plan_to_json(plan))
    data["reporting"].append(
        {
            "text": "báo cáo sơ kết 6 tháng trước ngày 20/6/2026 và tổng kết trước ngày 15/12",
            "frequency": "half-yearly",
            "day": 15,
            "time": None,
            "date": None,
            "to": "Ban Chỉ đạo",
        }
    )
    moment = datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    plan_amend_apply(plan=plan, data=data, user=people["thuongtruc"], now=moment)

    rules = {(r.frequency, r.due_day, r.due_date): r for r in plan.reporting_rules.all()}
    assert set(rules) - before == {("half-yearly", 15, None)}
    new = rules["half-yearly", 15, None]
    # The first half's period was over: only the second half is asked for.
    assert [p.cutoff > moment for p in new.periods.all()] == [True]
    assert new.history.first().history_user == people["thuongtruc"]
    # The duties the document kept keep their rules, as the office may have edited them.
    assert ReportingRule.objects.filter(plan=plan).count() == len(before) + 1


def test_an_office_edited_rule_is_not_made_again_by_an_amendment(plan, people):
    rule = plan.reporting_rules.get(frequency="monthly")
    rule.due_day = 20  # the office moved the cut-off; the document still says the 25th
    rule.save()
    data, _removed = amended(plan)
    plan_amend_apply(plan=plan, data=data, user=people["thuongtruc"])
    assert plan.reporting_rules.filter(frequency="monthly").count() == 1
