"""What the committee's screens show, computed once and stored.

When a report moves (``reporting.signals.report_moved``) and when the scheduler ticks,
``services/rollup.py`` recomputes the stored figures of the period: the task classes
and overdue tasks (``PeriodSnapshot``), each body's reporting and task results
(``BodyPeriodStat``), each KPI's value over its bodies (``KpiPoint``). The pages read
these rows with a fixed number of queries, however many reports there are.

The chair's explanations (``Explanation``) and the office's settings of a plan's
dashboard (``DashboardSettings``: the public page, the scorecard's weights) are here too.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from theodoi.bodies.models import Body
from theodoi.core.audit import AuditedHistory
from theodoi.plans.models import Indicator, Plan, Task
from theodoi.reporting.models import Period


class PeriodSnapshot(models.Model):
    """A period of a plan as the dashboard shows it, as of ``as_of`` (the cut-off once
    it has passed, else the moment of the computation)."""

    period = models.OneToOneField(Period, on_delete=models.CASCADE, related_name="snapshot")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    as_of = models.DateTimeField()
    computed_at = models.DateTimeField()
    classes = models.JSONField(default=dict)  # {Status value: count}
    total = models.PositiveIntegerField(default=0)
    # [{"task": id, "code", "title", "leads": [[body id, name]], "due": "yyyy-mm-dd",
    #   "days_late": n, "last_report": text or ""}]
    overdue = models.JSONField(default=list)
    sections = models.JSONField(default=dict)  # {section id: {Status value: count}}
    # The reporting rate over every body (DHIS2's): reports expected, sent, on time.
    reports_expected = models.PositiveIntegerField(default=0)
    reports_sent = models.PositiveIntegerField(default=0)
    reports_on_time = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.period} @ {self.as_of:%Y-%m-%d}"


class BodyPeriodStat(models.Model):
    """One body in one period: whether its report was expected, sent, sent on time, and
    how its lead tasks stand (for the heat map, the discipline and the scorecard)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    expected = models.BooleanField(default=True)
    sent = models.BooleanField(default=False)
    on_time = models.BooleanField(default=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=20, blank=True)  # the board's state (BOARD_STATES)
    tasks_fallen_due = models.PositiveIntegerField(default=0)
    tasks_done = models.PositiveIntegerField(default=0)
    tasks_done_on_time = models.PositiveIntegerField(default=0)
    tasks_overdue = models.PositiveIntegerField(default=0)
    # {section id: {Status value: count}} of its lead tasks
    classes = models.JSONField(default=dict)
    kpis_met = models.PositiveIntegerField(default=0)
    kpis_assessed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "body"], name="one_stat_per_body_period")
        ]
        indexes = [models.Index(fields=["plan", "body"], name="dashboard_stat_plan_body")]

    def __str__(self) -> str:
        return f"{self.body_id} / {self.period_id}"


class BodyYear(models.Model):
    """A body's year in a plan, from its ``BodyPeriodStat`` rows of the periods ending
    in the year (``services/scorecard.py``, after each rollup of such a period): its
    row of the heat map and its line of the scorecard, so that a page reads one page
    of these rows, however many bodies and periods there are."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    # {period id: code} — HEAT_CODES: sent on time, late, not sent, not expected
    cells = models.JSONField(default=dict)
    fallen_due = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    done_on_time = models.PositiveIntegerField(default=0)
    expected = models.PositiveIntegerField(default=0)  # reports owed, periods due
    on_time_reports = models.PositiveIntegerField(default=0)
    kpis_met = models.PositiveIntegerField(default=0)
    kpis_assessed = models.PositiveIntegerField(default=0)
    score = models.FloatField(null=True, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)  # the scorecard's order, ranked first
    heat_position = models.PositiveIntegerField(default=0)  # the heat map's: kind, then name

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "body", "year"], name="one_year_per_body")
        ]
        indexes = [
            models.Index(fields=["plan", "year", "position"], name="dashboard_year_position"),
            models.Index(fields=["plan", "year", "heat_position"], name="dashboard_year_heat"),
        ]

    def __str__(self) -> str:
        return f"{self.body_id} / {self.year}"

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
    def rates(self) -> list[float | None]:
        """The four rates in the order of the scorecard's columns and weights."""
        return [self.completion, self.on_time, self.reporting, self.kpis]

    @property
    def percents(self) -> list[float | None]:
        return [None if rate is None else 100 * rate for rate in self.rates]


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


class KpiPoint(models.Model):
    """A KPI's value in one period over every body that reported it: a rate is the sum
    of the numerators over the sum of the denominators."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    bodies_reported = models.PositiveIntegerField(default=0)
    # The year-end forecast from the year's values up to this one (``Forecast.as_json``);
    # null when this period has no value.
    forecast = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_point_per_kpi_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} / {self.period_id}: {self.value}"


class Explanation(models.Model):
    """A red cell asks for an explanation: the chair or the office asks the body that
    owns a late task or an at-risk KPI, with a deadline; the answer shows beside it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, null=True, blank=True)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="explanations")
    question = models.TextField(_("nội dung yêu cầu"))
    deadline = models.DateField(_("hạn giải trình"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    answer = models.TextField(_("giải trình"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(task__isnull=False) | models.Q(indicator__isnull=False),
                name="explanation_of_a_task_or_kpi",
            )
        ]

    def __str__(self) -> str:
        return self.question[:60]


class DashboardSettings(models.Model):
    """The office's settings of a plan's dashboard: the public page (off by default)
    and the yearly scorecard's weights (percent, summing to 100)."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="dashboard")
    public = models.BooleanField(_("công khai"), default=False)
    weight_completion = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành"), default=40)
    weight_on_time = models.PositiveSmallIntegerField(_("tỷ lệ đúng hạn"), default=30)
    weight_reporting = models.PositiveSmallIntegerField(_("báo cáo đúng hạn"), default=20)
    weight_kpis = models.PositiveSmallIntegerField(_("chỉ tiêu đạt"), default=10)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(bases=[AuditedHistory])

    def __str__(self) -> str:
        return f"{self.plan_id}"
