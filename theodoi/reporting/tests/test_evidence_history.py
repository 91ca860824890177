"""An evidence file has a history of its own: who attached it, who removed it."""

import pytest
from django.urls import reverse

from theodoi.reporting.models import EvidenceFile
from theodoi.reporting.services.reports import report_open
from theodoi.reporting.tests.test_evidence import PDF, upload

pytestmark = pytest.mark.usefixtures("media")  # uploads go to a folder of the test's own


@pytest.fixture
def item(period, people):
    return report_open(period=period, body=people["daumoi"].body).items.get()


def test_who_attached_and_who_removed_a_file_is_in_its_history(
    login, item, people, django_capture_on_commit_callbacks
):
    upload(login("daumoi"), item, "bien-ban.pdf", PDF)
    evidence = EvidenceFile.objects.get()
    added = evidence.history.get()
    assert (added.history_type, added.history_user, added.history_change_reason) == (
        "+",
        people["daumoi"],
        "reporting.evidence.added",
    )
    assert added.action_data == {"name": "bien-ban.pdf"}
    url = reverse("reporting:evidence_delete", args=[item.report.body_id, evidence.pk])
    with django_capture_on_commit_callbacks(execute=True):
        login("daumoi").post(url, HTTP_HX_REQUEST="true")
    removed = EvidenceFile.history.filter(id=evidence.pk).latest()
    assert (removed.history_type, removed.history_user, removed.history_change_reason) == (
        "-",
        people["daumoi"],
        "reporting.evidence.removed",
    )
    assert removed.action_data == {"name": "bien-ban.pdf"}
