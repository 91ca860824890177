"""The yearly scorecard of the bodies (thi đua, khen thưởng, phê bình) and the office's
settings of a plan's dashboard.

It reads only the stored ``BodyPeriodStat`` rows of the plan's periods whose data end
in the year (two queries, however many bodies). Per body:

- completion rate = tasks done ÷ tasks fallen due, and on-time rate = tasks done on
  time ÷ tasks done, both from the body's latest period of the year (its task counts
  are a standing as of that period, not events to add up);
- reporting timeliness = reports sent on time ÷ reports expected, over every period;
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
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from theodoi.core.audit import audit
from theodoi.core.concurrency import EditConflict, check_unchanged
from theodoi.lib.text import fold_accents

from ..models import BodyPeriodStat, DashboardSettings

WEIGHT_FIELDS = ["weight_completion", "weight_on_time", "weight_reporting", "weight_kpis"]
SETTINGS_FIELDS = ["public", *WEIGHT_FIELDS]


@dataclass
class ScoreRow:
    body_id: int
    body_name: str
    fallen_due: int = 0
    done: int = 0
    done_on_time: int = 0
    expected: int = 0
    on_time_reports: int = 0
    kpis_met: int = 0
    kpis_assessed: int = 0
    score: float | None = None
    rank: int | None = None

    @property
    def completion(self) -> float | None:
        return _rate(self.done, self.fallen_due)

    @property
    def on_time(self) -> float | None:
        return _rate(self.done_on_time, self.done)

    @property
    def reporting(self) -> float | None:
        return _rate(self.on_time_reports, self.expected)

    @property
    def kpis(self) -> float | None:
        return _rate(self.kpis_met, self.kpis_assessed)

    @property
    def percents(self) -> list[float | None]:
        """The four rates in percent, in the order of the table's columns."""
        rates = [self.completion, self.on_time, self.reporting, self.kpis]
        return [None if rate is None else 100 * rate for rate in rates]


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def dashboard_settings(plan) -> DashboardSettings:
    """The plan's settings, or the defaults (unsaved) when the office never saved any."""
    return DashboardSettings.objects.filter(plan=plan).first() or DashboardSettings(plan=plan)


def scorecard(plan, *, year: int) -> list[ScoreRow]:
    """Every body with a stored row in the plan's periods of ``year``, scored and ranked
    (see the module's doc); two queries."""
    settings = dashboard_settings(plan)
    stats = (
        BodyPeriodStat.objects.filter(plan=plan, period__ends_on__year=year)
        .select_related("body")
        .order_by("period__cutoff", "period_id")
    )
    rows: dict[int, ScoreRow] = {}
    for stat in stats:  # oldest first: the latest period's counts overwrite the others
        row = rows.setdefault(stat.body_id, ScoreRow(stat.body_id, stat.body.name))
        row.fallen_due, row.done = stat.tasks_fallen_due, stat.tasks_done
        row.done_on_time = stat.tasks_done_on_time
        row.expected += int(stat.expected)
        row.on_time_reports += int(stat.expected and stat.on_time)
        if stat.kpis_assessed:
            row.kpis_met, row.kpis_assessed = stat.kpis_met, stat.kpis_assessed
    weights = [getattr(settings, name) for name in WEIGHT_FIELDS]
    for row in rows.values():
        row.score = _score(row, weights)
    return _ranked(list(rows.values()))


def _score(row: ScoreRow, weights: list[int]) -> float | None:
    rates = [row.completion, row.on_time, row.reporting, row.kpis]
    present = [(w, r) for w, r in zip(weights, rates, strict=True) if r is not None]
    total = sum(w for w, _r in present)
    if not total:
        return None
    return 100 * sum(w * r for w, r in present) / total


def _ranked(rows: list[ScoreRow]) -> list[ScoreRow]:
    def key(row):
        scored = row.score is not None
        return (not scored, -round(row.score or 0, 2), fold_accents(row.body_name).lower())

    rows.sort(key=key)
    previous = None
    for position, row in enumerate(rows, start=1):
        if row.score is None:
            continue
        this = round(row.score, 2)
        row.rank = previous[1] if previous and previous[0] == this else position
        previous = (this, row.rank)
    return rows


def top_and_bottom(rows: list[ScoreRow], n: int = 10) -> tuple[list[ScoreRow], list[ScoreRow]]:
    """The ``n`` best and the ``n`` worst ranked bodies (worst last); when there are
    fewer than 2n, the bottom holds only those not already at the top."""
    ranked = [row for row in rows if row.rank is not None]
    top = ranked[:n]
    bottom = ranked[max(n, len(ranked) - n) :]
    return top, bottom


def scorecard_xlsx(rows: list[ScoreRow], *, title: str = "") -> bytes:
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
        name = row.body_name
        if name[:1] in ("=", "+", "-", "@"):  # no formula from a body's name
            name = "'" + name
        rates = [row.completion, row.on_time, row.reporting, row.kpis]
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
    return settings
