from datetime import date

import pytest

from theodoi.documents.official import (
    Heading,
    Letterhead,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
)

LONG = (
    "Các sở, ban, ngành và Ủy ban nhân dân cấp huyện đã triển khai kế hoạch chuyển đổi số, "
    "bảo đảm tiến độ & chất lượng theo chỉ đạo của Ban Chỉ đạo <tỉnh>. "
) * 6


def make_document(form="state", landscape=True):
    if form == "party":
        letterhead = Letterhead("Đảng bộ tỉnh An Giang", "Ban Chỉ đạo 57", "Số 12-BC/BCĐ", "party")
    else:
        letterhead = Letterhead("UBND tỉnh An Giang", "Ban Chỉ đạo 57", "Số: 12/BC-BCĐ")
    body = [
        Heading("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO"),
        Paragraph(LONG),
        Heading("1. Ban hành văn bản", level=2),
        Paragraph(LONG),
        Table(
            ["STT", "Cơ quan", "Nhiệm vụ quá hạn"],
            [[1, "Sở Tài chính", 3], [2, "Sở Nội vụ", 0]],
            widths_mm=[15, 100, 50],
        ),
        Heading("II. KẾT QUẢ"),
        *[Paragraph(LONG) for _ in range(4)],
    ]
    if landscape:
        body.append(
            Table(
                [f"Tháng {m:02d}" for m in range(1, 13)] + ["Cơ quan"],
                [[f"Đ{m}" for m in range(1, 13)] + ["Sở Xây dựng"]],
                title="Phụ lục 1: Tình hình gửi báo cáo",
                landscape=True,
            )
        )
    return OfficialDocument(
        letterhead=letterhead,
        place="An Giang",
        date=date(2026, 1, 5),
        kind="Báo cáo",
        subject="Kết quả thực hiện tháng 12/2025 & nhiệm vụ trọng tâm tháng 01/2026",
        body=body,
        signature=Signature("TM. Ban Chỉ đạo", "Trưởng ban", "Nguyễn Văn An"),
        recipients=["- Thường trực Tỉnh ủy;", "- Các thành viên BCĐ;", "- Lưu: VT, BCĐ."],
    )


@pytest.fixture
def state_document():
    return make_document("state")


@pytest.fixture
def party_document():
    return make_document("party")
