"""A plan's reporting rules and periods: made at publication, kept by the office.

``plan_reporting_setup`` runs when a plan is published (``plans.signals.plan_published``,
inside the publication's transaction): the rules come from the document's reporting
duties (a monthly report by the 15th when it sets none), the periods of the plan year
from the rules. Editing a rule moves the windows and cut-offs of its periods that are
not locked; a locked period never changes. A plan for several years (no plan year)
gets each new year's periods from the scheduler.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.access import is_office
from theodoi.core.audit import audit
from theodoi.core.concurrency import check_unchanged
from theodoi.core.roles import Role
from theodoi.plans.models import DutyFrequency, Plan, PlanStatus

from .. import rules
from ..models import Period, ReportingRule
from ..selectors.calendar import calendar_days

# A plan whose document sets no reporting duty reports monthly, by the 15th.
DEFAULT_DUE_DAY = 15
RULE_FIELDS = ["frequency", "due_day", "due_time", "due_date", "window_start_day",
               "move_off_days", "recipient"]  # fmt: skip


def duty_key(duty) -> tuple:
    """What makes two duties the same rule: frequency, day, hour and date."""
    return (duty.frequency, duty.day, duty.time, duty.date)


def _rules_of_duties(plan: Plan, duties) -> dict[tuple, ReportingRule]:
    """Unsaved rules of the duties, one per key; a duty of an unknown frequency, or a
    one-off without a date, makes none."""
    found: dict[tuple, ReportingRule] = {}
    for duty in duties:
        if duty.frequency not in DutyFrequency.values or (
            duty.frequency == "once" and not duty.date
        ):
            continue
        found.setdefault(
            duty_key(duty),
            ReportingRule(
                plan=plan,
                frequency=duty.frequency,
                due_day=None if duty.frequency == "once" else duty.day,
                due_time=duty.time,
                due_date=duty.date,
                recipient=duty.recipient[:500],
            ),
        )
    return found


def _save_rules(made: list[ReportingRule], user, action: str) -> None:
    for rule in made:
        audit(rule, user, action)
        rule.full_clean()
        rule.save()


@transaction.atomic
def rules_from_plan(*, plan: Plan, user=None) -> list[ReportingRule]:
    """The plan's rules from its reporting duties, if it has none yet.

    Duties the document repeats (same frequency, day, hour and date) make one rule.
    A duty of an unknown frequency, or a one-off without a date, is left out; a plan
    left with no rule gets the default: monthly, by the 15th.
    """
    if plan.reporting_rules.exists():
        return []
    made = list(_rules_of_duties(plan, plan.reporting.all()).values()) or [
        ReportingRule(plan=plan, frequency=DutyFrequency.MONTHLY, due_day=DEFAULT_DUE_DAY)
    ]
    _save_rules(made, user, "reporting.rule.from_plan")
    return made


@transaction.atomic
def rules_follow_amendment(
    *, plan: Plan, duties_before, user=None, now=None
) -> list[ReportingRule]:
    """After an amendment (``plans.signals.plan_amended``, inside its transaction): each
    reporting duty the new version adds to ``duties_before`` (the plan's duties before
    it) becomes a rule, with its periods of the plan year whose cut-off is still to
    come (a period already over was never asked for). A duty the amendment drops keeps
    its rule — reports may point to its periods; the office edits or removes it.
    """
    moment = clock.now(now)
    duties_before = {duty_key(duty) for duty in duties_before}
    existing = {rule_key(rule) for rule in plan.reporting_rules.all()}
    added = [
        rule
        for key, rule in _rules_of_duties(plan, plan.reporting.all()).items()
        if key not in duties_before and rule_key(rule) not in existing
    ]
    _save_rules(added, user, "reporting.rule.from_amendment")
    for rule in added:
        _sync_periods(rule, plan_year(plan, moment), user, created_after=moment)
    return added


def rule_key(rule: ReportingRule) -> tuple:
    return (rule.frequency, rule.due_day, rule.due_time, rule.due_date)


def plan_year(plan: Plan, now=None) -> int:
    return plan.year or clock.today(now).year


def rule_spans(rule: ReportingRule, year: int) -> list[rules.PeriodSpan]:
    """The periods the rule makes in a year, against the calendar in the table."""
    days_off, working_days = calendar_days(date(year - 1, 12, 1), date(year + 1, 2, 28))
    return rules.period_spans(
        frequency=rule.frequency,
        year=year,
        due_day=rule.due_day,
        due_time=rule.due_time,
        due_date=rule.due_date,
        window_start_day=rule.window_start_day,
        move_off_days=rule.move_off_days,
        days_off=days_off,
        working_days=working_days,
    )


def next_cutoffs(rule: ReportingRule, *, count: int = 3, now=None) -> list[datetime]:
    """The rule's next cut-offs after now (this year and the next), for a preview."""
    moment = clock.now(now)
    year = moment.astimezone(rules.VN).year
    spans = rule_spans(rule, year) + rule_spans(rule, year + 1)
    return [span.cutoff for span in spans if span.cutoff > moment][:count]


def _sync_periods(rule: ReportingRule, year: int, user, created_after=None) -> int:
    """Make the rule's periods of the year match it; returns how many were created.
    With ``created_after``, a missing period whose cut-off is not after it is not made.

    A period is known by its label ("Tháng 3/2026"): an unlocked one takes the new
    window and cut-off, a locked one stays. A period the rule no longer makes (the
    frequency changed) is deleted unless it is locked or has reports; then a new
    period starting on its day cannot be made, and the change is refused.
    """
    spans = rule_spans(rule, year)
    existing = {p.label: p for p in rule.periods.filter(ends_on__year=year)}
    wanted = {span.label for span in spans}
    kept = []
    for label in set(existing) - wanted:
        period = existing.pop(label)
        if period.locked_at or period.reports.exists():
            kept.append(period)
        else:
            audit(period, user, "reporting.period.scheduled")
            period.delete()
    for period in kept:
        if any(span.starts_on == period.starts_on for span in spans):
            raise ValidationError(
                _("Không thể đổi chế độ báo cáo: kỳ “%s” đã có báo cáo hoặc đã khóa sổ.")
                % period.label
            )
    created = 0
    for span in spans:
        period = existing.get(span.label)
        if period is None and created_after and span.cutoff <= created_after:
            continue
        if period is None:
            period = Period(rule=rule, plan_id=rule.plan_id, label=span.label)
            created += 1
        elif period.locked_at or (
            (period.starts_on, period.ends_on, period.cutoff)
            == (span.starts_on, span.ends_on, span.cutoff)
        ):
            continue
        period.starts_on, period.ends_on, period.cutoff = span.starts_on, span.ends_on, span.cutoff
        audit(period, user, "reporting.period.scheduled")
        period.full_clean(validate_constraints=False)
        period.save()
    return created


@transaction.atomic
def periods_generate(*, plan: Plan, year: int | None = None, user=None, now=None) -> int:
    """Create the periods of the plan year (idempotent); returns how many were created."""
    year = year or plan_year(plan, now)
    return sum(_sync_periods(rule, year, user) for rule in plan.reporting_rules.all())


def periods_follow_calendar(*, day: date, user=None) -> None:
    """A day off added, corrected or removed: cut-offs that move off days move again.

    Only rules with ``move_off_days`` depend on the calendar; a locked period stays.
    The plan years around ``day`` (a December cut-off may move into January).
    """
    moving = ReportingRule.objects.filter(move_off_days=True).select_related("plan")
    for rule in moving:
        year = plan_year(rule.plan)
        if year in {day.year, day.year - 1}:
            _sync_periods(rule, year, user)


def periods_roll_over(now=None) -> int:
    """A plan for several years (it has no plan year) reports every year: at the
    scheduler's first tick of a year, its recurring rules get the new year's periods.
    A plan with a year ends with it. One query when there is nothing to make.
    """
    year = clock.today(now).year
    due = (
        ReportingRule.objects.filter(plan__status=PlanStatus.PUBLISHED, plan__year__isnull=True)
        .exclude(frequency=DutyFrequency.ONCE)
        .exclude(periods__ends_on__year=year)
    )
    created = 0
    for rule_id in due.values_list("pk", flat=True):
        with transaction.atomic():  # a second scheduler waits here, then finds them made
            rule = ReportingRule.objects.select_for_update().get(pk=rule_id)
            created += _sync_periods(rule, year, None)
    return created


def plan_reporting_setup(*, plan: Plan, user=None, now=None) -> int:
    """At publication: the rules from the document, then the periods of the plan year."""
    rules_from_plan(plan=plan, user=user)
    return periods_generate(plan=plan, user=user, now=now)


def _require_office(user) -> None:
    if not is_office(user):
        raise PermissionDenied


@transaction.atomic
def rule_save(
    *, rule: ReportingRule, data: dict, user, seen_version: str | None = None, now=None
) -> ReportingRule:
    """The office corrects a rule; the unlocked periods of the plan year follow it."""
    _require_office(user)
    rule = ReportingRule.objects.select_for_update().get(pk=rule.pk)
    if seen_version is not None:
        check_unchanged(rule, seen_version, RULE_FIELDS)
    for field in RULE_FIELDS:
        setattr(rule, field, data[field])
    check_rule(rule)
    audit(rule, user, "reporting.rule.saved")
    rule.full_clean()
    rule.save()
    _sync_periods(rule, plan_year(rule.plan, now), user)
    return rule


def check_rule(rule: ReportingRule) -> None:
    """Refuse a rule that cannot make periods, naming the field."""
    if rule.frequency == DutyFrequency.ONCE:
        if not rule.due_date:
            raise ValidationError({"due_date": _("Báo cáo một lần cần ngày hạn nộp.")})
        return
    if not rule.due_day or not 1 <= rule.due_day <= 31:
        raise ValidationError({"due_day": _("Ngày hạn nộp phải từ 1 đến 31.")})
    if not 1 <= rule.window_start_day <= 28:
        raise ValidationError(
            {"window_start_day": _("Ngày bắt đầu tính số liệu phải từ 1 đến 28.")}
        )


def _locked_for_update(period: Period) -> Period:
    return Period.objects.select_for_update().get(pk=period.pk)


@clock.dated
@transaction.atomic
def period_grace(*, period: Period, until: datetime | None, user, now=None) -> Period:
    """Allow reports until ``until`` without being late (None: withdraw the grace)."""
    _require_office(user)
    period = _locked_for_update(period)
    if period.locked_at:
        raise ValidationError(_("Kỳ báo cáo đã khóa sổ; không thể gia hạn."))
    if until is not None and until <= period.cutoff:
        raise ValidationError(_("Thời điểm gia hạn phải sau hạn nộp của kỳ."))
    period.grace_until = until
    audit(period, user, "reporting.period.grace_set", until=until)
    period.save()
    return period


@transaction.atomic
def period_lock(*, period: Period, user, now=None) -> Period:
    """Close the books of a period: nothing in it changes afterwards."""
    _require_office(user)
    period = _locked_for_update(period)
    if period.locked_at:
        raise ValidationError(_("Kỳ báo cáo này đã khóa sổ."))
    # A save or a step in flight holds its report's lock: wait for it, and any that
    # comes after reads the period closed (``workflow.lock_report``).
    list(period.reports.select_for_update().order_by("pk").values_list("pk"))
    period.locked_at = clock.now(now)
    audit(period, user, "reporting.period.locked")
    period.save()
    return period


def can_unlock(user) -> bool:
    """Only an administrator reopens a locked period (to correct a mistake)."""
    return user.is_superuser or getattr(user, "role", "") == Role.ADMIN


@clock.dated
@transaction.atomic
def period_unlock(*, period: Period, user, now=None) -> Period:
    """Reopen a locked period (``can_unlock``: an administrator)."""
    if not can_unlock(user):
        raise PermissionDenied
    period = _locked_for_update(period)
    period.locked_at = None
    audit(period, user, "reporting.period.unlocked")
    period.save()
    return period


def default_grace(period: Period) -> datetime:
    """What the grace form proposes: the cut-off's day a week later."""
    return period.cutoff + timedelta(days=7)
