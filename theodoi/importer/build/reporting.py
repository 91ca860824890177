"""Standing reporting duties: "báo cáo … trước ngày 15 hàng tháng", "gửi … trước ngày 23/4/2026"."""

import re

# "trước 16h00 ngày 25 hằng tháng", "trước ngày 15 hàng tháng"
MONTHLY = re.compile(
    r"trước\s+(?:(?P<h>\d{1,2})\s*(?:h|giờ)\s*(?P<min>\d{2})?\s*(?:phút\s*)?)?(?:ngày\s+)?"
    r"(?P<day>\d{1,2})\s+(?:hàng|hằng)\s+tháng",
    re.IGNORECASE,
)
# "trước ngày 23 tháng 4 năm 2026", "trước ngày 23/4/2026"
ONCE = re.compile(
    r"trước\s+(?:(?P<h>\d{1,2})\s*(?:h|giờ)\s*(?P<min>\d{2})?\s*)?ngày\s+(?P<day>\d{1,2})\s*"
    r"(?:tháng\s+|/)(?P<month>\d{1,2})(?:\s*(?:năm\s+|/)(?P<year>\d{4}))?",
    re.IGNORECASE,
)
REPORT_WORD = re.compile(r"báo cáo|gửi|cập nhật", re.IGNORECASE)
CLAUSE_START = re.compile(r"(?:định kỳ\s+)?(?:báo cáo|gửi|cập nhật)", re.IGNORECASE)
FREQUENCY_HINTS = (
    ("half-yearly", re.compile(r"6\s+tháng|sáu\s+tháng|nửa\s+năm", re.IGNORECASE)),
    ("quarterly", re.compile(r"h[àằ]ng\s+quý|định\s+kỳ\s+quý", re.IGNORECASE)),
    ("yearly", re.compile(r"h[àằ]ng\s+năm|định\s+kỳ\s+năm", re.IGNORECASE)),
)
TO_AFTER = re.compile(r"^\s*(?:về|cho|tới|đến)\s+(.+?)(?=\s+(?:để|theo|trước)\b|[.;,(]|$)")
TO_BEFORE = re.compile(
    r"(?:báo cáo|gửi)\s+(?:[a-zà-ỹđ ]+\s+)?(?:về\s+|trên\s+|cho\s+)?"
    r"([A-ZĐ][^;(]*?)(?=\s+\(|\s+theo\b|\s+trước\b|\s+để\b|$)"
)


def _clause(text: str, start: int) -> tuple[int, str]:
    """The clause a timing phrase ends: back to the previous ".", ";" or ":"."""
    begin = max(text.rfind(mark, 0, start) for mark in (". ", ";", ": ")) + 1
    return begin, text[begin:start]


def read_reporting(prose: str, year: int | None) -> list[dict]:
    duties: list[dict] = []
    taken: list[tuple[int, int]] = []
    for rx, frequency in ((MONTHLY, "monthly"), (ONCE, "once")):
        for match in rx.finditer(prose):
            if any(a <= match.start() < b for a, b in taken):
                continue
            _begin, clause = _clause(prose, match.start())
            if not REPORT_WORD.search(clause):
                continue
            taken.append((match.start(), match.end()))
            first = CLAUSE_START.search(clause)
            lead = clause[first.start() :] if first else clause
            after = TO_AFTER.match(prose[match.end() :])
            text = (lead + match.group(0) + (after.group(0) if after else "")).strip()
            before = TO_BEFORE.search(lead + " ")
            to = after.group(1) if after else (before.group(1).strip() if before else None)
            duty = {
                "text": " ".join(text.split()),
                "frequency": frequency,
                "day": int(match["day"]),
                "time": None,
                "to": to,
                "date": None,
            }
            if match["h"]:
                duty["time"] = f"{int(match['h']):02d}:{match['min'] or '00'}"
            if frequency == "once":
                hint = next((f for f, hx in FREQUENCY_HINTS if hx.search(clause)), None)
                if hint:
                    duty["frequency"] = hint
                elif match["year"] or year:
                    y = int(match["year"] or year)
                    duty["date"] = f"{y}-{int(match['month']):02d}-{int(match['day']):02d}"
            duties.append(duty)
    duties.sort(key=lambda d: prose.find(d["text"][:20]))
    return duties
