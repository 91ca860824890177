"""A body's report: opening it for a period, saving it one item (or KPI value) at a time.

A report holds one item per task the body is assigned (lead or support) and one
value per KPI it leads. A new period's report starts from the body's last
report of the same plan, so an officer corrects last month's text instead of
typing it again.

Saving is per item (the page saves each as the officer types) so that a lost
connection loses at most one item. An item
save locks the report row (``lock_editable``), so it never races a submission;
a stale item (``seen_version``) is refused, never overwritten.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from theodoi.bodies.models import Body
from theodoi.core import clock
from theodoi.core.access import is_office
from theodoi.core.audit import audit
from theodoi.core.concurrency import check_unchanged
from theodoi.core.params import parse_int
from theodoi.core.roles import WRITER_ROLES
from theodoi.lib import dates, numbers
from theodoi.plans.models import Assignment, AssignmentRole, Plan

from ..models import EvidenceFile, ItemState, KpiValue, Period, Report, ReportItem
from .workflow import EDITABLE_STATES, lock_report_row

# What a new period's item takes over from the body's last report of the plan.
CARRIED_ITEM_FIELDS = [
    "state",
    "percent",
    "done_on",
    "results",
    "difficulties",
    "proposals",
    "evidence_ref",
    "evidence_date",
]
CARRIED_KPI_FIELDS = ["value", "numerator", "denominator", "note"]
TEXT_FIELDS = ["results", "difficulties", "proposals", "evidence_ref"]


def _open_assignment_rows(period: Period):
    """Assignments that call for a report in the period: tasks not closed (lead and
    support), KPIs not closed that the body leads."""
    rows = Assignment.objects.filter(plan_id=period.plan_id).exclude(task__closed_at__isnull=False)
    return rows.exclude(indicator__closed_at__isnull=False).exclude(
        indicator__isnull=False, role=AssignmentRole.SUPPORT
    )


def _open_assignments(period: Period, body_ids=None):
    rows = _open_assignment_rows(period)
    if body_ids is not None:
        rows = rows.filter(body_id__in=body_ids)
    return list(rows.values("id", "body_id", "task_id", "indicator_id"))


def _last_reports(period: Period, body_ids) -> dict[int, int]:
    """Each body's most recent report of the same plan before this period: body → report id."""
    earlier = (
        Report.objects.filter(
            period__plan_id=period.plan_id, body_id__in=body_ids, period__cutoff__lt=period.cutoff
        )
        .order_by("body_id", "-period__cutoff")
        .values_list("body_id", "id")
    )
    last: dict[int, int] = {}
    for body_id, report_id in earlier:
        last.setdefault(body_id, report_id)
    return last


@transaction.atomic
def _open(period: Period, body_ids: set[int]) -> None:
    """Create the missing reports of these bodies, and the missing items and KPI values of
    their reports still in the officer's hands (bulk). Nothing in a locked period."""
    if period.locked_at:
        return
    assignments = _open_assignments(period, body_ids)
    body_ids = {a["body_id"] for a in assignments}
    existing = set(
        Report.objects.filter(period=period, body_id__in=body_ids).values_list("body_id", flat=True)
    )
    Report.objects.bulk_create(
        [Report(period=period, body_id=b) for b in sorted(body_ids - existing)],
        ignore_conflicts=True,
    )
    report_of = dict(
        Report.objects.filter(
            period=period, body_id__in=body_ids, state__in=EDITABLE_STATES
        ).values_list("body_id", "id")
    )
    have_items = set(
        ReportItem.objects.filter(report_id__in=report_of.values()).values_list(
            "report_id", "assignment_id"
        )
    )
    have_values = set(
        KpiValue.objects.filter(report_id__in=report_of.values()).values_list(
            "report_id", "indicator_id"
        )
    )
    last = _last_reports(period, body_ids)
    old_items = {
        (i.report_id, i.assignment_id): i
        for i in ReportItem.objects.filter(report_id__in=last.values())
    }
    old_values = {
        (v.report_id, v.indicator_id): v
        for v in KpiValue.objects.filter(report_id__in=last.values())
    }
    items, values = [], []
    for a in assignments:
        report_id, previous = report_of.get(a["body_id"]), last.get(a["body_id"])
        if report_id is None:  # sent already: what was sent stays as it was
            continue
        if a["task_id"] and (report_id, a["id"]) not in have_items:
            item = ReportItem(report_id=report_id, assignment_id=a["id"])
            _copy(old_items.get((previous, a["id"])), item, CARRIED_ITEM_FIELDS)
            items.append(item)
        elif a["indicator_id"] and (report_id, a["indicator_id"]) not in have_values:
            value = KpiValue(report_id=report_id, indicator_id=a["indicator_id"])
            _copy(old_values.get((previous, a["indicator_id"])), value, CARRIED_KPI_FIELDS)
            values.append(value)
            have_values.add((report_id, a["indicator_id"]))
    ReportItem.objects.bulk_create(items, batch_size=1000, ignore_conflicts=True)
    KpiValue.objects.bulk_create(values, batch_size=1000, ignore_conflicts=True)


def _copy(source, target, fields: list[str]) -> None:
    if source is not None:
        for field in fields:
            setattr(target, field, getattr(source, field))


def report_open(*, period: Period, body: Body) -> Report | None:
    """The body's report for the period, created with its items if missing (idempotent);
    None in a locked period where the body has none.

    Items missing from a report still being written (a task added by an amendment)
    are added.
    """
    _open(period, {body.pk})
    if period.locked_at:
        return Report.objects.filter(period=period, body=body).first()
    report, _created = Report.objects.get_or_create(period=period, body=body)
    return report


def opens_on_sight(user, body: Body) -> bool:
    """Whether ``user`` may open the body's report (create its missing rows, with
    "Bắt đầu báo cáo"): only the body's own focal officer or head, who writes it. Anyone
    else only reads what there is. (The page itself never writes: ``report_start``.)"""
    return user.body_id == body.pk and user.role in WRITER_ROLES


def report_needs_opening(*, period: Period, body: Body, report: Report | None) -> bool:
    """Whether the body's report for the period has yet to be opened, or misses rows
    (a task or KPI added by an amendment): what "Bắt đầu báo cáo" would add. Never in a
    locked period nor for a report already sent. One query."""
    if period.locked_at or (report is not None and report.state not in EDITABLE_STATES):
        return False
    rows = _open_assignment_rows(period).filter(body_id=body.pk)
    if report is None:
        return rows.exists()
    has_item = Exists(ReportItem.objects.filter(report_id=report.pk, assignment_id=OuterRef("pk")))
    has_value = Exists(
        KpiValue.objects.filter(report_id=report.pk, indicator_id=OuterRef("indicator_id"))
    )
    missing = Q(task_id__isnull=False) & ~Q(has_item) | Q(
        task_id__isnull=True, indicator_id__isnull=False
    ) & ~Q(has_value)
    return rows.filter(missing).exists()


@transaction.atomic
def report_start(*, period: Period, body: Body, user) -> Report | None:
    """The officer's "Bắt đầu báo cáo": the body's report opened with its items (or the
    items it misses added), recorded as his. None in a locked period where the body has
    no report. Idempotent: a second press adds nothing and records nothing."""
    if not opens_on_sight(user, body):
        raise PermissionDenied
    if period.locked_at:
        raise ValidationError(_("Kỳ báo cáo đã khóa sổ; không thể thay đổi."), code="locked")
    before = Report.objects.filter(period=period, body=body).first()
    if not report_needs_opening(period=period, body=body, report=before):
        return before
    counts = _row_counts(before)
    report = report_open(period=period, body=body)
    report = Report.objects.select_for_update().get(pk=report.pk)
    items, values = _row_counts(report)
    audit(
        report,
        user,
        "reporting.report.opened",
        items=items - counts[0],
        kpis=values - counts[1],
    )
    report.version += 1
    report.save()
    return report


def _row_counts(report: Report | None) -> tuple[int, int]:
    if report is None:
        return 0, 0
    return report.items.count(), report.kpi_values.count()


def reports_open_for_period(*, period: Period) -> int:
    """Open the reports of every body with assignments in the plan; returns their number."""
    if period.locked_at:
        return 0
    body_ids = {a["body_id"] for a in _open_assignments(period)}
    _open(period, body_ids)
    return len(body_ids)


# --- Saving one item or one KPI value -------------------------------------------------


def parse_date(text: str, label: str) -> date | None:
    """``dd/mm/yyyy`` (also ``d/m/yyyy``) or empty; anything else is refused by name."""
    try:
        return dates.parse_date(text)
    except ValueError:
        raise ValidationError(
            _("%(field)s không hợp lệ: hãy ghi ngày/tháng/năm, ví dụ 05/03/2026.")
            % {"field": label},
            code="date",
        ) from None


# A KPI's figures are stored with 20 digits, 4 of them after the comma.
NUMBER_LIMIT = Decimal(10) ** 16


def parse_number(text: str, label: str) -> Decimal | None:
    """A number written the Vietnamese way (``14,5``, ``1.234,5``) or empty; one too
    large to store (or to compute with) is refused by name."""
    try:
        number = numbers.parse_number(text)
    except ValueError:
        raise ValidationError(
            _("%(field)s phải là một số, ví dụ 14,5.") % {"field": label}, code="number"
        ) from None
    return _within_limit(number, label)


def _within_limit(number: Decimal | None, label: str) -> Decimal | None:
    if number is not None and not -NUMBER_LIMIT < number < NUMBER_LIMIT:
        raise ValidationError(
            _("%(field)s quá lớn để lưu.") % {"field": label}, code="number_limit"
        )
    return number


def _edit_refusal(report: Report, user) -> Exception | None:
    """Why ``user`` may not change the report's items now (None: he may) — the one rule
    behind ``report_editable`` (what the page offers) and ``lock_editable`` (what a save
    is allowed): its own body's focal officer or head, in a period not locked, while
    the report is a draft or returned."""
    if not (user.body_id == report.body_id and user.role in WRITER_ROLES):
        return PermissionDenied()
    if report.period.locked_at:
        return ValidationError(_("Kỳ báo cáo đã khóa sổ; không thể thay đổi."), code="locked")
    if report.state not in EDITABLE_STATES:
        return ValidationError(
            _("Báo cáo đã gửi nên không sửa được; chỉ sửa được sau khi bị trả lại."),
            code="state",
        )
    return None


def report_editable(report: Report, user) -> bool:
    """Whether the page lets ``user`` change the report's items (``_edit_refusal``)."""
    return user.is_authenticated and _edit_refusal(report, user) is None


def lock_editable(obj, *, user, seen_version, rows=None):
    """``obj`` (an item, a KPI value) as stored now, locked with its report, and checked
    unchanged since the page showed ``seen_version`` (not compared when ``None``);
    refused by the rule of ``report_editable``. ``rows``: the queryset it is read from
    (what to read with it)."""
    refusal = _edit_refusal(obj.report, user)
    if isinstance(refusal, PermissionDenied):
        raise refusal
    report = lock_report_row(obj.report)
    rows = type(obj).objects.all() if rows is None else rows
    # The period read with the row, after the report's lock (see ``lock_report``).
    current = rows.select_for_update(of=("self",)).select_related("report__period").get(pk=obj.pk)
    report.period = current.report.period
    refusal = _edit_refusal(report, user)
    if refusal is not None:
        raise refusal
    if seen_version is not None:
        check_unchanged(current, seen_version)
    current.report = report
    return current


def _save(obj, *, user, reason: str):
    """Validate the fields and store them with a history row. A save never changes the
    row's report, task or KPI, so neither they nor its uniqueness are queried again
    (nor the constraints the fields' checks and the database already hold): a save's
    write transaction stays short, as the rush of the 25th needs."""
    obj.version += 1
    audit(obj, user, reason)
    links = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.full_clean(exclude=links, validate_unique=False, validate_constraints=False)
    obj.save()
    return obj


@clock.dated
@transaction.atomic
def report_item_save(
    *, item: ReportItem, data: dict, user, seen_version: int | None, now=None
) -> ReportItem:
    """Save the body's progress on one task: state, percent, texts, evidence reference.

    Only the fields present in ``data`` change. A task not done has no completion
    date; a done task without one counts as done on the day its report is sent. The
    item returned knows ``has_files`` (``selectors.reports.mark_items``).
    """
    files = EvidenceFile.objects.filter(item=OuterRef("pk"))
    with_files = ReportItem.objects.annotate(has_files=Exists(files))
    item = lock_editable(item, user=user, seen_version=seen_version, rows=with_files)
    state = data.get("state", item.state)
    if state not in ItemState.values:
        raise ValidationError(_("Tình trạng không hợp lệ."), code="state")
    percent = parse_int(str(data.get("percent", item.percent)).strip() or "0", maximum=100)
    if percent is None:
        raise ValidationError(_("Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100."), code="percent")
    if "evidence_date" in data:
        item.evidence_date = parse_date(data["evidence_date"], _("Ngày của văn bản chứng minh"))
    if "done_on" in data:
        item.done_on = parse_date(data["done_on"], _("Ngày hoàn thành"))
    item.state, item.percent = state, percent
    if state != ItemState.DONE:
        item.done_on = None  # a date of completion only for a task reported done
    for field in TEXT_FIELDS:
        if field in data:
            setattr(item, field, str(data[field]).strip())
    return _save(item, user=user, reason="reporting.item.saved")


@clock.dated
@transaction.atomic
def kpi_value_save(
    *, kpi_value: KpiValue, data: dict, user, seen_version: int | None, now=None
) -> KpiValue:
    """Save a KPI's value; for a rate, the value follows from numerator and denominator."""
    kpi_value = lock_editable(
        kpi_value,
        user=user,
        seen_version=seen_version,
        rows=KpiValue.objects.select_related("indicator"),
    )
    value = parse_number(data.get("value", ""), _("Giá trị"))
    numerator = parse_number(data.get("numerator", ""), _("Tử số"))
    denominator = parse_number(data.get("denominator", ""), _("Mẫu số"))
    if numerator is not None and denominator is not None:
        if denominator <= 0:
            raise ValidationError(_("Mẫu số phải lớn hơn 0."), code="denominator")
        if numerator > denominator and is_rate(kpi_value.indicator):
            raise ValidationError(_("Tử số không được lớn hơn mẫu số."), code="numerator")
        try:
            value = numerator / denominator * (100 if is_rate(kpi_value.indicator) else 1)
        except ArithmeticError:  # beyond what Decimal computes: far beyond the limit
            value = NUMBER_LIMIT
        value = _within_limit(value, _("Giá trị")).quantize(Decimal("0.0001"))
    kpi_value.value, kpi_value.numerator, kpi_value.denominator = value, numerator, denominator
    kpi_value.note = str(data.get("note", kpi_value.note)).strip()
    return _save(kpi_value, user=user, reason="reporting.kpi.saved")


def is_rate(indicator) -> bool:
    """A KPI in percent is reported with numerator and denominator.

    (No model field says whether the office wants them; the unit ``%`` decides for now.)
    """
    return indicator.unit.strip() == "%"


@transaction.atomic
def plan_completeness_set(*, plan: Plan, require_every_item: bool, user) -> Plan:
    """The office decides whether the plan's reports may be sent with items left empty
    (``checks.report_send_check``)."""
    if not is_office(user):
        raise PermissionDenied
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    plan.reports_require_every_item = bool(require_every_item)
    audit(plan, user, "reporting.plan.completeness_set", every_item=plan.reports_require_every_item)
    plan.save(update_fields=["reports_require_every_item"])
    return plan
