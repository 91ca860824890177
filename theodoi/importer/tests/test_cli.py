"""``theodoi parse``: JSON, a summary in Vietnamese or English, one message on failure."""

import json
from pathlib import Path

from theodoi.importer.cli import main

SAMPLE = Path(__file__).resolve().parents[3] / "tests/fixtures/plans/001_6cb26fb914e0f802.txt"


def test_json_prints_the_plan_with_vietnamese_letters_unescaped(capsys):
    assert main([str(SAMPLE), "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["schema"] == "theodoi.plan/1"
    assert "Quyết định" in out


def test_the_summary_counts_and_lists_every_warning_in_vietnamese(capsys):
    assert main([str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Nhiệm vụ" in out and "40" in out
    assert "Chỉ tiêu        16" in out
    assert "không đọc được thời hạn" in out


def test_lang_en_switches_the_summary_to_english(capsys):
    assert main([str(SAMPLE), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Tasks" in out and "Indicators" in out


def test_lang_en_writes_the_warnings_in_english(capsys):
    assert main([str(SAMPLE), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Warnings: 2" in out
    assert "  - [tasks VII/31] the deadline could not be read: Theo đúng tiến độ" in out
    assert "không đọc được thời hạn" not in out


def test_the_vietnamese_summary_names_the_place_in_vietnamese(capsys):
    assert main([str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "  - [nhiệm vụ VII/31] không đọc được thời hạn: Theo đúng tiến độ" in out


def test_a_failure_prints_one_message_on_stderr_and_exits_2(tmp_path, capsys):
    missing = tmp_path / "khong-co.txt"
    assert main([str(missing), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
