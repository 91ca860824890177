"""Reading a time cell: its due date, its recurrence and its condition.

The due date is the last day the text allows: a month → its last day, a
quarter → the last day of its last month, a year → 31 December, a range → the
end of its last part. A month or day without a year takes the plan's year.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ..textnorm import clean
from .numbers import roman_or_int

# One date mention; the alternatives are tried left to right at each place.
DATE_MENTION = re.compile(
    r"(?P<dmy>\b(?:ngày\s+)?(?P<d1>\d{1,2})\s*[/.-]\s*(?P<m1>\d{1,2})\s*[/.-]\s*(?P<y1>\d{4})\b)"
    r"|(?P<dm_words>\bngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?)"
    r"|(?P<quarter>\bquý\s+(?P<q>[IV]+|\d)(?:\s*(?:/|năm)\s*(?P<y3>\d{4}))?)"
    r"|(?P<half>\b6\s+tháng\s+(?P<which>đầu|cuối)\s+năm(?:\s+(?P<y6>\d{4}))?)"
    r"|(?P<my>\b(?:tháng\s+)?(?P<m4>\d{1,2})\s*/\s*(?P<y4>\d{4})\b)"
    r"|(?P<month_words>\btháng\s+(?P<m5>\d{1,2})(?:\s+năm\s+(?P<y5>\d{4}))?)"
    r"|(?P<dm>\bngày\s+(?P<d7>\d{1,2})\s*/\s*(?P<m7>\d{1,2})\b(?!\s*/\s*\d))"
    r"|(?P<year>\b(?P<y8>(?:19|20)\d{2})\b)"
    r"|(?P<this_year>\b(?:trong|cả)\s+năm\b(?!\s+(?:\d|liền|sau|tiếp|tới)))",
    re.IGNORECASE,
)
# A document cited in the cell ("Nghị định số 52/2015/NĐ-CP ngày 28/5/2015"): its date
# is not the task's.
CITATION = re.compile(
    r"\b\d+[\w.]*/(?:\d{4}/)?[A-ZĐ][\w./Đđ-]*"
    r"(?:,?\s*ngày\s+\d{1,2}(?:\s*/\s*|\s+tháng\s+)\d{1,2}(?:\s*/\s*|\s+năm\s+)\d{4})?"
)
# "Trước ngày 31/01 năm liền kề": a day of the year after the plan's.
NEXT_YEAR = re.compile(r"\bnăm\s+(?:liền\s+kề|sau|tiếp\s+theo|kế\s+tiếp)\b", re.IGNORECASE)
# What makes a task recur; "Thường xuyên, hằng năm" recurs every year.
RECURRENCE = (
    (
        "annual",
        re.compile(
            r"h[àằ]ng\s+năm|các\s+năm\s+tiếp\s+theo|những\s+năm\s+tiếp\s+theo"
            r"|năm\s+sau|định\s+kỳ\s+(?:hàng|hằng)\s+năm",
            re.IGNORECASE,
        ),
    ),
    ("continuous", re.compile(r"thường\s+xuyên|liên\s+tục", re.IGNORECASE)),
    ("quarterly", re.compile(r"h[àằ]ng\s+quý|định\s+kỳ\s+quý", re.IGNORECASE)),
    ("monthly", re.compile(r"h[àằ]ng\s+tháng|của\s+tháng\s+(?:liền\s+kề|sau)", re.IGNORECASE)),
)
# "Từ quý II/2027": when the work starts, with no end, so no due date.
OPEN_START = re.compile(r"^(?:bắt\s+đầu\s+)?từ\b(?!.*(?:\bđến\b|\btới\b|[-–]))", re.IGNORECASE)
# A precondition: "sau khi có …", "Khi có …", "khi được …".
CONDITION = re.compile(
    r"\b(?:sau\s+\d+\s+(?:ngày|tháng|năm)\s+kể\s+từ\s+)?"
    r"(?:sau\s+khi|khi|trước\s+khi|ngay\s+sau\s+khi)\s+(?:có|được|hoàn\s+thành|ban\s+hành)\b.*",
    re.IGNORECASE,
)


@dataclass
class Deadline:
    text: str | None
    due: str | None
    recurrence: str | None
    condition: str | None

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "due": self.due,
            "recurrence": self.recurrence,
            "condition": self.condition,
        }

    @property
    def unreadable(self) -> bool:
        """Text given, yet neither a date, a recurrence nor a condition found."""
        return bool(self.text) and not (self.due or self.recurrence or self.condition)


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _mention_end(m: re.Match, year: int) -> date | None:
    """The last day one date mention allows."""
    try:
        if m["dmy"]:
            return date(int(m["y1"]), int(m["m1"]), int(m["d1"]))
        if m["dm_words"]:
            return date(int(m["y2"] or year), int(m["m2"]), int(m["d2"]))
        if m["quarter"]:
            quarter = roman_or_int(m["q"])
            if quarter is None or not 1 <= quarter <= 4:
                return None
            return _month_end(int(m["y3"] or year), quarter * 3)
        if m["half"]:
            return _month_end(int(m["y6"] or year), 6 if m["which"].lower() == "đầu" else 12)
        if m["my"]:
            return _month_end(int(m["y4"]), int(m["m4"]))
        if m["month_words"]:
            return _month_end(int(m["y5"] or year), int(m["m5"]))
        if m["dm"]:
            return date(year, int(m["m7"]), int(m["d7"]))
        if m["year"]:
            return date(int(m["y8"]), 12, 31)
        if m["this_year"]:
            return date(year, 12, 31)
    except ValueError:
        return None
    return None


def recurs_yearly(text: str) -> bool:
    return RECURRENCE[0][1].search(text) is not None


def _years_in(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", text)]


def read_deadline(cell: str | None, year: int | None) -> Deadline:
    text = clean(cell)
    if not text:
        return Deadline(None, None, None, None)
    condition_match = CONDITION.search(text)
    condition = None
    dated = text
    if condition_match:
        condition = condition_match.group(0).strip(" .;,")
        dated = text[: condition_match.start()]
    dated = CITATION.sub(" ", dated)
    years = _years_in(dated)
    default_year = years[-1] if years else year
    if not years and year is not None and NEXT_YEAR.search(dated) and not recurs_yearly(dated):
        default_year = year + 1
    ends = []
    if default_year is not None:
        ends = [end for m in DATE_MENTION.finditer(dated) if (end := _mention_end(m, default_year))]
    recurrence = next((name for name, rx in RECURRENCE if rx.search(text)), None)
    if recurrence in ("annual", "quarterly", "monthly") and not years:
        ends = []  # "trong tháng 01 hằng năm": every year, no one due date
    due = max(ends).isoformat() if ends and not OPEN_START.match(dated) else None
    return Deadline(text, due, recurrence, condition)
