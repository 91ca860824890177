"""Standing reporting duties: "báo cáo … trước ngày 15 hàng tháng", "gửi … trước ngày 23/4/2026".

Three shapes, each in a clause that speaks of reporting (báo cáo, gửi, cập nhật):

- a day of every month ("trước ngày 15 hằng tháng", "trước 16h00 ngày 25 hằng tháng");
- a date ("trước ngày 23/4/2026", "trước ngày 15/11 hằng năm", "trước ngày 30 tháng 01
  của năm tiếp theo"): a one-off duty, unless the words around it make it recur
  (yearly, half-yearly, quarterly); a date given without a year and without such
  words is in the plan's year — or the next, when it would fall before the plan;
- a period, its day said anywhere in the clause or not at all ("định kỳ 06 tháng",
  "định kỳ hằng tháng, trước ngày 20, …", "định kỳ hàng quý, trước ngày 15 của tháng
  cuối quý"): a duty with no day leaves the day to the office when it publishes.
"""

import re
from datetime import date

TIME = r"(?:(?P<h>\d{1,2})\s*(?:h|giờ)\s*(?P<min>\d{2})?\s*(?:phút\s*)?,?\s*)?"
# Words that set a deadline: "trước", "chậm nhất (là)", "không quá", "vào".
BY = r"(?:trước|chậm\s+nhất(?:\s+là)?|không\s+quá|vào)"
# "trước 16h00 ngày 25 hằng tháng", "chậm nhất ngày 20 hàng tháng"
MONTHLY = re.compile(
    rf"{BY}\s+{TIME}(?:ngày\s+)?(?P<day>\d{{1,2}})\s+(?:của\s+)?(?:hàng|hằng|mỗi)\s+tháng",
    re.IGNORECASE,
)
# The day of a periodic duty said apart from its period: "định kỳ hằng tháng, trước
# ngày 20, …"; not a date ("trước ngày 15/6", "trước ngày 15 tháng 6").
DAY_IN_CLAUSE = re.compile(
    rf"{BY}\s+{TIME}ngày\s+(?P<day>\d{{1,2}})(?!\d|\s*(?:tháng\s*|/)\d)", re.IGNORECASE
)
# "trước ngày 23 tháng 4 năm 2026", "trước ngày 23/4/2026"; a second date may follow
# ("trước ngày 15/6 và ngày 15/12").
ONCE = re.compile(
    rf"(?:trước|chậm nhất(?:\s+là)?|hạn chót)\s+{TIME}(?:ngày\s+)?(?P<day>\d{{1,2}})\s*"
    r"(?:tháng\s+|/)(?P<month>\d{1,2})(?:\s*(?:năm\s+|/)(?P<year>\d{4}))?",
    re.IGNORECASE,
)
AND_DATE = re.compile(
    r"\s*(?:và|,)\s*(?:trước\s+)?ngày\s+(?P<day>\d{1,2})\s*(?:tháng\s+|/)(?P<month>\d{1,2})"
    r"(?:\s*(?:năm\s+|/)(?P<year>\d{4}))?",
    re.IGNORECASE,
)
# "định kỳ 06 tháng", "báo cáo hằng quý" — a period without a day.
PERIODIC = re.compile(
    r"định\s+kỳ\s+(?:(?:hằng|hàng|mỗi)\s+)?(?P<what>0?6\s+tháng|sáu\s+tháng|tháng|quý|năm)"
    r"|báo\s+cáo\s+(?:định\s+kỳ\s+)?(?P<what2>(?:hằng|hàng)\s+(?:tháng|quý|năm))",
    re.IGNORECASE,
)
REPORT_WORD = re.compile(r"báo cáo|gửi|cập nhật", re.IGNORECASE)
CLAUSE_START = re.compile(r"(?:định kỳ\s+)?(?:báo cáo|gửi|cập nhật)", re.IGNORECASE)
FREQUENCY_HINTS = (
    ("half-yearly", re.compile(r"\b0?6\s+tháng|sáu\s+tháng|nửa\s+năm|sơ\s+kết", re.IGNORECASE)),
    ("quarterly", re.compile(r"h[àằ]ng\s+quý|định\s+kỳ\s+quý|mỗi\s+quý", re.IGNORECASE)),
    (
        "yearly",
        re.compile(
            r"h[àằ]ng\s+năm|định\s+kỳ\s+năm|mỗi\s+năm|năm\s+(?:tiếp\s+theo|sau)|tổng\s+kết\s+năm",
            re.IGNORECASE,
        ),
    ),
)
NEXT_YEAR = re.compile(r"^\s*(?:của\s+)?năm\s+(?:tiếp\s+theo|sau)", re.IGNORECASE)
TO_AFTER = re.compile(r"^\s*(?:về|cho|tới|đến)\s+(.+?)(?=\s+(?:để|theo|trước)\b|[.;,(]|$)")
TO_BEFORE = re.compile(
    r"(?:báo cáo|gửi)\s+(?:[a-zà-ỹđ ]+\s+)?(?:về\s+|trên\s+|cho\s+)?"
    r"([A-ZĐ][^;(]*?)(?=\s+\(|\s+theo\b|\s+trước\b|\s+để\b|$)"
)
WHAT = {"tháng": "monthly", "quý": "quarterly", "năm": "yearly"}


def _clause(text: str, start: int) -> tuple[int, str]:
    """The clause a timing phrase ends: back to the previous ".", ";" or ":"."""
    begin = max(text.rfind(mark, 0, start) for mark in (". ", ";", ": ")) + 1
    return begin, text[begin:start]


def _clause_end(text: str, end: int) -> str:
    """The rest of the clause after a timing phrase, up to ".", ";" or ":"."""
    stops = [i for mark in (". ", ";", ": ") if (i := text.find(mark, end)) >= 0]
    return text[end : min(stops, default=len(text))]


class Duties:
    def __init__(self, prose: str, year: int | None, issued: str | None):
        self.prose = prose
        self.year = year
        self.issued = date.fromisoformat(issued) if issued else None
        self.found: list[tuple[int, dict]] = []
        self.taken: list[tuple[int, int]] = []

    def is_taken(self, start: int) -> bool:
        return any(a <= start < b for a, b in self.taken)

    def add(
        self, match: re.Match, frequency: str, extra: str = "", look_after: bool = False
    ) -> dict | None:
        """The duty a timing phrase sets, if its clause speaks of reporting (before the
        phrase, or with ``look_after`` anywhere in the clause)."""
        prose = self.prose
        if self.is_taken(match.start()):
            return None
        _begin, clause = _clause(prose, match.start())
        said = clause + match.group(0) + (_clause_end(prose, match.end()) if look_after else "")
        if not REPORT_WORD.search(said):
            return None
        self.taken.append((match.start(), match.end()))
        first = CLAUSE_START.search(clause)
        lead = clause[first.start() :] if first else clause
        after = TO_AFTER.match(prose[match.end() :])
        text = (lead + match.group(0) + extra + (after.group(0) if after else "")).strip()
        before = TO_BEFORE.search(lead + " ")
        to = after.group(1) if after else (before.group(1).strip() if before else None)
        groups = match.groupdict()
        duty = {
            "text": " ".join(text.split()),
            "frequency": frequency,
            "day": int(groups["day"]) if groups.get("day") else None,
            "time": f"{int(groups['h']):02d}:{groups['min'] or '00'}" if groups.get("h") else None,
            "to": to,
            "date": None,
        }
        self.found.append((match.start(), duty))
        return duty

    def dated(self, match: re.Match, day: int, month: int, year: str | None) -> None:
        """A duty on a date: recurring when its clause says so, else a one-off date."""
        after = _clause_end(self.prose, match.end())
        next_year = NEXT_YEAR.match(after)
        duty = self.add(match, "once", extra=next_year[0] if next_year else "")
        if duty is None:
            return
        _begin, clause = _clause(self.prose, match.start())
        around = clause + " " + after[:40]
        hint = next((f for f, hx in FREQUENCY_HINTS if hx.search(around)), None)
        if hint and not year:
            duty["frequency"] = hint
            duty["day"] = day
            return
        y = int(year) if year else self.year
        if y is None or not 1 <= month <= 12:
            return
        try:
            when = date(y, month, day)
        except ValueError:
            return
        if not year and self.issued and when < self.issued:
            when = when.replace(year=when.year + 1)
        duty["date"] = when.isoformat()


def read_reporting(prose: str, year: int | None, issued: str | None = None) -> list[dict]:
    """The duties the prose sets; ``year`` is the plan's year, ``issued`` its date (ISO)."""
    duties = Duties(prose, year, issued)
    for match in MONTHLY.finditer(prose):
        duties.add(match, "monthly")
    for match in ONCE.finditer(prose):
        if duties.is_taken(match.start()):
            continue
        duties.dated(match, int(match["day"]), int(match["month"]), match["year"])
        second = AND_DATE.match(prose, match.end())
        if second:
            duties.dated(second, int(second["day"]), int(second["month"]), second["year"])
    for match in PERIODIC.finditer(prose):
        begin, _clause_text = _clause(prose, match.start())
        rest = _clause_end(prose, match.end())
        if any(begin <= start <= match.end() + len(rest) for start, _ in duties.found):
            continue  # the clause already set a dated duty
        what = (match["what"] or match["what2"]).casefold()
        half = re.match(r"0?6|sáu", what)
        duty = duties.add(match, "half-yearly" if half else WHAT[what.split()[-1]], look_after=True)
        day = DAY_IN_CLAUSE.search(prose, begin, match.end() + len(rest))
        if duty is not None and day and 1 <= int(day["day"]) <= 31:
            duty["day"] = int(day["day"])
            duty["time"] = f"{int(day['h']):02d}:{day['min'] or '00'}" if day["h"] else None
    return [duty for _start, duty in sorted(duties.found, key=lambda pair: pair[0])]
