"""The reporting tests' small plan, period and report, shared here."""

from theodoi.reporting.tests.conftest import period, plan, report, vn  # noqa: F401
