"""What is empty or inconsistent in a report, and whether it may be sent as it is.

Saving an item never refuses for these (nothing typed is lost); the item shows its
problems, and sending is refused while an item is inconsistent — or empty, when
the plan says every item must be filled (``Plan.reports_require_every_item``);
otherwise the officer confirms sending with items left empty.

(Its own module, not ``reports.py``: ``workflow.report_submit`` calls it, and
``reports.py`` already imports ``workflow``.)
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.formatting import format_date

from ..models import EvidenceFile, ItemState, KpiValue, Report, ReportItem


def item_label(item: ReportItem) -> str:
    """``I/1 Số hóa hồ sơ…``: how an item is named in a message."""
    task = item.assignment.task
    code = f"{task.section.code}/{task.code}" if task.section else task.code
    title = task.title if len(task.title) <= 60 else task.title[:59] + "…"
    return f"{code} {title}"


def kpi_label(kpi: KpiValue) -> str:
    return _("Chỉ tiêu %(code)s %(name)s") % {
        "code": kpi.indicator.code,
        "name": kpi.indicator.name,
    }


def item_is_empty(item: ReportItem, *, has_files: bool) -> bool:
    """Nothing entered: the state as opened, no percent, no text, no date, no file."""
    return not (
        item.state != ItemState.NOT_STARTED
        or item.percent
        or item.done_on
        or item.evidence_date
        or has_files
        or any(
            str(getattr(item, name)).strip()
            for name in ["results", "difficulties", "proposals", "evidence_ref"]
        )
    )


def report_progress(report: Report) -> "ReportCount":
    """How many of the report's items and KPI values are filled: one counting query, not
    the items themselves — a save's answer shows it, 100 times a second on the rush of
    the 25th, so it is written once in SQL rather than compiled by the ORM each time.

    An item is empty as ``item_is_empty`` says (its texts are stored without
    surrounding blanks: ``report_item_save``); a KPI value when it has no value."""
    items, kpis = ReportItem._meta.db_table, KpiValue._meta.db_table
    files = EvidenceFile._meta.db_table
    empty_item = (
        "i.state = %s AND i.percent = 0 AND i.done_on IS NULL AND i.evidence_date IS NULL"
        " AND i.results = '' AND i.difficulties = '' AND i.proposals = ''"
        f" AND i.evidence_ref = '' AND NOT EXISTS (SELECT 1 FROM {files} f"
        " WHERE f.item_id = i.id)"
    )
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {items} i WHERE i.report_id = %s),"
        f" (SELECT COUNT(*) FROM {items} i WHERE i.report_id = %s AND {empty_item}),"
        f" (SELECT COUNT(*) FROM {kpis} k WHERE k.report_id = %s),"
        f" (SELECT COUNT(*) FROM {kpis} k WHERE k.report_id = %s AND k.value IS NULL)"
    )
    pk = report.pk
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk, pk, ItemState.NOT_STARTED, pk, pk])
        item_total, item_empty, kpi_total, kpi_empty = cursor.fetchone()
    return ReportCount(total=item_total + kpi_total, empty_count=item_empty + kpi_empty)


@dataclass
class ReportCount:
    """What the progress line shows: ``filled``/``total``."""

    total: int
    empty_count: int

    @property
    def filled(self) -> int:
        return self.total - self.empty_count


def kpi_is_empty(kpi: KpiValue) -> bool:
    return kpi.value is None


def item_problems(item: ReportItem, *, has_files: bool, today: date) -> list[str]:
    """Where the state, the percent, the completion date and the product disagree."""
    problems = []
    done = item.state == ItemState.DONE
    if done and item.percent < 100:
        problems.append(_("“Hoàn thành” nhưng tỷ lệ hoàn thành chưa tới 100."))
    if done and not item.done_on:
        problems.append(_("“Hoàn thành” nhưng chưa ghi ngày hoàn thành."))
    if done and not (item.evidence_ref.strip() or has_files):
        problems.append(
            _("“Hoàn thành” nhưng chưa có sản phẩm: ghi số văn bản chứng minh hoặc đính kèm tệp.")
        )
    if item.percent == 100 and not done:
        problems.append(_("Tỷ lệ hoàn thành là 100 nhưng tình trạng chưa là “Hoàn thành”."))
    if item.state == ItemState.NOT_STARTED and item.percent > 0:
        problems.append(_("“Chưa triển khai” nhưng tỷ lệ hoàn thành lớn hơn 0."))
    if item.done_on and item.done_on > today:
        problems.append(
            _("Ngày hoàn thành %(date)s chưa tới.") % {"date": format_date(item.done_on)}
        )
    return problems


@dataclass
class ReportProblems:
    require_every_item: bool
    total: int = 0  # items and KPI values
    inconsistent: list[tuple[ReportItem, list[str]]] = field(default_factory=list)
    empty_items: list[ReportItem] = field(default_factory=list)
    empty_kpis: list[KpiValue] = field(default_factory=list)

    @property
    def empty_count(self) -> int:
        return len(self.empty_items) + len(self.empty_kpis)

    @property
    def filled(self) -> int:
        return self.total - self.empty_count

    @property
    def empty_blocks(self) -> bool:
        return self.require_every_item and self.empty_count > 0

    @property
    def blocks(self) -> bool:
        """Sending is refused whatever the officer says."""
        return bool(self.inconsistent) or self.empty_blocks


def report_problems(report: Report, *, now=None) -> ReportProblems:
    """The report's empty and inconsistent items and KPI values (four queries)."""
    today = clock.today(now)
    plan_requires = Report.objects.filter(pk=report.pk).values_list(
        "period__plan__reports_require_every_item", flat=True
    )
    problems = ReportProblems(require_every_item=bool(plan_requires.first()))
    items = list(
        report.items.select_related("assignment__task__section").order_by(
            "assignment__role", "assignment__task__position"
        )
    )
    with_files = set(
        EvidenceFile.objects.filter(item__report=report).values_list("item_id", flat=True)
    )
    kpis = list(report.kpi_values.select_related("indicator").order_by("indicator__position"))
    problems.total = len(items) + len(kpis)
    for item in items:
        item.label = item_label(item)
        has_files = item.pk in with_files
        if found := item_problems(item, has_files=has_files, today=today):
            problems.inconsistent.append((item, found))
        elif item_is_empty(item, has_files=has_files):
            problems.empty_items.append(item)
    for kpi in kpis:
        kpi.label = kpi_label(kpi)
    problems.empty_kpis = [kpi for kpi in kpis if kpi_is_empty(kpi)]
    return problems


def report_send_check(report: Report, *, confirm_empty: bool, now=None) -> None:
    """Refuse sending an inconsistent report, or one with empty items unless allowed."""
    problems = report_problems(report, now=now)
    if problems.inconsistent:
        names = "; ".join(item_label(item) for item, _found in problems.inconsistent)
        raise ValidationError(
            _("Chưa gửi được: %(count)s mục có nội dung mâu thuẫn: %(items)s.")
            % {"count": len(problems.inconsistent), "items": names},
            code="inconsistent",
        )
    if problems.empty_blocks:
        raise ValidationError(
            _("Chưa gửi được: kế hoạch yêu cầu nhập đủ mọi mục, còn %(count)s mục chưa nhập.")
            % {"count": problems.empty_count},
            code="empty",
        )
    if problems.empty_count and not confirm_empty:
        raise ValidationError(
            _("Còn %(count)s mục chưa nhập; hãy xác nhận gửi dù còn mục chưa nhập.")
            % {"count": problems.empty_count},
            code="unconfirmed",
        )
