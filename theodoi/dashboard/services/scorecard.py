"""The yearly scorecard of the bodies (thi đua, khen thưởng, phê bình) and the office's
settings of a plan's dashboard.

``scorecard_store`` computes it after each rollup of a period (and when the weights
change) from the stored ``BodyPeriodStat`` rows of the plan's periods whose data end in
the year, and stores a ``BodyYear`` row per body; the pages read those rows, a page at
a time. Per body:

- completion rate = tasks done ÷ tasks fallen due, and on-time rate = tasks done on
  time ÷ tasks done, both from the body's latest period of the year (its task counts
  are a standing as of that period, not events to add up);
- reporting timeliness = reports sent on time ÷ reports expected, over the periods
  whose cut-off has passed (or whose report is sent);
- KPI results = KPIs met ÷ KPIs assessed, from the latest period where the body had
  KPIs assessed (the year's standing).

The score is Σ weight × rate over the components that have a denominator, divided by
the sum of their weights (a missing component re-weights the others), in points out of
100. Default weights (``DashboardSettings``): completion 40, on time 30, reporting 20,
KPIs 10 — finishing the work counts most, then finishing it on time, then reporting on
time; the KPIs weigh least because few bodies lead one. Bodies are ranked by score
(equal scores, to 0.01 point, share a rank and are listed by name); a body with no
component at all comes last, unranked.
"""

import io

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.audit import audit
from theodoi.core.concurrency import EditConflict, check_unchanged
from theodoi.lib.text import fold_accents

from ..models import BodyPeriodStat, BodyYear, DashboardSettings

WEIGHT_FIELDS = ["weight_completion", "weight_on_time", "weight_reporting", "weight_kpis"]
SETTINGS_FIELDS = ["public", *WEIGHT_FIELDS]
# A body's cell of the heat map (``BodyYear.cells``): its report of the period was sent
# on time, sent late, not sent (missing once the cut-off has passed, else pending), or
# not expected of it.
ON_TIME, LATE, UNSENT, NOT_EXPECTED = "o", "l", "u", "n"


def dashboard_settings(plan) -> DashboardSettings:
    """The plan's settings, or the defaults (unsaved) when the office never saved any."""
    return DashboardSettings.objects.filter(plan=plan).first() or DashboardSettings(plan=plan)


def heat_code(*, expected: bool, sent: bool, on_time: bool) -> str:
    if not expected:
        return NOT_EXPECTED
    if sent:
        return ON_TIME if on_time else LATE
    return UNSENT


@transaction.atomic
def scorecard_store(plan, *, year: int, now=None) -> int:
    """Recompute and store the plan's ``BodyYear`` rows of ``year`` from its
    ``BodyPeriodStat`` rows (see the module's doc), scored and ranked; three reads and
    the writes of what changed, whatever the number of bodies. A report counts once
    its period's cut-off has passed at ``now``, or once it is sent. Returns how many
    rows."""
    moment = clock.now(now)
    stats = (
        BodyPeriodStat.objects.filter(plan=plan, period__ends_on__year=year)
        .order_by("period__cutoff", "period_id")
        .values_list(
            "body_id",
            "body__kind",
            "body__name",
            "period_id",
            "period__cutoff",
            "expected",
            "sent",
            "on_time",
            "tasks_fallen_due",
            "tasks_done",
            "tasks_done_on_time",
            "kpis_met",
            "kpis_assessed",
        )
    )
    rows: dict[int, BodyYear] = {}
    names: dict[int, tuple[str, str]] = {}  # body id -> (kind, name)
    for body_id, kind, name, period_id, cutoff, expected, sent, on_time, *counts in stats:
        # oldest first: the latest period's task and KPI counts overwrite the others
        row = rows.get(body_id)
        if row is None:
            row = rows[body_id] = BodyYear(plan_id=plan.pk, body_id=body_id, year=year, cells={})
        names[body_id] = (kind, name)
        row.cells[str(period_id)] = heat_code(expected=expected, sent=sent, on_time=on_time)
        row.fallen_due, row.done, row.done_on_time, met, assessed = counts
        if expected and (sent or cutoff <= moment):
            row.expected += 1
            row.on_time_reports += int(sent and on_time)
        if assessed:
            row.kpis_met, row.kpis_assessed = met, assessed
    _score_and_rank(list(rows.values()), names, dashboard_settings(plan))
    _replace(plan, year, rows)
    return len(rows)


YEAR_FIELDS = [
    "cells",
    "fallen_due",
    "done",
    "done_on_time",
    "expected",
    "on_time_reports",
    "kpis_met",
    "kpis_assessed",
    "score",
    "rank",
    "position",
    "heat_position",
]


def _replace(plan, year: int, rows: dict[int, BodyYear]) -> None:
    """Store ``rows`` as the year's, writing only the rows that changed: a report step
    moves one body's row and a few ranks, not every body's (fewer dead rows to vacuum)."""
    stored = BodyYear.objects.filter(plan=plan, year=year).values("pk", "body_id", *YEAR_FIELDS)
    changed, gone = [], []
    for found in stored:
        row = rows.get(found["body_id"])
        if row is None:
            gone.append(found["pk"])
            continue
        row.pk = found["pk"]
        if any(getattr(row, name) != found[name] for name in YEAR_FIELDS):
            changed.append(row)
    BodyYear.objects.filter(pk__in=gone).delete()
    BodyYear.objects.bulk_update(changed, YEAR_FIELDS)
    BodyYear.objects.bulk_create(row for row in rows.values() if row.pk is None)


def _score_and_rank(rows: list[BodyYear], names: dict[int, tuple], settings) -> None:
    """Each row's score, then its rank (equal scores to 0.01 share it) and position
    (ranked first, by score then name; the unscored last, by name); and its place in
    the heat map (by kind of body, then name)."""
    for position, row in enumerate(
        sorted(rows, key=lambda row: _name_key(*names[row.body_id])), start=1
    ):
        row.heat_position = position
    weights = [getattr(settings, name) for name in WEIGHT_FIELDS]
    for row in rows:
        present = [(w, r) for w, r in zip(weights, row.rates, strict=True) if r is not None]
        total = sum(w for w, _r in present)
        row.score = 100 * sum(w * r for w, r in present) / total if total else None

    def key(row):
        scored = row.score is not None
        return (not scored, -round(row.score or 0, 2), _name_key("", names[row.body_id][1]))

    rows.sort(key=key)
    previous = None
    for position, row in enumerate(rows, start=1):
        row.position = position
        if row.score is None:
            continue
        this = round(row.score, 2)
        row.rank = previous[1] if previous and previous[0] == this else position
        previous = (this, row.rank)


def _name_key(kind: str, name: str) -> tuple:
    return (kind, fold_accents(name).lower(), name)


def scorecard(plan, *, year: int, body_ids: set[int] | None = None):
    """The stored scorecard of ``year`` (``scorecard_store``) in its order, each row with
    its body; a member's bodies keep their rank among every body. One query."""
    rows = BodyYear.objects.filter(plan=plan, year=year).select_related("body").defer("cells")
    if body_ids is not None:
        rows = rows.filter(body_id__in=body_ids)
    return rows.order_by("position")


def top_and_bottom(plan, *, year: int, body_ids=None, n: int = 10) -> tuple[list, list]:
    """The ``n`` best and the ``n`` worst ranked bodies (worst last); when there are
    fewer than 2n, the bottom holds only those not already at the top. Two queries,
    however many bodies."""
    ranked = scorecard(plan, year=year, body_ids=body_ids).filter(rank__isnull=False)
    top = list(ranked[:n])
    seen = {row.pk for row in top}  # fewer than 2n: the bottom without the top's
    bottom = [row for row in ranked.order_by("-position")[:n] if row.pk not in seen]
    return top, bottom[::-1]


def scorecard_xlsx(rows, *, title: str = "") -> bytes:
    """The scorecard as a workbook: rank, body, each rate (a number shown as %), score."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Xếp hạng")[:31]
    if title:
        sheet.append([title])
        sheet["A1"].font = Font(bold=True)
    header = [
        _("Hạng"),
        _("Cơ quan, đơn vị"),
        _("Tỷ lệ hoàn thành"),
        _("Tỷ lệ đúng hạn"),
        _("Báo cáo đúng hạn"),
        _("Chỉ tiêu đạt"),
        _("Điểm"),
    ]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        name = row.body.name
        if name[:1] in ("=", "+", "-", "@"):  # no formula from a body's name
            name = "'" + name
        rates = row.rates
        score = round(row.score, 1) if row.score is not None else None
        sheet.append([row.rank, name, *rates, score])
        for cell in sheet[sheet.max_row][2:6]:
            cell.number_format = "0.0%"
        sheet.cell(row=sheet.max_row, column=7).number_format = "0.0"
    sheet.column_dimensions["B"].width = 50
    for letter in "CDEFG":
        sheet.column_dimensions[letter].width = 16
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


@transaction.atomic
def settings_save(plan, *, data: dict, user, seen_version) -> DashboardSettings:
    """Save the public flag and the weights (whole numbers summing to 100, else refused);
    a concurrent edit is refused (``EditConflict``)."""
    found = DashboardSettings.objects.select_for_update().filter(plan=plan).first()
    settings = found or DashboardSettings(plan=plan)  # the defaults the page showed
    check_unchanged(settings, seen_version)
    weights = {name: data.get(name, getattr(settings, name)) for name in WEIGHT_FIELDS}
    if not all(isinstance(w, int) and not isinstance(w, bool) and w >= 0 for w in weights.values()):
        raise ValidationError(_("Trọng số phải là số nguyên từ 0 đến 100."))
    total = sum(weights.values())
    if total != 100:
        raise ValidationError(
            _("Tổng các trọng số phải bằng 100 (hiện là %(total)s).") % {"total": total}
        )
    changed = []
    for name in SETTINGS_FIELDS:
        value = weights[name] if name in weights else bool(data.get(name, settings.public))
        if getattr(settings, name) != value:
            setattr(settings, name, value)
            changed.append(name)
    settings.version += 1
    audit(settings, user, "dashboard.settings.saved", fields=changed)
    try:
        with transaction.atomic():
            settings.save()
    except IntegrityError:  # another first save of the plan's settings won the race
        raise EditConflict() from None
    for year in BodyYear.objects.filter(plan=plan).values_list("year", flat=True).distinct():
        scorecard_store(plan, year=year)  # the new weights' scores and ranks
    return settings
