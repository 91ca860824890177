import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from theodoi.core.concurrency import EditConflict
from theodoi.reporting.models import ReportState
from theodoi.reporting.rules import is_late
from theodoi.reporting.services.workflow import (
    report_accept,
    report_approve,
    report_return,
    report_submit,
)

from .conftest import vn


@pytest.mark.parametrize(
    ("moment", "late"),
    [
        ((2026, 3, 25, 15, 59, 59), False),
        ((2026, 3, 25, 16, 0, 0), False),
        ((2026, 3, 25, 16, 0, 1), True),
    ],
)
def test_a_submission_after_the_cut_off_is_late(moment, late):
    assert is_late(submitted_at=vn(*moment), cutoff=vn(2026, 3, 25, 16, 0)) is late


def test_a_grace_period_moves_the_cut_off():
    cutoff = vn(2026, 3, 25, 16, 0)
    assert not is_late(
        submitted_at=vn(2026, 3, 26, 9, 0), cutoff=cutoff, grace_until=vn(2026, 3, 27, 17, 0)
    )


def test_a_report_goes_from_the_officer_to_the_head_to_the_office(report, people):
    report = report_submit(report=report, user=people["daumoi"], now=vn(2026, 3, 25, 15, 59, 59))
    assert report.state == ReportState.SUBMITTED and not report.late
    report = report_approve(report=report, user=people["lanhdao"])
    report = report_accept(report=report, user=people["thuongtruc"])
    assert report.state == ReportState.ACCEPTED
    assert [h.history_change_reason for h in report.history.order_by("history_date")][-3:] == [
        "reporting.report.submitted",
        "reporting.report.approved",
        "reporting.report.accepted",
    ]


def test_a_late_report_stays_late_after_a_return(report, people):
    report = report_submit(report=report, user=people["daumoi"], now=vn(2026, 3, 25, 16, 0, 1))
    report = report_return(report=report, user=people["lanhdao"], comment="Thiếu số liệu")
    assert report.state == ReportState.RETURNED and report.returned_comment == "Thiếu số liệu"
    report = report_submit(report=report, user=people["daumoi"], now=vn(2026, 3, 20, 8, 0))
    assert report.late


def test_a_return_needs_a_comment(report, people):
    report = report_submit(report=report, user=people["daumoi"], now=vn(2026, 3, 20, 8, 0))
    with pytest.raises(ValidationError, match="lý do"):
        report_return(report=report, user=people["lanhdao"], comment="  ")


def test_only_the_bodys_own_people_move_its_report(report, people):
    with pytest.raises(PermissionDenied):
        report_submit(report=report, user=people["daumoi.yte"], now=vn(2026, 3, 20, 8, 0))
    report = report_submit(report=report, user=people["daumoi"], now=vn(2026, 3, 20, 8, 0))
    with pytest.raises(PermissionDenied):
        report_approve(report=report, user=people["daumoi"])
    with pytest.raises(ValidationError):
        report_accept(report=report, user=people["thuongtruc"])  # not approved yet


def test_a_stale_page_is_refused(report, people):
    seen = report.version
    report_submit(
        report=report, user=people["daumoi"], seen_version=seen, now=vn(2026, 3, 20, 8, 0)
    )
    with pytest.raises(EditConflict):
        report_submit(
            report=report, user=people["daumoi"], seen_version=seen, now=vn(2026, 3, 20, 8, 1)
        )


def test_nothing_changes_in_a_locked_period(report, people, period):
    period.locked_at = vn(2026, 4, 1, 0, 0)
    period.save()
    with pytest.raises(ValidationError, match="khóa sổ"):
        report_submit(report=report, user=people["daumoi"], now=vn(2026, 3, 20, 8, 0))
