"""The office corrects the structure the importer guessed, and the document is read again.

The document (``tests/guessed_columns.py``) has a task column headed "Việc cần
làm", which the importer has never seen (its role is guessed from the cells),
and a column "Nguồn giao" holding each task's basis, which it reads as products.
Tasks run at once (the immediate backend): a re-read runs when its request is
committed (``django_capture_on_commit_callbacks(execute=True)``).
"""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.guessed_columns import BASIS, KNOWN, TITLE, write_plan
from theodoi.core.concurrency import EditConflict
from theodoi.plans.models import ImportStatus, Plan, PlanImport, PlanStatus, Section, Task
from theodoi.plans.services import imports, review
from theodoi.plans.services.publish import plan_publish
from theodoi.plans.services.structure import plan_import_correct, structure_fingerprint

BASIS_COLUMN = (0, 5)  # "Nguồn giao": read as products, holds the basis


pytestmark = pytest.mark.usefixtures("media")  # uploads go to a folder of the test's own


@pytest.fixture
def office(people):
    return people["thuongtruc"]


@pytest.fixture
def read(office, tmp_path, django_capture_on_commit_callbacks):
    """``read(headers)``: the office uploads the plan; the worker reads it. The import."""

    def upload(headers=None):
        path = write_plan(tmp_path / "ke-hoach.docx", *([headers] if headers else []))
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        with django_capture_on_commit_callbacks(execute=True):
            plan_import = imports.plan_import_create(upload=upload, user=office)
        plan_import.refresh_from_db()
        assert plan_import.status == ImportStatus.DONE, plan_import.message
        return plan_import

    return upload


def correct(plan_import, user, *, run=None, columns=None, flip=None, seen_version=None):
    """The office's corrections of ``plan_import``'s draft; the re-read runs on commit
    (``run``: the fixture that executes the callbacks) or waits in the queue."""
    kwargs = {
        "plan": plan_import.plan,
        "user": user,
        "seen_version": structure_fingerprint(plan_import)
        if seen_version is None
        else seen_version,
        "columns": columns,
        "flip": flip,
    }
    if run is None:
        return plan_import_correct(**kwargs)
    with run(execute=True):
        plan_import_correct(**kwargs)
    plan_import.refresh_from_db()
    return plan_import


def unchanged(plan_import, plan):
    """Nothing was recorded or queued, and the draft is still there."""
    plan_import.refresh_from_db()
    assert (plan_import.status, plan_import.requested, plan_import.corrections) == (
        ImportStatus.DONE,
        None,
        {},
    )
    assert plan_import.plan_id == plan.pk and Plan.objects.filter(pk=plan.pk).exists()


# --- What the import keeps -------------------------------------------------------------


def edit_a_cell(plan, task, user):
    """The office corrects a task's product on the review grid."""
    review.cell_save(
        plan=plan,
        kind="task",
        pk=task.pk,
        field="deliverable",
        value="Báo cáo",
        seen_version=review.row_fingerprint("task", task),
        user=user,
    )


def test_the_import_keeps_the_structure_the_importer_read_and_each_row_its_origin(read):
    plan_import = read()

    columns = plan_import.tables[0]["columns"]
    assert [(c["header"], c["role"], c["by"]) for c in columns[1::4]] == [
        ("Việc cần làm", "title", "cells"),
        ("Nguồn giao", "deliverable", "cells"),
    ]
    assert plan_import.corrections == {} and plan_import.requested is None
    plan = plan_import.plan
    assert plan.sections.get(code="I").origin == {"table": 0, "row": 1}
    assert plan.tasks.get(code="2").origin == {"table": 0, "row": 3}


# --- A column's role corrected -----------------------------------------------------------


def test_a_corrected_column_reads_the_file_again_into_a_new_draft_in_place_of_the_old(
    read, office, django_capture_on_commit_callbacks
):
    plan_import = read()
    old = plan_import.plan
    assert old.tasks.get(code="2").deliverable == BASIS["2"]

    plan_import = correct(
        plan_import, office, run=django_capture_on_commit_callbacks, columns={BASIS_COLUMN: "basis"}
    )

    assert not Plan.objects.filter(pk=old.pk).exists()
    plan = plan_import.plan
    assert plan.status == PlanStatus.DRAFT and plan.title == TITLE
    assert [(t.code, t.basis, t.deliverable) for t in plan.tasks.order_by("position")] == [
        ("1", BASIS["1"], ""),
        ("2", BASIS["2"], ""),
        ("1", BASIS["3"], ""),
    ]
    fix = {"table": 0, "column": 5, "role": "basis"}
    assert plan_import.corrections == {"columns": [fix], "rows": []}
    assert plan_import.requested is None and plan_import.status == ImportStatus.DONE
    assert plan_import.tables[0]["columns"][5] | {"confidence": 1.0} == {
        "column": 5,
        "header": "Nguồn giao",
        "role": "basis",
        "confidence": 1.0,
        "by": "office",
    }


def test_who_corrected_the_structure_when_and_how_is_in_the_history(
    read, office, login, django_capture_on_commit_callbacks
):
    plan_import = read()
    old_id = plan_import.plan_id
    plan_import = correct(
        plan_import, office, run=django_capture_on_commit_callbacks, columns={BASIS_COLUMN: "basis"}
    )

    asked = plan_import.history.order_by("-history_id").first()
    assert (asked.history_user, asked.history_change_reason) == (office, "plans.import.reread")
    assert asked.requested == {"columns": [{"table": 0, "column": 5, "role": "basis"}], "rows": []}
    gone = Plan.history.get(id=old_id, history_type="-")
    made = Plan.history.get(id=plan_import.plan_id, history_type="+")
    for record in (gone, made):
        assert (record.history_user, record.history_change_reason) == (office, imports.REREAD)
    tasks = Task.history.filter(plan_id__in=[old_id, plan_import.plan_id])
    assert not tasks.filter(history_user__isnull=True).exists()
    assert tasks.filter(plan_id=old_id, history_type="-").count() == 3
    url = reverse("core:history", args=["nhap-ke-hoach", plan_import.pk])
    page = login("thuongtruc").get(url).content.decode()
    assert "ke-hoach.docx" in page and "&#x27;role&#x27;: &#x27;basis&#x27;" in page


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({BASIS_COLUMN: "kpi"}, "Vai trò “kpi” không có trong danh sách."),
        ({(0, 1): None}, "không còn là bảng nhiệm vụ, chỉ tiêu hay thành viên"),
        ({(0, 0): None}, "Bảng 1 không còn cột nào là “số thứ tự”"),
        (
            {BASIS_COLUMN: "title"},
            "Cột “Việc cần làm” và cột “Nguồn giao” của bảng 1 cùng là “nội dung nhiệm vụ”",
        ),
        ({(0, 9): "basis"}, "Bảng 1 không có cột này."),
        ({(3, 0): "basis"}, "Bảng 4 không có cột này."),
        ({BASIS_COLUMN: "deliverable"}, "Chưa đổi vai trò cột nào; bản nháp giữ nguyên."),
    ],
)
def test_roles_that_cannot_be_read_are_refused_with_one_message_and_nothing_changes(
    read, office, columns, message
):
    plan_import = read()
    plan = plan_import.plan
    with pytest.raises(ValidationError) as refused:
        correct(plan_import, office, columns=columns)
    assert message in refused.value.messages[0]
    unchanged(plan_import, plan)


def test_a_structure_changed_since_the_office_saw_it_is_refused(
    read, office, people, django_capture_on_commit_callbacks
):
    plan_import = read()
    seen = structure_fingerprint(plan_import)
    plan_import = correct(
        plan_import, office, run=django_capture_on_commit_callbacks, columns={BASIS_COLUMN: "basis"}
    )
    plan = plan_import.plan

    with pytest.raises(EditConflict):
        correct(
            plan_import, people["thuongtruc"], columns={BASIS_COLUMN: "note"}, seen_version=seen
        )
    plan_import.refresh_from_db()
    assert plan_import.plan == plan and plan_import.requested is None


def test_a_published_plan_is_not_read_again(read, office):
    plan_import = read()
    plan = plan_import.plan
    plan_publish(plan=plan, user=office, confirm_gaps=True)

    with pytest.raises(ValidationError, match="đã ban hành"):
        correct(plan_import, office, columns={BASIS_COLUMN: "basis"})
    plan_import.refresh_from_db()
    assert plan_import.requested is None and plan_import.plan == plan


def test_a_plan_made_by_hand_has_no_file_to_read_again(registry, office):
    plan = Plan.objects.create(title="Kế hoạch làm tay")
    with pytest.raises(ValidationError, match="không đọc từ tệp nào"):
        plan_import_correct(
            plan=plan, user=office, seen_version="", columns={BASIS_COLUMN: "basis"}
        )


# --- While the re-read waits, and when it cannot replace the draft ----------------------


def test_while_the_draft_is_read_again_it_is_neither_edited_nor_published(read, office):
    plan_import = read()
    plan = plan_import.plan
    correct(plan_import, office, columns={BASIS_COLUMN: "basis"})  # queued, not run
    task = plan.tasks.get(code="2")

    with pytest.raises(ValidationError, match="đang được đọc lại"):
        edit_a_cell(plan, task, office)
    with pytest.raises(ValidationError, match="đang được đọc lại"):
        plan_publish(plan=plan, user=office, confirm_gaps=True)
    with pytest.raises(ValidationError, match="đang được đọc lại"):
        correct(PlanImport.objects.get(), office, columns={BASIS_COLUMN: "note"})


def test_a_draft_published_before_the_worker_reads_it_again_stays_as_it_is(read, office):
    plan_import = read()
    plan = plan_import.plan
    correct(plan_import, office, columns={BASIS_COLUMN: "basis"})
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.PUBLISHED)  # a publish that won

    imports.plan_import_run(import_id=plan_import.pk)

    plan_import.refresh_from_db()
    assert plan_import.status == ImportStatus.DONE and plan_import.plan == plan
    assert "đã được ban hành" in plan_import.message and plan_import.requested is None
    assert Plan.objects.get().tasks.get(code="2").deliverable == BASIS["2"]


def test_a_re_read_that_fails_leaves_the_draft_and_its_edits(read, office):
    plan_import = read()
    plan = plan_import.plan
    task = plan.tasks.get(code="2")
    correct(plan_import, office, columns={BASIS_COLUMN: "basis"})

    with mock.patch.object(imports, "plan_draft_replace", side_effect=RuntimeError("disk")):
        imports.plan_import_run(import_id=plan_import.pk)

    plan_import.refresh_from_db()
    assert (plan_import.status, plan_import.plan, plan_import.corrections) == (
        ImportStatus.DONE,
        plan,
        {},
    )
    assert "lỗi ngoài dự kiến" in plan_import.message
    assert Task.objects.get(pk=task.pk).deliverable == BASIS["2"]
    assert Plan.objects.count() == 1


# --- Rows flipped between section and task -----------------------------------------------


def test_a_task_row_read_as_a_section_and_back(read, office, django_capture_on_commit_callbacks):
    plan_import = read()
    task = plan_import.plan.tasks.get(code="1", section__code="I")

    plan_import = correct(
        plan_import, office, run=django_capture_on_commit_callbacks, flip=("task", task.pk)
    )

    plan = plan_import.plan
    section = plan.sections.get(code="1")
    assert section.origin == {"table": 0, "row": 2} and section.title.startswith("Rà soát")
    assert plan.tasks.count() == 2
    assert plan_import.corrections["rows"] == [{"table": 0, "row": 2, "as": "section"}]

    plan_import = correct(
        plan_import, office, run=django_capture_on_commit_callbacks, flip=("section", section.pk)
    )
    assert plan_import.corrections["rows"] == [{"table": 0, "row": 2, "as": "task"}]
    assert plan_import.plan.tasks.count() == 3


def test_a_row_added_by_hand_cannot_be_flipped(read, office):
    plan_import = read()
    plan = plan_import.plan
    section = Section.objects.create(plan=plan, code="C", path="C", title="Phần mới", position=9)
    with pytest.raises(ValidationError, match="không đọc từ bảng"):
        correct(plan_import, office, flip=("section", section.pk))
    unchanged(plan_import, plan)


# --- The review page ----------------------------------------------------------------------


def test_the_panel_shows_the_guessed_columns_with_their_roles_and_where_they_came_from(read, login):
    plan = read().plan
    page = login("thuongtruc").get(reverse("plans:review", args=[plan.pk])).content.decode()

    assert "Cấu trúc bảng" in page
    assert "Việc cần làm" in page and "đoán theo nội dung" in page and "theo tiêu đề" in page
    assert '<tr class="guessed" data-column="5">' in page
    assert '<option value="deliverable" selected>Sản phẩm</option>' in page
    assert '<option value="">(không đọc)</option>' in page
    assert "Đọc lại bảng theo vai trò đã chọn" in page
    assert "chưa có sửa nào trên bảng duyệt" in page
    assert page.count('name="flip"') == 5  # 2 sections + 3 tasks


def test_the_panel_says_how_many_grid_edits_a_re_read_would_lose(read, login, office):
    plan = read().plan
    task = plan.tasks.get(code="2")
    edit_a_cell(plan, task, office)
    page = login("thuongtruc").get(reverse("plans:review", args=[plan.pk])).content.decode()
    assert "1 lần sửa trên bảng duyệt sẽ mất" in page
    assert 'data-confirm="' in page


def test_no_panel_when_every_column_was_named_by_its_header(read, login):
    plan = read(KNOWN).plan
    page = login("thuongtruc").get(reverse("plans:review", args=[plan.pk])).content.decode()
    assert "Cấu trúc bảng" not in page and "Đọc lại bảng theo vai trò đã chọn" not in page
    assert page.count('name="flip"') == 5  # rows can still be flipped


def test_the_panel_is_in_english_on_english_pages(read, login):
    plan = read().plan
    client = login("thuongtruc")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("plans:review", args=[plan.pk])).content.decode()
    assert "Table structure" in page and "guessed from the cells" in page
    assert '<option value="deliverable" selected>Product</option>' in page


def test_the_office_corrects_a_column_on_the_page_and_follows_the_re_read(
    read, login, django_capture_on_commit_callbacks
):
    plan_import = read()
    client = login("thuongtruc")
    data = {"seen_version": structure_fingerprint(plan_import)}
    data |= {f"role-0-{c['column']}": c["role"] or "" for c in plan_import.tables[0]["columns"]}
    data["role-0-5"] = "basis"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:review_structure", args=[plan_import.plan_id]), data)

    assert response["Location"] == reverse("plans:import", args=[plan_import.pk])
    status = client.get(response["Location"]).content.decode()
    assert "Bản nháp mới, đọc theo cấu trúc Văn phòng đã chỉnh" in status
    plan_import.refresh_from_db()
    assert plan_import.plan.tasks.filter(basis=BASIS["1"]).exists()


def test_a_refused_correction_comes_back_to_the_panel_with_its_message(read, login):
    plan_import = read()
    client = login("thuongtruc")
    url = reverse("plans:review_structure", args=[plan_import.plan_id])
    data = {"seen_version": structure_fingerprint(plan_import), "role-0-1": ""}

    response = client.post(url, data, follow=True)

    assert response.redirect_chain[-1][0].endswith("/duyet/#cau-truc")
    assert "không còn là bảng nhiệm vụ" in response.content.decode()
    unchanged(plan_import, plan_import.plan)


def test_the_review_page_of_a_draft_being_read_again_shows_the_progress(read, login, office):
    plan_import = read()
    correct(plan_import, office, columns={BASIS_COLUMN: "basis"})
    client = login("thuongtruc")

    response = client.get(reverse("plans:review", args=[plan_import.plan_id]))

    assert response["Location"] == reverse("plans:import", args=[plan_import.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Đang đọc lại văn bản theo cấu trúc Văn phòng đã chỉnh" in page
    assert 'hx-trigger="every 1s"' in page


@pytest.mark.parametrize("username", ["daumoi", "lanhdao", "chutich", "uyvien"])
def test_only_the_office_corrects_the_structure(read, login, username):
    plan_import = read()
    url = reverse("plans:review_structure", args=[plan_import.plan_id])
    response = login(username).post(url, {"seen_version": "", "role-0-5": "basis", "flip": ""})
    assert response.status_code == 403
    unchanged(plan_import, plan_import.plan)
