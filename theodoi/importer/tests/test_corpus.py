"""The importer's corpus: real plans beyond the samples, each as found, scored against
the plan JSON written by hand (``tests/fixtures/corpus``; ``make corpus`` scores
every form and writes the table in docs/importer.md)."""

import json

import pytest

from bench.corpus import accuracy, documents, original, scorer
from theodoi.importer import parse_file

FOLDERS = documents()


def test_the_corpus_holds_at_least_twelve_plans_of_every_kind():
    sources = [json.loads((f / "source.json").read_text(encoding="utf-8")) for f in FOLDERS]
    assert len(FOLDERS) >= 12
    assert {s["level"] for s in sources} >= {"province", "government"}
    assert {original(f).suffix for f in FOLDERS} >= {".pdf", ".docx", ".md", ".txt"}
    assert any(
        json.loads((f / "expected.json").read_text(encoding="utf-8"))["indicators"] for f in FOLDERS
    )
    assert all(s.get("repository") and s.get("commit") and s.get("path") for s in sources)


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_each_plan_as_found_reads_with_at_least_95_percent_of_fields_right(folder):
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert accuracy(scorer()(expected, parse_file(original(folder)))) >= 0.95
