"""Saved web pages of legal documents, and Word documents saved as "Web Page"."""

import unicodedata

from theodoi.importer import parse_bytes
from theodoi.importer.detect import document_kind, read_document
from theodoi.importer.model import Paragraph, Table

TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: a precomposed base letter, then the tone mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = next(p for p in parts if p in TONES)
            out += unicodedata.normalize("NFC", parts.replace(tone, "")).encode("cp1258")
            out += tone.encode("cp1258")
    return bytes(out)


OFFICIAL = (
    "<table><tr><td><b>ỦY BAN NHÂN DÂN<br>TỈNH AN GIANG</b><br>-------</td>"
    "<td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br>Độc lập - Tự do - Hạnh phúc</td></tr>"
    "<tr><td>Số: 01/KH-UBND</td><td><i>An Giang, ngày 04 tháng 4 năm 2025</i></td></tr></table>"
)
TASKS = (
    "<table border=1>"
    "<tr><th>TT</th><th>Nội dung nhiệm vụ</th><th>Cơ quan chủ trì</th>"
    "<th>Thời gian hoàn thành</th></tr>"
    "<tr><td><b>I</b></td><td colspan=3><strong>NÂNG CAO NHẬN THỨC</strong></td></tr>"
    "<tr><td>1</td><td><p>Tổ chức hội nghị</p><p>quán triệt</p></td>"
    "<td rowspan=2>Sở Tư pháp</td><td>Quý II/2025</td></tr>"
    "<tr><td>2</td><td>Tuyên truyền&nbsp;pháp luật</td><td>Quý III/2025</td></tr>"
    "</table>"
)
SITE = (
    "<header><a href='/'>Trang chủ</a></header>"
    "<nav><ul><li><a>Văn bản</a></li><li><a>Tin tức</a></li></ul></nav>"
    "<div class='top-banner'>THƯ VIỆN PHÁP LUẬT</div>"
    "<div class='menu-left'><a>Luật</a> <a>Nghị định</a> <a>Thông tư</a></div>"
)
SITE_AFTER = (
    "<div class='box-related'><h3>Văn bản liên quan</h3><ul><li><a>Nghị định 1</a></li>"
    "<li><a>Nghị định 2</a></li><li><a>Nghị định 3</a></li></ul></div>"
    "<div id='cookie-consent'>Chúng tôi dùng cookie. <button>Đồng ý</button></div>"
    "<p>Bạn phải đăng nhập để xem toàn văn.</p><footer>© 2025</footer>"
    "<script>var x = 'Nơi nhận';</script>"
)


def page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<!DOCTYPE html><html><head>{head}<style>p{{}}</style></head><body>{body}</body></html>"


def read(html: str | bytes, name: str = "van-ban.html"):
    data = html.encode("utf-8") if isinstance(html, str) else html
    return read_document(data, name).blocks


def test_merged_cells_are_none_and_bold_rows_are_marked():
    [table] = read(page(TASKS))
    assert table.rows == [
        ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"],
        ["I", "NÂNG CAO NHẬN THỨC", None, None],
        ["1", "Tổ chức hội nghị\nquán triệt", "Sở Tư pháp", "Quý II/2025"],
        ["2", "Tuyên truyền pháp luật", None, "Quý III/2025"],
    ]
    assert table.bold == [True, True, False, False]


def test_a_header_cell_over_two_rows_and_columns():
    html = page(
        "<table><tr><td rowspan=2>TT</td><td colspan=2>Thời gian</td></tr>"
        "<tr><td>Bắt đầu</td><td style='font-weight:bold'>Hoàn thành</td></tr></table>"
    )
    [table] = read(html)
    assert table.rows == [["TT", "Thời gian", None], [None, "Bắt đầu", "Hoàn thành"]]
    assert table.bold == [False, False]


def test_the_official_header_stays_a_table_and_prose_is_paragraph_lines():
    blocks = read(
        page(OFFICIAL + "<p align=center><b>KẾ HOẠCH</b><br>Năm 2025</p><div>Căn cứ Luật;</div>")
    )
    assert blocks[0].rows[0][1] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    assert blocks[1:] == [Paragraph("KẾ HOẠCH"), Paragraph("Năm 2025"), Paragraph("Căn cứ Luật;")]


def test_a_nested_table_is_flattened_into_its_cell():
    html = page(
        "<table><tr><td>1</td><td>Việc<table><tr><td>a</td><td>b</td></tr>"
        "<tr><td>c</td><td>d</td></tr></table></td><td>Sở Y tế</td></tr></table>"
    )
    [table] = read(html)
    assert table.rows == [["1", "Việc\na b\nc d", "Sở Y tế"]]


def test_a_table_that_lays_out_the_page_is_read_through():
    html = page("<table><tr><td><p>KẾ HOẠCH</p>" + TASKS + "</td></tr></table>")
    blocks = read(html)
    assert blocks[0] == Paragraph("KẾ HOẠCH")
    assert blocks[1].rows[0][0] == "TT"


def test_the_site_around_the_document_is_dropped():
    blocks = read(
        page(SITE + OFFICIAL + "<p>KẾ HOẠCH</p>" + TASKS + "<p>Nơi nhận:</p>" + SITE_AFTER)
    )
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert texts == ["KẾ HOẠCH", "Nơi nhận:"]
    assert isinstance(blocks[0], Table) and len(blocks) == 4


def test_a_windows_1258_page_is_read_by_its_declared_charset():
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
    data = cp1258(page(OFFICIAL + "<p>Kế hoạch phát triển khoa học, công nghệ</p>", head))
    blocks = read(data)
    assert blocks[-1] == Paragraph("Kế hoạch phát triển khoa học, công nghệ")
    assert blocks[0].rows[1][0] == "Số: 01/KH-UBND"


def test_html_is_known_by_its_content_not_its_name():
    assert document_kind(page("<p>x</p>").encode(), "ke-hoach.txt") == "html"
    assert document_kind(b"\xef\xbb\xbf<table><tr><td>1</td></tr></table>", "a.txt") == "html"
    assert document_kind("# KẾ HOẠCH\n<table></table>".encode(), "ke-hoach.md") == "text"


MARKDOWN = (
    "ỦY BAN NHÂN DÂN TỈNH AN GIANG\n\nKẾ HOẠCH\n\n"
    "| TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |\n|---|---|---|---|\n"
    "| **I** | **NÂNG CAO NHẬN THỨC** | | |\n"
    "| 1 | Tổ chức hội nghị quán triệt | Sở Tư pháp | Quý II/2025 |\n"
    "| 2 | Tuyên truyền pháp luật | Sở Tư pháp | Quý III/2025 |\n"
)


def test_a_web_page_gives_the_tasks_of_its_markdown_version():
    html = page(
        SITE
        + "<p>ỦY BAN NHÂN DÂN TỈNH AN GIANG</p><p>KẾ HOẠCH</p>"
        + TASKS.replace("<p>Tổ chức hội nghị</p><p>quán triệt</p>", "Tổ chức hội nghị quán triệt")
        + SITE_AFTER
    )

    def tasks(data, name):
        plan = parse_bytes(data, name)
        return [(t["code"], t["title"], t["lead"], t["deadline"]["text"]) for t in plan["tasks"]]

    assert tasks(html.encode(), "ke-hoach.html") == tasks(MARKDOWN.encode(), "ke-hoach.md")
