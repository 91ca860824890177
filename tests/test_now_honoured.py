"""``now`` honoured wherever it is a parameter.

Every function of theodoi (tests aside) that takes ``now`` or ``today`` is collected
by introspection — a new one is covered without touching this file — and must either
read the parameter in its body or be a ``@clock.dated`` service (whose history rows
are dated ``now``). Then, per service area, a behavioural test passes a ``now`` far
from the real date — 25/01/2026 16:00 in Hà Nội, Tết week — and sees the result
follow it.
"""

import ast
import importlib
import inspect
import pkgutil
import textwrap
from datetime import date, datetime, timedelta

import pytest

import theodoi
from theodoi.core import clock
from theodoi.reporting.tests.conftest import SMALL_PLAN, month_period, vn

TET = vn(2026, 1, 25, 16, 0)
CLOCK_PARAMETERS = ("now", "today")

# Functions that take ``now`` or ``today`` and may leave it unread or read the real
# clock beside it, with the reason. None today: add one only with its reason.
EXCEPTIONS: dict[str, str] = {}

# Readings of the real clock that a function given ``now`` must not make.
REAL_CLOCK = {
    "timezone.now",
    "timezone.localdate",
    "timezone.localtime",
    "date.today",
    "datetime.now",
    "datetime.today",
    "clock.now",
    "clock.today",
}

# Modules never imported here: entry points that act on import.
SKIPPED_MODULES = ("theodoi.__main__", "theodoi.config.wsgi")


def _modules():
    for info in pkgutil.walk_packages(theodoi.__path__, "theodoi."):
        name = info.name
        parts = name.split(".")
        if "tests" in parts or "migrations" in parts or name in SKIPPED_MODULES:
            continue
        yield importlib.import_module(name)


def _functions():
    """(qualified name, function) of every function and method defined in theodoi."""
    found = {}
    for module in _modules():
        members = [(name, obj) for name, obj in vars(module).items()]
        for _name, obj in list(members):
            if inspect.isclass(obj) and obj.__module__ == module.__name__:
                members += [(f"{obj.__name__}.{n}", m) for n, m in vars(obj).items()]
        for name, obj in members:
            obj = getattr(obj, "__func__", obj)  # static and class methods
            if not inspect.isfunction(obj) or obj.__module__ != module.__name__:
                continue
            if inspect.unwrap(obj).__code__.co_filename.startswith("<"):
                continue  # generated, e.g. a dataclass's __init__ with a ``today`` field
            parameters = inspect.signature(obj).parameters
            if any(p in parameters for p in CLOCK_PARAMETERS):
                found[f"{module.__name__}.{name}"] = obj
    return found


FUNCTIONS = _functions()


def _definition(function) -> ast.FunctionDef:
    source = textwrap.dedent(inspect.getsource(inspect.unwrap(function)))
    return ast.parse(source).body[0]


def _reads_its_clock(function) -> bool:
    """The body reads ``now``/``today`` (a nested function counts: it is the body's)."""
    node = _definition(function)
    args = node.args
    taken = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs} & set(CLOCK_PARAMETERS)
    read = {
        n.id
        for statement in node.body
        for n in ast.walk(statement)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    return taken <= read


def test_the_collection_finds_the_services_and_selectors():
    assert len(FUNCTIONS) > 50
    for name in [
        "theodoi.plans.services.review.cell_save",
        "theodoi.reporting.services.periods.period_lock",
        "theodoi.notify.services.schedule.tick",
        "theodoi.reporting.status.task_status",
    ]:
        assert name in FUNCTIONS
    assert set(EXCEPTIONS) <= set(FUNCTIONS), "an exception names a function that is gone"


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_now_parameter_is_used(name):
    function = FUNCTIONS[name]
    if name in EXCEPTIONS:
        return
    assert getattr(function, "dated", False) or _reads_its_clock(function), (
        f"{name} takes now/today and ignores it: pass it on (clock.now(now), "
        "clock.today(now), a callee's now=…) or, if its only time is the history it "
        "writes, decorate it @clock.dated"
    )
    bare = [
        f"{ast.unparse(call.func)}() line {call.lineno}"
        for call in ast.walk(_definition(function))
        if isinstance(call, ast.Call)
        and ast.unparse(call.func) in REAL_CLOCK
        and not (call.args or call.keywords)
    ]
    assert not bare, f"{name} takes now/today but reads the real clock: {bare}"


# --- The mechanism of @clock.dated ------------------------------------------------------


def test_a_dated_call_fixes_the_clock_and_nothing_after_it():
    @clock.dated
    def service(*, now=None):
        return clock.now(), clock.today()

    assert service(now=TET) == (TET, date(2026, 1, 25))
    assert abs(clock.now() - datetime.now(TET.tzinfo)) < timedelta(minutes=5)
    assert service()[1] != date(2026, 1, 25)


# --- Behaviour, per service area ----------------------------------------------------------


@pytest.fixture
def draft(people):
    from theodoi.plans.services.drafts import plan_draft_create

    return plan_draft_create(data=SMALL_PLAN)


@pytest.fixture
def march(draft, people):
    """The draft published on 02/01/2026, with the monthly period "Tháng 3/2026"."""
    from theodoi.plans.services.publish import plan_publish
    from theodoi.reporting.models import ReportingRule

    plan_publish(plan=draft, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2, 8))
    rule = ReportingRule.objects.create(plan=draft, frequency="monthly", due_day=25)
    return month_period(rule, 3)


def _last_history(obj):
    """The historical row written last (whatever its date: the test's are in the past)."""
    return obj.history.order_by("-history_id").first()


@pytest.mark.django_db
def test_the_review_grid_dates_its_changes_at_now(draft, people):
    from theodoi.plans.services.review import cell_save, change_undo, row_fingerprint
    from theodoi.plans.services.rows import section_add, task_action, task_add

    office = people["thuongtruc"]
    task = draft.tasks.get(code="1")
    for minute, value in enumerate(["Kho dữ liệu dùng chung", "Kho dữ liệu của tỉnh"]):
        task.refresh_from_db()
        cell_save(
            plan=draft,
            kind="task",
            pk=task.pk,
            field="deliverable",
            value=value,
            seen_version=row_fingerprint("task", task),
            user=office,
            now=TET + timedelta(minutes=minute),
        )
        assert _last_history(task).history_date == TET + timedelta(minutes=minute)
    change_undo(plan=draft, user=office, now=TET + timedelta(minutes=2))
    assert _last_history(task).history_date == TET + timedelta(minutes=2)

    added = task_add(plan=draft, user=office, now=TET + timedelta(minutes=3))
    assert _last_history(added).history_date == TET + timedelta(minutes=3)
    section = section_add(plan=draft, user=office, now=TET + timedelta(minutes=4))
    assert _last_history(section).history_date == TET + timedelta(minutes=4)
    task_action(task=added, action="delete", user=office, now=TET + timedelta(minutes=5))
    assert _last_history(draft).history_date == TET + timedelta(minutes=5)


@pytest.mark.django_db
def test_a_plan_made_by_hand_is_dated_at_now(people):
    from theodoi.plans.services.rows import plan_create_empty

    made = plan_create_empty(title="Kế hoạch Tết", user=people["thuongtruc"], now=TET)
    assert _last_history(made).history_date == TET


@pytest.mark.django_db
def test_a_period_is_locked_graced_and_unlocked_at_now(march, people):
    from theodoi.accounts.models import User
    from theodoi.core.roles import Role
    from theodoi.reporting.services.periods import period_grace, period_lock, period_unlock

    office = people["thuongtruc"]
    period = period_grace(
        period=march, until=march.cutoff + timedelta(days=3), user=office, now=TET
    )
    assert _last_history(period).history_date == TET
    later = TET + timedelta(hours=1)
    period = period_lock(period=period, user=office, now=later)
    assert period.locked_at == later
    admin = User.objects.create_user("quantri", "quantri@theodoi.local", "x", role=Role.ADMIN)
    period = period_unlock(period=period, user=admin, now=later + timedelta(hours=1))
    assert _last_history(period).history_date == later + timedelta(hours=1)


@pytest.mark.django_db
def test_a_report_is_written_at_now(march, people):
    from theodoi.reporting.services.reports import kpi_value_save, report_item_save, report_open

    focal = people["daumoi"]
    report = report_open(period=march, body=focal.body)
    item = report_item_save(
        item=report.items.first(),
        data={"state": "in_progress", "percent": "40"},
        user=focal,
        seen_version=None,
        now=TET,
    )
    assert _last_history(item).history_date == TET
    value = kpi_value_save(
        kpi_value=report.kpi_values.first(),
        data={"numerator": "3", "denominator": "4"},
        user=focal,
        seen_version=None,
        now=TET + timedelta(minutes=5),
    )
    assert _last_history(value).history_date == TET + timedelta(minutes=5)


@pytest.mark.django_db
def test_where_a_plan_stands_is_read_on_the_day_of_now(march):
    from theodoi.reporting.selectors.progress import plan_status

    progress = plan_status(march.plan, now=TET)
    assert progress.today == date(2026, 1, 25)
    statuses = {str(s.status) for s in progress.tasks.values()}
    assert "overdue" not in statuses  # 30/06/2026 is months away on Tết


@pytest.mark.django_db
def test_notifications_are_read_at_now(march, people):
    from theodoi.notify.models import Kind, Notification
    from theodoi.notify.services.inbox import mark_all_read, mark_read

    focal = people["daumoi"]
    notes = [
        Notification.objects.create(
            key=f"tet-{n}",
            kind=Kind.values[0],
            recipient=focal,
            day=date(2026, 1, 25),
            period=march,
            subject="Nhắc báo cáo",
            created_at=TET,
        )
        for n in range(2)
    ]
    assert mark_read(focal, notes[0].pk, now=TET).read_at == TET
    assert mark_all_read(focal, now=TET + timedelta(hours=2)) == 1
    notes[1].refresh_from_db()
    assert notes[1].read_at == TET + timedelta(hours=2)
