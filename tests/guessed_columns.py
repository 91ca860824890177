"""A small plan in Word whose task column has a header the importer has never seen
("Việc cần làm": its role is guessed from the cells) and whose last column, "Nguồn
giao", holds the basis of each task but reads as products: the office corrects it.

``write_plan(path)`` writes it (``tests/make_documents.write_docx``); ``HEADERS=KNOWN``
writes the same plan with headers the importer knows, where nothing is guessed.
"""

from pathlib import Path

from tests.make_documents import write_docx
from theodoi.importer.model import Paragraph, RawDocument, Table

GUESSED = ["TT", "Việc cần làm", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Nguồn giao"]
KNOWN = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Sản phẩm"]
BASIS = {
    "1": "Chỉ đạo của Chủ tịch UBND tỉnh",
    "2": "Ý kiến của Thường trực Tỉnh ủy",
    "3": "Chương trình chuyển đổi số của tỉnh",
}
ROWS = [
    ["I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", None, None, None, None],
    [
        "1",
        "Rà soát, đơn giản hóa thủ tục hành chính trong lĩnh vực đất đai, xây dựng và đầu tư",
        "Sở Nông nghiệp và Môi trường",
        "Sở Tư pháp",
        "Quý II/2026",
        BASIS["1"],
    ],
    [
        "2",
        "Công bố danh mục thủ tục hành chính được cắt giảm thời gian giải quyết trên toàn tỉnh",
        "Văn phòng UBND tỉnh",
        "Sở Tư pháp",
        "Tháng 6/2026",
        BASIS["2"],
    ],
    ["II", "CHUYỂN ĐỔI SỐ", None, None, None, None],
    [
        "1",
        "Triển khai nền tảng họp không giấy tờ tại các cơ quan, đơn vị cấp tỉnh và cấp xã",
        "Sở Khoa học và Công nghệ",
        "Sở Tài chính",
        "Quý III/2026",
        BASIS["3"],
    ],
]
TITLE = "Cải cách hành chính và chuyển đổi số năm 2026"


def write_plan(path: Path, headers: list[str] = GUESSED) -> Path:
    raw = RawDocument(
        source=path.name,
        blocks=[
            Paragraph("ỦY BAN NHÂN DÂN TỈNH AN GIANG"),
            Paragraph("Số: 12/KH-UBND"),
            Paragraph("KẾ HOẠCH"),
            Paragraph(TITLE),
            Table(rows=[headers, *ROWS]),
        ],
    )
    write_docx(raw, path)
    return path
