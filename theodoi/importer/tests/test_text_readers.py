"""The text reader: tables found by their shape, noise left out."""

from theodoi.importer.model import Paragraph, Table
from theodoi.importer.readers.text import read_text

TAB_HEADER = "TT\tTên nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời hạn"


def tables(text):
    return [b for b in read_text(text, "x.txt").blocks if isinstance(b, Table)]


def test_it_reads_a_markdown_pipe_table_without_its_separator_line():
    text = (
        "| TT | Tên nhiệm vụ | Cơ quan chủ trì |\n|---|---|---|\n"
        "| **I.** | Thể chế | |\n| 1. | Việc | Sở Y tế |\n"
    )
    [table] = tables(text)
    assert table.rows == [
        ["TT", "Tên nhiệm vụ", "Cơ quan chủ trì"],
        ["**I.**", "Thể chế", ""],
        ["1.", "Việc", "Sở Y tế"],
    ]


def test_it_keeps_one_tab_table_over_a_page_break_with_its_repeated_header():
    text = "\n".join(
        [
            TAB_HEADER,
            "1\tViệc một\tSở Y tế\t\t2025",
            "",
            TAB_HEADER,
            "\tnối tiếp\t\t\t",
            "2\tViệc hai\tSở Nội vụ\t\t2026",
            "",
            "./.",
        ]
    )
    [table] = tables(text)
    assert len(table.rows) == 5
    assert table.rows[3] == ["", "nối tiếp", "", "", ""]


def test_it_drops_form_feeds_and_the_page_numbers_beside_them():
    blocks = read_text("Dòng một\n\f\n2\nDòng hai\n", "x.txt").blocks
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["Dòng một", "Dòng hai"]


def test_it_normalises_to_nfc():
    import unicodedata

    text = unicodedata.normalize("NFD", "Kế hoạch")
    [block] = read_text(text, "x.txt").blocks
    assert block.text == "Kế hoạch"


WRAPPED = """TT Nội dung nhiệm vụ
Đơn vị
chủ trì

Đơn vị phối
hợp

Thời
gian

I Cải cách hành chính

1

Rà soát thủ tục hành
chính nội bộ giữa các
cơ quan nhà nước

Sở Nội
vụ

Các Sở, ban,
ngành

3/2025

2

Số hóa hồ sơ thủ tục
hành chính
Văn phòng
UBND tỉnh

Sở Khoa học
và Công nghệ
Thường
xuyên
"""


def test_it_cuts_wrapped_pdf_rows_into_cells_by_what_each_column_holds():
    [table] = tables(WRAPPED)
    rows = [[(c or "").replace("\n", " ") for c in row] for row in table.rows[1:]]
    assert rows[0][:2] == ["I", "Cải cách hành chính"]
    assert rows[1] == [
        "1",
        "Rà soát thủ tục hành chính nội bộ giữa các cơ quan nhà nước",
        "Sở Nội vụ",
        "Các Sở, ban, ngành",
        "3/2025",
    ]
    assert rows[2] == [
        "2",
        "Số hóa hồ sơ thủ tục hành chính",
        "Văn phòng UBND tỉnh",
        "Sở Khoa học và Công nghệ",
        "Thường xuyên",
    ]


def test_a_number_inside_a_cell_is_not_taken_for_a_row_code():
    text = WRAPPED.replace("cơ quan nhà nước\n", "cơ quan nhà nước năm\n2025\n")
    [table] = tables(text)
    assert [row[0] for row in table.rows[1:]] == ["I", "1", "2"]
