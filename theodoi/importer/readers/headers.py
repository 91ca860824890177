"""The header row of a plan's table: a TT/STT cell and a content cell.

The PDF reader uses it to tell a repeated header from a continued table, the
Excel reader to find where the table starts in a sheet.
"""

from theodoi.lib.text import fold_case

NUMBER_HEADERS = {"tt", "stt", "số tt", "số thứ tự", "thứ tự"}
CONTENT_HEADERS = (
    "nội dung",
    "nhiệm vụ",
    "chỉ tiêu",
    "giải pháp",
    "công việc",
    "hoạt động",
    "tên",  # also Tên nhiệm vụ, Họ và tên (a roster)
)


def is_header_row(cells: list[str | None]) -> bool:
    texts = [fold_case(cell).rstrip(".") for cell in cells if cell]
    has_number = any(text in NUMBER_HEADERS for text in texts)
    has_content = any(word in text for text in texts for word in CONTENT_HEADERS)
    return has_number and has_content
