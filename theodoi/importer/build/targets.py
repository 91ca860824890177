"""Targets: a KPI cell (``≥ 14,5``, ``100%``) and a level a task states (``đạt 60%``)."""

import re

from ..textnorm import clean
from .numbers import to_number

# A comparison written as a sign or in words.
AT_LEAST = re.compile(
    r"^(≥|>=|>|tối\s+thiểu|ít\s+nhất|trên|từ|đạt\s+tối\s+thiểu|đạt)\s*", re.IGNORECASE
)
AT_MOST = re.compile(r"^(≤|<=|<|tối\s+đa|không\s+quá|dưới|không\s+vượt\s+quá)\s*", re.IGNORECASE)
FIRST_NUMBER = re.compile(r"(\d+(?:[.,]\d+)*)\s*(%)?")
# "40 - 50", "20% - 50%": a range is reached at its lower end.
RANGE = re.compile(r"^\s*\d+(?:[.,]\d+)*\s*%?\s*[-–]\s*\d+(?:[.,]\d+)*\s*%?\s*$")

# In a task's text: a percentage, or a count after "tối thiểu"/"ít nhất"/"đạt".
TASK_PERCENT = re.compile(
    r"(?P<op>tối\s+thiểu|ít\s+nhất|tối\s+đa|không\s+quá|dưới|trên|đạt|là)?\s*"
    r"(?P<value>\d+(?:[.,]\d+)?)\s*%",
    re.IGNORECASE,
)
TASK_COUNT = re.compile(
    r"(?P<op>tối\s+thiểu|ít\s+nhất|tối\s+đa|không\s+quá)\s+(?P<value>\d+(?:[.,]\d+)?)\s+"
    r"(?P<unit>[^\s,.;:()]+(?:\s+[^\s,.;:()]+)?)",
    re.IGNORECASE,
)
# Units of two syllables a count may carry ("03 bài toán lớn" counts "bài toán").
TWO_WORD_UNITS = frozenset(
    "bài toán|mô hình|sản phẩm|doanh nghiệp|nhiệm vụ|hồ sơ|dự án|đề tài|sáng kiến|chương trình|"
    "hội thảo|cơ sở|hợp tác xã|lượt người|trung tâm|nền tảng|ứng dụng|cơ sở dữ liệu|văn bản|"
    "đề án|kế hoạch|hệ thống|thủ tục|dịch vụ|chuyên gia|người dân".split("|")
)


def _op_of(word: str | None) -> str:
    if not word:
        return ">="
    word = word.lower()
    if re.match(r"tối\s+đa|không\s+quá|dưới", word):
        return "<="
    return ">="


def read_target(cell: str | None) -> dict | None:
    """A KPI table's target cell: ``{"text", "op", "value"}``; a bare number is ``=``."""
    text = clean(cell)
    if not text:
        return None
    op = "="
    rest = text
    if match := AT_LEAST.match(text):
        op, rest = ">=", text[match.end() :]
    elif match := AT_MOST.match(text):
        op, rest = "<=", text[match.end() :]
    elif RANGE.match(text):
        op = ">="
    number = FIRST_NUMBER.search(rest)
    if not number:
        return {"text": text, "op": None, "value": None}
    return {"text": text, "op": op, "value": to_number(number.group(1))}


def task_target(title: str | None) -> dict | None:
    """A measurable level in a task's text: ``… đạt 60%`` → ``>= 60 %``."""
    text = clean(title)
    if not text:
        return None
    percent = TASK_PERCENT.search(text)
    if percent:
        return {"op": _op_of(percent["op"]), "value": to_number(percent["value"]), "unit": "%"}
    count = TASK_COUNT.search(text)
    if count:
        words = count["unit"].split()
        unit = " ".join(words) if " ".join(words).lower() in TWO_WORD_UNITS else words[0]
        return {"op": _op_of(count["op"]), "value": to_number(count["value"]), "unit": unit}
    return None
