"""A plan's public page: what anyone may read of it, once the office turns it on.

"Theo dõi, giám sát minh bạch trên môi trường số": the plan's KPIs (latest value,
target, met or not) and its tasks by class, read from the stored figures of the
latest period (``PeriodSnapshot``, ``KpiPoint``) — never a person's name: no signer,
no account, no body's contact.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction

from theodoi.core.audit import audit
from theodoi.core.concurrency import EditConflict
from theodoi.plans.models import Indicator, Plan
from theodoi.reporting.models import Period
from theodoi.reporting.status import KpiStatus, Status, kpi_status

from ..models import DashboardSettings, KpiPoint, PeriodSnapshot


@transaction.atomic
def public_set(plan: Plan, *, public: bool, user) -> DashboardSettings:
    """Turn the plan's public page on or off (nothing saved when it is so already)."""
    found = DashboardSettings.objects.select_for_update().filter(plan=plan).first()
    settings = found or DashboardSettings(plan=plan)
    if found is not None and settings.public == bool(public):
        return settings
    settings.public = bool(public)
    settings.version += 1
    audit(settings, user, "dashboard.settings.saved", fields=["public"])
    try:
        with transaction.atomic():
            settings.save()
    except IntegrityError:  # another first save of the plan's settings won the race
        raise EditConflict() from None
    return settings


def is_public(plan: Plan) -> bool:
    return DashboardSettings.objects.filter(plan=plan, public=True).exists()


@dataclass(frozen=True)
class PublicKpi:
    code: str
    name: str
    unit: str
    target_text: str
    value: Decimal | None
    period: Period | None  # the period of the value shown
    status: KpiStatus


@dataclass
class PublicFigures:
    plan: Plan
    period: Period | None  # the latest period with stored figures
    as_of: object = None
    classes: list[tuple[Status, int]] = field(default_factory=list)
    total: int = 0
    kpis: list[PublicKpi] = field(default_factory=list)

    @property
    def kpis_met(self) -> int:
        return sum(1 for kpi in self.kpis if kpi.status == KpiStatus.MET)


def public_figures(plan: Plan) -> PublicFigures:
    """The figures of the page, in three queries: the latest snapshot, the KPIs and
    their stored values up to that period (each KPI's latest value)."""
    snapshot = (
        PeriodSnapshot.objects.filter(plan=plan)
        .select_related("period")
        .order_by("-period__cutoff", "-period__pk")
        .first()
    )
    figures = PublicFigures(plan=plan, period=snapshot and snapshot.period)
    if snapshot is not None:
        figures.as_of, figures.total = snapshot.as_of, snapshot.total
        figures.classes = [(s, snapshot.classes.get(s.value, 0)) for s in Status]
    points = KpiPoint.objects.filter(plan=plan, value__isnull=False).select_related("period")
    if snapshot is not None:
        points = points.filter(period__cutoff__lte=snapshot.period.cutoff)
    latest = {p.indicator_id: p for p in points.order_by("period__cutoff", "period__pk")}
    for indicator in Indicator.objects.filter(plan=plan, closed_at__isnull=True).order_by(
        "position"
    ):
        point = latest.get(indicator.pk)
        value = point.value if point else None
        figures.kpis.append(
            PublicKpi(
                code=indicator.code,
                name=indicator.name,
                unit=indicator.unit,
                target_text=indicator.target_text,
                value=value,
                period=point.period if point else None,
                status=kpi_status(value, op=indicator.target_op, target=indicator.target_value),
            )
        )
    return figures
