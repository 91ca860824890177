"""Hostile documents are refused within the worker's bounds, with a message naming the limit.

Each probe (``probes``) went through ``parse_bounded`` with the worker's limits
(640 MB beyond the caller, 25 s); those a check refuses before the work are refused in well under
a second. The child's peak memory is what the kernel reports for it.
"""

import io
import json
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from theodoi.importer import ImportFailure, limits, parse_bounded, parse_bytes
from theodoi.importer.detect import read_document
from theodoi.importer.readers.xlsx import read_xlsx, sheet_rows
from theodoi.lib.archives import ArchiveRefused, check_archive, read_member

from . import probes

ROOT = Path(__file__).resolve().parents[3]
PLANS = ROOT / "tests" / "fixtures" / "plans"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
MEMORY_MB, SECONDS = 640, 25
GIGABYTE_KB = 1024 * 1024  # ru_maxrss is in kilobytes

# probe, file name, the code it is refused with, what the message names
PRE_CHECKED = [
    (probes.xlsx_merged, "ke-hoach.xlsx", "merged_area", f"{limits.MAX_MERGED_AREA} ô"),
    (probes.pdf_grid, "ke-hoach.pdf", "pdf_page_size", f"{limits.MAX_PAGE_SIDE} pt"),
    (probes.pdf_many_pages, "ke-hoach.pdf", "pdf_pages", f"{limits.MAX_PDF_PAGES} trang"),
    (probes.docx_bomb, "ke-hoach.docx", "archive_unzipped", "giới hạn 120 MB"),
    (probes.docx_entities, "ke-hoach.docx", "xml_entities", "DOCTYPE/ENTITY"),
    (lambda: probes.pdf_grid(842, 200), "ke-hoach.pdf", "pdf_page_grid", "6000 giao điểm"),
]


def bounded(data: bytes, source: str, **limits_) -> tuple[ImportFailure | dict, float]:
    started = time.monotonic()
    try:
        outcome = parse_bounded(data, source, **limits_)
    except ImportFailure as refused:
        outcome = refused
    return outcome, time.monotonic() - started


def child_peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


@pytest.mark.parametrize(
    ("build", "source", "code", "named"), PRE_CHECKED, ids=[p[2] for p in PRE_CHECKED]
)
def test_a_probe_is_refused_by_its_limit_before_the_work(build, source, code, named):
    data = build()
    assert len(data) < 10 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(ImportFailure) as refused:
        read_document(data, source)
    assert time.monotonic() - started < 1
    assert refused.value.code == code
    assert named in refused.value.vi

    outcome, elapsed = bounded(data, source, memory_mb=MEMORY_MB, seconds=SECONDS)
    assert isinstance(outcome, ImportFailure) and outcome.code == code
    assert (outcome.vi, outcome.en) == (refused.value.vi, refused.value.en)
    assert elapsed < 2
    assert child_peak_kb() < GIGABYTE_KB


@pytest.mark.parametrize(
    ("build", "within"), [(probes.text_one_line, 30), (probes.text_one_word, 30)]
)
def test_a_long_line_of_text_is_read_within_the_time_limit(build, within):
    outcome, elapsed = bounded(build(), "ke-hoach.txt")
    assert isinstance(outcome, ImportFailure) and outcome.code == "nothing_found"
    assert elapsed < within
    assert child_peak_kb() < GIGABYTE_KB


def child_cpu(data: bytes, source: str) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    parse_bounded(data, source)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def test_a_long_table_is_read_in_time_linear_in_its_size():
    """A row that continues the task above, thousands of times, once took time quadratic
    in the rows (256 KB: 4 s, 512 KB: 31 s); four times the rows now take about four
    times as long."""
    small = child_cpu(probes.text_table(256 * 1024), "ke-hoach.md")
    large = child_cpu(probes.text_table(1024 * 1024), "ke-hoach.md")
    assert large < 7 * max(small, 0.05)


def test_a_docx_whose_directory_lies_about_its_size_is_never_unpacked_past_the_claim():
    data = probes.docx_bomb_lying()
    check_archive(data, max_unzipped_bytes=limits.MAX_UNZIPPED_BYTES)  # it claims 64 KB
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        with pytest.raises(ArchiveRefused) as wrong:
            read_member(archive, "word/document.xml", max_bytes=limits.MAX_UNZIPPED_BYTES)
        assert wrong.value.limit == "corrupt"  # 64 KB came out, and their checksum is wrong
        with pytest.raises(ArchiveRefused) as over:
            read_member(archive, "word/document.xml", max_bytes=1000)
        assert (over.value.limit, over.value.value, over.value.allowed) == ("unzipped", 1001, 1000)
    started = time.monotonic()
    with pytest.raises(ImportFailure) as refused:
        read_document(data, "ke-hoach.docx")
    assert refused.value.code == "corrupt"
    assert time.monotonic() - started < 1


def test_the_bomb_claims_its_true_size_and_is_refused_from_the_directory():
    with pytest.raises(ArchiveRefused) as refused:
        check_archive(probes.docx_bomb(), max_unzipped_bytes=limits.MAX_UNZIPPED_BYTES)
    assert refused.value.limit == "unzipped"
    assert refused.value.value > 6 * 1000**3


@pytest.mark.parametrize(
    "path",
    [
        PLANS / "000_91be600319c8ab5d.txt",
        PLANS / "nq03-cp-2025.md",
        CORPUS / "lam-dong-kh-cchc-2026" / "lam-dong-kh-cchc-2026.docx",
        CORPUS / "cp-nq97-2026" / "cp-nq97-2026.pdf",
    ],
    ids=lambda path: path.suffix,
)
def test_a_real_plan_reads_the_same_bounded_as_unbounded(path):
    data = path.read_bytes()
    outcome, elapsed = bounded(data, path.name)
    assert outcome == parse_bytes(data, path.name)
    assert elapsed < SECONDS / 2


def test_a_refusal_in_the_child_comes_back_as_the_same_failure():
    data = b"Chi mot dong chu, khong co nhiem vu nao.\n"
    with pytest.raises(ImportFailure) as direct:
        parse_bytes(data, "ghi-chu.txt")
    outcome, _ = bounded(data, "ghi-chu.txt")
    assert isinstance(outcome, ImportFailure)
    assert (outcome.code, outcome.vi, outcome.en) == (
        direct.value.code,
        direct.value.vi,
        direct.value.en,
    )


def test_a_read_past_its_seconds_is_stopped_with_the_time_limit():
    path = CORPUS / "cp-nq105-2026" / "cp-nq105-2026.pdf"  # about 2 s to read
    outcome, elapsed = bounded(path.read_bytes(), path.name, seconds=0.3)
    assert isinstance(outcome, ImportFailure) and outcome.code == "time_limit"
    assert "giới hạn thời gian 0.3 giây" in outcome.vi
    assert "time limit of 0.3 seconds" in outcome.en
    assert elapsed < 1.5


FRESH_READ = """
import json, time
from theodoi.importer import ImportFailure, parse_bounded
from theodoi.importer.tests import probes
data = probes.text_table(4 * 1024 * 1024)
memory_mb = 40  # beyond what this process has mapped
started = time.monotonic()
try:
    parse_bounded(data, "a.md", memory_mb=memory_mb)
    print(json.dumps({"code": None}))
except ImportFailure as refused:
    print(json.dumps({"code": refused.code, "vi": refused.vi, "en": refused.en,
                      "memory_mb": memory_mb, "elapsed": time.monotonic() - started}))
"""


def test_a_read_past_its_memory_is_stopped_with_the_memory_limit():
    """A long table (its read needs about 150 MB) with room for 40 MB more than the
    caller has mapped. In a fresh process: this one's free heap, which the child
    inherits, would hold the read."""
    done = subprocess.run(
        [sys.executable, "-c", FRESH_READ], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    outcome = json.loads(done.stdout)
    assert outcome["code"] == "memory_limit"
    assert f"vượt giới hạn bộ nhớ {outcome['memory_mb']} MB" in outcome["vi"]
    assert f"memory limit of {outcome['memory_mb']} MB" in outcome["en"]
    assert outcome["elapsed"] < 20


def workbook_bytes(build) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì"])
    sheet.append([1, "Xây dựng cơ sở dữ liệu", "Sở Nội vụ"])
    build(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_sheet_is_walked_only_as_far_as_its_data():
    """A merged range anchored far past the data, and a styled cell further still,
    add nothing to the rows read."""
    plain = workbook_bytes(lambda sheet: None)

    def far(sheet):
        sheet.merge_cells("F40:Z2000")
        sheet["AZ90000"].number_format = "0.00"

    sprawling = workbook_bytes(far)
    workbook = openpyxl.load_workbook(io.BytesIO(sprawling))
    assert workbook.active.max_row == 90000
    assert sheet_rows(workbook.active) == [
        ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì"],
        ["1", "Xây dựng cơ sở dữ liệu", "Sở Nội vụ"],
    ]
    assert read_xlsx(sprawling, "a.xlsx") == read_xlsx(plain, "a.xlsx")


def test_a_sheet_with_data_spread_too_far_is_refused():
    data = workbook_bytes(lambda sheet: sheet.cell(row=200_000, column=20, value="x"))
    with pytest.raises(ImportFailure) as refused:
        read_xlsx(data, "ke-hoach.xlsx")
    assert refused.value.code == "sheet_area"
    assert "200000 dòng × 20 cột" in refused.value.vi


def test_a_docx_cell_spanning_a_billion_columns_spans_the_most_word_allows():
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for row, texts in zip(table.rows, [["TT", "Nội dung nhiệm vụ"], ["1", "Việc"]], strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    properties = table.rows[1].cells[1]._tc.get_or_add_tcPr()
    span = properties.makeelement(qn("w:gridSpan"), {qn("w:val"): "1000000000"})
    properties.append(span)
    out = io.BytesIO()
    document.save(out)
    started = time.monotonic()
    raw = read_document(out.getvalue(), "ke-hoach.docx")
    assert time.monotonic() - started < 1
    assert max(len(row) for row in raw.blocks[0].rows) == 1 + limits.MAX_TABLE_COLUMNS
