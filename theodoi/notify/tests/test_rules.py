"""The pure rules of reminders at chosen days: a Wednesday cut-off, one on a Sunday,
one after Tết, and the back-off of retries."""

from datetime import date, time, timedelta

import pytest

from theodoi.notify.models import Kind
from theodoi.notify.rules import (
    Notice,
    Policy,
    notices_for_owed_report,
    parse_days_before,
    retry_delay,
)

# Tết Bính Ngọ 2026 as the government set it: Monday 16 to Friday 20 February off.
TET_2026 = {date(2026, 2, d) for d in range(16, 21)}


DEFAULT = Policy()


def notices(cutoff_day, today, policy=DEFAULT, days_off=frozenset()):
    return notices_for_owed_report(
        cutoff_day=cutoff_day,
        today=today,
        policy=policy,
        days_off=days_off,
        working_days=frozenset(),
    )


def days_with(kind, cutoff_day, first, last, **kwargs):
    found, day = [], first
    while day <= last:
        if any(n.kind == kind for n in notices(cutoff_day, day, **kwargs)):
            found.append(day)
        day += timedelta(days=1)
    return found


def test_a_wednesday_cut_off_is_reminded_7_3_and_1_working_days_before_and_that_morning():
    cutoff = date(2026, 3, 25)  # Wednesday
    march = (date(2026, 3, 1), date(2026, 3, 31))
    assert days_with(Kind.BEFORE, cutoff, *march) == [
        date(2026, 3, 16),  # Monday, 7 working days before
        date(2026, 3, 20),  # Friday, 3
        date(2026, 3, 24),  # Tuesday, 1
    ]
    assert days_with(Kind.CUTOFF_DAY, cutoff, *march) == [cutoff]


def test_after_the_cut_off_every_working_day_and_one_escalation_on_the_third():
    cutoff = date(2026, 3, 25)
    april = (date(2026, 3, 26), date(2026, 4, 3))
    assert days_with(Kind.OVERDUE, cutoff, *april) == [
        date(2026, 3, 26),
        date(2026, 3, 27),
        date(2026, 3, 30),  # not Saturday 28 nor Sunday 29
        date(2026, 3, 31),
        date(2026, 4, 1),
        date(2026, 4, 2),
        date(2026, 4, 3),
    ]
    # The escalation is one notice, for its day (30/03), whatever day the tick runs.
    assert notices(cutoff, date(2026, 3, 27)) == [Notice(Kind.OVERDUE, date(2026, 3, 27))]
    assert Notice(Kind.ESCALATION, date(2026, 3, 30)) in notices(cutoff, date(2026, 3, 30))
    assert Notice(Kind.ESCALATION, date(2026, 3, 30)) in notices(cutoff, date(2026, 4, 2))


def test_a_cut_off_on_a_sunday_is_reminded_on_the_friday_and_that_sunday_morning():
    cutoff = date(2026, 3, 15)  # Sunday, the document's day kept
    assert notices(cutoff, date(2026, 3, 13)) == [Notice(Kind.BEFORE, date(2026, 3, 13))]
    assert notices(cutoff, date(2026, 3, 14)) == []  # Saturday: 1 working day before is Friday
    assert notices(cutoff, cutoff) == [Notice(Kind.CUTOFF_DAY, cutoff)]
    assert notices(cutoff, date(2026, 3, 16)) == [Notice(Kind.OVERDUE, date(2026, 3, 16))]


def test_tet_is_not_counted_and_no_reminder_falls_in_it():
    cutoff = date(2026, 2, 25)  # Wednesday after Tết
    february = (date(2026, 2, 1), date(2026, 2, 28))
    assert days_with(Kind.BEFORE, cutoff, *february, days_off=TET_2026) == [
        date(2026, 2, 9),  # 7 working days before, Tết skipped
        date(2026, 2, 13),  # 3: the Friday before Tết
        date(2026, 2, 24),  # 1
    ]


def test_a_cut_off_just_before_tet_escalates_after_it():
    cutoff = date(2026, 2, 13)  # Friday before Tết
    assert days_with(
        Kind.OVERDUE, cutoff, date(2026, 2, 14), date(2026, 2, 25), days_off=TET_2026
    ) == [
        date(2026, 2, 23),
        date(2026, 2, 24),
        date(2026, 2, 25),
    ]
    assert Notice(Kind.ESCALATION, date(2026, 2, 25)) in notices(
        cutoff, date(2026, 2, 25), days_off=TET_2026
    )


def test_a_policy_turns_parts_off():
    cutoff = date(2026, 3, 25)
    quiet = Policy(cutoff_morning=False, overdue_daily=False, escalate_after=0)
    assert notices(cutoff, cutoff, quiet) == []
    assert notices(cutoff, date(2026, 3, 30), quiet) == []
    assert notices(cutoff, date(2026, 3, 16), Policy(enabled=False)) == []
    assert notices(cutoff, date(2026, 3, 18), Policy(days_before=(5,))) == [
        Notice(Kind.BEFORE, date(2026, 3, 18))
    ]


def test_days_before_are_read_from_what_the_office_types():
    assert parse_days_before("7, 3,1") == (7, 3, 1)
    assert parse_days_before("1;3;3") == (3, 1)
    assert parse_days_before("") == ()
    for wrong in ["0", "31", "bảy", "-1"]:
        with pytest.raises(ValueError):
            parse_days_before(wrong)


def test_retries_back_off_to_half_an_hour():
    assert [retry_delay(n) for n in range(1, 8)] == [
        timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 30, 30)
    ]


def test_the_default_policy():
    assert Policy.of(None) == Policy(True, (7, 3, 1), True, True, 3, time(7, 30))
