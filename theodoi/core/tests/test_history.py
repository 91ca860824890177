"""The history of a row: every recorded change, newest first, and none for a row never changed."""

from theodoi.bodies.models import Body
from theodoi.core.views import history_entries


def test_a_row_with_no_recorded_change_has_an_empty_history(registry):
    body = Body.objects.first()
    body.history.all().delete()
    assert history_entries(body) == []


def test_each_change_is_listed_newest_first_with_what_it_changed(registry):
    body = Body.objects.get(name="Sở Tài chính")
    body.history.all().delete()
    for name in ("Sở Tài chính (1)", "Sở Tài chính (2)"):
        body.name = name
        body.save()
    entries = history_entries(body)
    assert [e["record"].name for e in entries] == ["Sở Tài chính (2)", "Sở Tài chính (1)"]
    assert entries[0]["changes"] == [("name", "Sở Tài chính (1)", "Sở Tài chính (2)")]
    assert entries[1]["changes"] == []
