"""Vocabulary of the genre: column names, agency heads, signers' ranks.

Shared by the readers (to recognise a table header in flattened PDF text) and
the builder (to give each column its field).
"""

import re

from .textnorm import loose

# Column names, by field. Matching takes the longest name first, so
# "Đơn vị chủ trì" wins over "Đơn vị" and "Chỉ tiêu năm" over "Chỉ tiêu".
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "code": ("Số thứ tự", "Số TT", "STT", "TT"),
    "title": (
        "Nội dung nhiệm vụ",
        "Nội dung công việc",
        "Nội dung hoạt động",
        "Tên nhiệm vụ",
        "Nhiệm vụ, giải pháp",
        "Nội dung, nhiệm vụ",
        "Nhiệm vụ cụ thể",
        "Nhiệm vụ",
        "Nội dung",
        "Hoạt động",
        "Tên đề án",
        "Tên hoạt động",
    ),
    "lead": (
        "Cơ quan chủ trì theo dõi, đánh giá",
        "Cơ quan, đơn vị chủ trì",
        "Cơ quan chủ trì thực hiện",
        "Đơn vị chủ trì thực hiện",
        "Cơ quan chủ trì",
        "Đơn vị chủ trì",
        "Đơn vị thực hiện",
        "Cơ quan thực hiện",
        "Chủ trì",
    ),
    "support": (
        "Cơ quan, đơn vị phối hợp",
        "Cơ quan phối hợp thực hiện",
        "Đơn vị phối hợp thực hiện",
        "Cơ quan phối hợp",
        "Đơn vị phối hợp",
        "Phối hợp",
    ),
    "deliverable": (
        "Sản phẩm đầu ra",
        "Sản phẩm, kết quả",
        "Kết quả, sản phẩm",
        "Kết quả/sản phẩm",
        "Sản phẩm/kết quả",
        "Kết quả đầu ra",
        "Sản phẩm",
        "Kết quả",
        "Hình thức văn bản",
    ),
    "basis": ("Căn cứ giao nhiệm vụ", "Căn cứ"),
    "start": ("Thời gian thực hiện", "Thời gian bắt đầu"),
    "deadline": (
        "Thời gian hoàn thành",
        "Thời hạn hoàn thành",
        "Thời gian dự kiến",
        "Tiến độ thực hiện",
        "Tiến độ hoàn thành",
        "Thời hạn",
        "Tiến độ",
        "Thời gian",
    ),
    "indicator": ("Tên chỉ tiêu", "Nội dung chỉ tiêu", "Chỉ tiêu"),
    "unit": ("Đơn vị tính", "ĐVT", "Đơn vị"),
    "target": ("Chỉ tiêu năm", "Chỉ tiêu kế hoạch", "Mục tiêu", "Giá trị mục tiêu"),
    "name": ("Họ và tên", "Họ tên"),
    "position": ("Chức vụ", "Chức danh"),
    "duty": ("Nhiệm vụ phụ trách", "Nhiệm vụ được phân công", "Lĩnh vực phụ trách"),
    "note": ("Ghi chú",),
}

_NAMES_LONGEST_FIRST = sorted(
    ((loose(name), field) for field, names in COLUMN_NAMES.items() for name in names),
    key=lambda pair: -len(pair[0]),
)
HEADER_WORDS = frozenset(
    word for name, _ in _NAMES_LONGEST_FIRST for word in re.split(r"[\s,/]+", name) if word
)


def column_field(cell: str | None) -> str | None:
    """The field a header cell names, or None (``Chỉ tiêu năm 2026`` is a target)."""
    text = loose(cell).rstrip(".:")
    for name, field in _NAMES_LONGEST_FIRST:
        if text == name or text.startswith(name + " "):
            return field
    return None


def match_header_text(text: str) -> list[tuple[str, str]]:
    """Split a flattened header line into (field, name) in order.

    PDF text of a header row runs the column names together
    ("TT Nội dung nhiệm vụ Đơn vị chủ trì Đơn vị phối hợp …"); this reads
    them off greedily, longest name first. Unknown words are skipped.
    """
    words = loose(text).replace(",", " , ").replace("/", " / ").split()
    found: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        for name, field in _NAMES_LONGEST_FIRST:
            parts = name.replace(",", " , ").replace("/", " / ").split()
            if words[i : i + len(parts)] == parts:
                found.append((field, name))
                i += len(parts)
                break
        else:
            i += 1
    return found


# Words an agency name or group starts with ("Sở …", "UBND …", "Các …").
AGENCY_HEADS = (
    "Sở",
    "Bộ",
    "Ban",
    "Văn phòng",
    "UBND",
    "HĐND",
    "Ủy ban",
    "Hội đồng",
    "Công an",
    "Các",
    "các",
    "Ngân hàng",
    "Bảo hiểm",
    "BHXH",
    "Chi cục",
    "Cục",
    "Tổng cục",
    "Trường",
    "Trung tâm",
    "Viện",
    "Đài",
    "Báo",
    "Hội",
    "Liên đoàn",
    "Liên hiệp",
    "Tỉnh đoàn",
    "Thành đoàn",
    "Đoàn",
    "Mặt trận",
    "Kho bạc",
    "Tòa án",
    "Viện kiểm sát",
    "Thanh tra",
    "Tập đoàn",
    "Tổng công ty",
    "Công ty",
    "Doanh nghiệp",
    "Hiệp hội",
    "Quỹ",
    "Cơ quan",
    "Đơn vị",
    "Địa phương",
    "Tỉnh ủy",
    "Thành ủy",
    "Đảng ủy",
    "Bộ Chỉ huy",
    "Bộ đội",
    "Cảng vụ",
    "Hải quan",
    "Thuế",
    "Chính phủ",
    "Thủ tướng",
    "Tổ công tác",
    "Tổ Công tác",
    "Hãng",
    "Vụ",
    "Phòng",
)
_HEAD_KEYS = sorted({loose(h) for h in AGENCY_HEADS}, key=len, reverse=True)
# An acronym such as VTV, TTXVN, BHXH: two or more capitals (Đ included).
ACRONYM = re.compile(r"^[A-ZĐ][A-ZĐ&]+\b")


# Heads that never end a name: "Văn phòng" wants "UBND tỉnh" after it.
_BARE_HEADS = frozenset(
    loose(h)
    for h in (
        "Sở",
        "Bộ",
        "Ban",
        "Văn phòng",
        "Ủy ban",
        "UBND",
        "HĐND",
        "Công an",
        "Ngân hàng",
        "Bảo hiểm",
        "Chi cục",
        "Cục",
        "Tổng cục",
        "Trường",
        "Trung tâm",
        "Viện",
        "Đài",
        "Hội",
        "Liên đoàn",
        "Kho bạc",
        "Tòa án",
        "Tập đoàn",
        "Tổng công ty",
        "Công ty",
        "Quỹ",
        "Cơ quan",
        "Hội đồng",
        "Thanh tra",
        "Mặt trận",
    )
)
# First words of two-word heads, which a narrow column may leave alone on a line.
_HEAD_FIRST_WORDS = frozenset({"Văn", "Ủy", "Uỷ", "Ngân", "Bảo", "Chi", "Trung", "Tổng", "Kho"})


def is_bare_head(text: str) -> bool:
    """``Văn phòng``, ``Sở``: a head word with the rest of the name still to come."""
    return loose(text).rstrip(",;") in _BARE_HEADS


ROMAN_NUMERAL = re.compile(r"^[IVXLC]+\b")


# Words that begin like a body's name but name a thing: "Báo cáo", "Hội nghị".
NOT_AGENCIES = re.compile(r"^(?:báo\s+cáo|hội\s+(?:nghị|thảo|thi|chợ|diễn))\b", re.IGNORECASE)


def starts_with_agency(text: str) -> bool:
    """Does this text begin like the name of a body or group of bodies?"""
    text = text.strip().lstrip("-–+•").strip()
    if not text or NOT_AGENCIES.match(text):
        return False
    if ACRONYM.match(text) and not ROMAN_NUMERAL.match(text):
        return True
    if text in _HEAD_FIRST_WORDS:
        return True
    if not (text[0].isupper() or text.startswith("các ")):
        return False
    key = loose(text)
    return any(
        key == head or key.startswith(head + " ") or key.startswith(head + ",")
        for head in _HEAD_KEYS
    )


# Ranks of signers and members ("CHỦ TỊCH", "Phó Giám đốc").
RANK_WORDS = (
    "Chủ tịch",
    "Phó Chủ tịch",
    "Trưởng ban",
    "Phó Trưởng ban",
    "Phó ban",
    "Giám đốc",
    "Phó Giám đốc",
    "Tổng Giám đốc",
    "Chánh Văn phòng",
    "Phó Chánh Văn phòng",
    "Chánh",
    "Chi cục trưởng",
    "Cục trưởng",
    "Tổ trưởng",
    "Tổ phó",
    "Thủ tướng",
    "Phó Thủ tướng",
    "Bộ trưởng",
    "Thứ trưởng",
    "Bí thư",
    "Phó Bí thư",
    "Trưởng",
    "Phó",
    "Hiệu trưởng",
    "Viện trưởng",
    "Chỉ huy trưởng",
    "Thủ trưởng",
    "Ủy viên",
    "Thành viên",
    "Thư ký",
)
