"""Every reader, fed damaged and odd documents, returns a plan or refuses with an
``ImportFailure``: never another exception, never past its time.

Inputs are derived from a small valid document of each kind (bytes flipped,
cut short, a chunk repeated, table-like text put in; for .docx and .xlsx also
inside the main XML part, so the readers get past the zip). Each read runs in
``parse_bounded``, where a reader's own exception comes back as
``reader_crashed``: that, or going over the time or memory, fails the test.
"""

import io
import time
import zipfile

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from theodoi.importer import ImportFailure, parse_bounded

from . import probes

MEMORY_MB, SECONDS = 1024, 15
TABLE_TEXT = "|\t-+:=*#<>/\\.;,()[]\n 0123456789 TTSônhiệmvụChủtrìĐơnvịThờigian 12/2026 Quý IV"
PLAN_LINES = [
    "ỦY BAN NHÂN DÂN TỈNH",
    "KẾ HOẠCH Triển khai chuyển đổi số năm 2026",
    "I. NHIỆM VỤ",
]
ROWS = [
    ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"],
    ["1", "Xây dựng cơ sở dữ liệu", "Sở Nội vụ", "12/2026"],
    ["2", "Số hóa hồ sơ", "Sở Tư pháp", "Quý IV/2026"],
]


def text_seed() -> bytes:
    lines = [*PLAN_LINES, *("\t".join(row) for row in ROWS), "Đơn vị chủ trì: Sở Nội vụ"]
    return "\n".join(lines).encode()


def markdown_seed() -> bytes:
    table = ["| " + " | ".join(row) + " |" for row in ROWS]
    table.insert(1, "|---|---|---|---|")
    return "\n".join([f"# {PLAN_LINES[1]}", "", *table]).encode()


def html_seed() -> bytes:
    cells = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in ROWS)
    return f"<html><body><p>{PLAN_LINES[1]}</p><table>{cells}</table></body></html>".encode()


def docx_seed() -> bytes:
    document = docx.Document()
    for line in PLAN_LINES:
        document.add_paragraph(line)
    table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for row, texts in zip(table.rows, ROWS, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_seed() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([PLAN_LINES[1]])
    sheet.merge_cells("A1:D1")
    for row in ROWS:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pdf_seed() -> bytes:
    return probes.pdf_grid(842, 4)


SEEDS = {
    "ke-hoach.txt": (text_seed, None),
    "ke-hoach.md": (markdown_seed, None),
    "ke-hoach.html": (html_seed, None),
    "ke-hoach.docx": (docx_seed, "word/document.xml"),
    "ke-hoach.xlsx": (xlsx_seed, "xl/worksheets/sheet1.xml"),
    "ke-hoach.pdf": (pdf_seed, None),
}
BUILT: dict[str, bytes] = {}

positions = st.integers(min_value=0, max_value=1 << 20)
mutations = st.lists(
    st.one_of(
        st.tuples(st.just("flip"), positions, st.integers(min_value=1, max_value=255)),
        st.tuples(st.just("cut"), positions),
        st.tuples(
            st.just("repeat"),
            positions,
            st.integers(min_value=1, max_value=300),
            st.integers(min_value=2, max_value=30),
        ),
        st.tuples(st.just("insert"), positions, st.text(alphabet=TABLE_TEXT, max_size=300)),
    ),
    min_size=1,
    max_size=4,
)


def mutate(data: bytes, changes) -> bytes:
    for change in changes:
        at = change[1] % (len(data) + 1)
        if change[0] == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ change[2]]) + data[at + 1 :]
        elif change[0] == "cut":
            data = data[:at]
        elif change[0] == "repeat":
            data = data[:at] + data[at : at + change[2]] * change[3] + data[at:]
        elif change[0] == "insert":
            data = data[:at] + change[2].encode() + data[at:]
    return data


def mutate_part(package: bytes, part: str, changes) -> bytes:
    """The package with its ``part`` mutated, zipped again."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, mutate(data, changes) if info.filename == part else data)
    return out.getvalue()


@pytest.mark.parametrize("source", list(SEEDS))
@settings(
    max_examples=12,
    deadline=None,  # each read is timed below, in its child
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(changes=mutations, inside=st.booleans())
def test_a_damaged_document_is_read_or_refused_never_crashes(source, changes, inside):
    build, part = SEEDS[source]
    if source not in BUILT:
        BUILT[source] = build()
    data = BUILT[source]
    data = mutate_part(data, part, changes) if part and inside else mutate(data, changes)
    started = time.monotonic()
    try:
        outcome = parse_bounded(data, source, memory_mb=MEMORY_MB, seconds=SECONDS)
    except ImportFailure as refused:
        assert refused.code not in {"reader_crashed", "time_limit", "memory_limit"}, refused.en
    else:
        assert outcome["schema"] == "theodoi.plan/1"
    assert time.monotonic() - started < SECONDS


def test_the_seeds_themselves_are_plans():
    for source, (build, _) in SEEDS.items():
        if source.endswith(".pdf"):
            continue  # the ruled page has a title only: refused as having no task
        assert parse_bounded(build(), source)["tasks"], source
