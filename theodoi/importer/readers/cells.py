"""Cutting one row's lines into cells, for the wrapped-table reader.

Each column has a kind that says how its cell starts and ends (see
``wrapped.py``). ``split_row`` handles the row's first part; the parts after
page breaks go to the cells left open (``_continue``).
"""

import re
from dataclasses import dataclass

from ..vocab import RANK_WORDS, is_bare_head, starts_with_agency


@dataclass
class Line:
    text: str
    gap: bool  # a blank line came before it


KINDS = {
    "title": "title",
    "indicator": "title",
    "name": "person",
    "position": "position",
    "lead": "agency",
    "support": "agency",
    "start": "time",
    "deadline": "time",
    "basis": "basis",
}


def kind_of(field: str) -> str:
    return KINDS.get(field, "free")


# A time cell's first line: a month/year, a date, or a word that opens a time phrase.
TIME_START = re.compile(
    r"^(?:Tháng|Quý|Năm|Hàng|Hằng|Thường|Khi|Sau khi|Trước|Từ|Giai đoạn|Định kỳ|Cả năm"
    r"|\d{1,2}/\d{4}|\d{1,2}/\d{1,2}/\d{2,4})\b"
)
# Words that carry on a time phrase over a line break ("Năm / 2025 và / các năm / tiếp theo").
TIME_WORDS = frozenset(
    "năm tháng quý và các những tiếp theo hàng hằng xuyên thường đến từ đầu cuối giai "
    "đoạn trước sau ngày hết - – cả".split()
)
TIME_TOKEN = re.compile(r"^[\dIVX/.,;()\-–]+$")
# Where one time phrase ends and another begins on the same line.
TIME_PHRASE_WORDS = frozenset(
    "Tháng Quý Năm Hàng Hằng Thường Khi Sau Trước Từ Giai Định Cả".split()
)
TIME_LABELS = frozenset("tháng quý năm ngày từ đến và - – trước sau hết giai đoạn".split())
DATE_TOKEN = re.compile(r"^\d{1,2}/(\d{1,2}/)?\d{4}[.,;]?$")
CONDITION_START = re.compile(r"^(?:Khi|Sau khi|Trước khi)\b")
# A legal-basis cell's first line.
BASIS_START = re.compile(
    r"^(?:Kế hoạch|Quyết định|Nghị quyết|Chỉ thị|Chương trình|Công văn|Thông báo|Kết luận"
    r"|Văn bản|Luật|Nghị định|Thông tư)\b"
)
# Words that leave an agency name unfinished at the end of a line.
DANGLING = frozenset(
    "và các của cho với Sở Ban Văn Công Ủy Uỷ Ngân Bảo Chi Trung Trường Bộ Cục Đài Hội "
    "Viện Kho Tòa Liên Tổng Khoa Nông Tài Xây Nội Giáo Tư Y Kế Dân Du".split()
)
HONORIFIC = re.compile(r"^(?:Ông|Bà|Đồng chí|Đ/c)\.?\s+")
ROLE_THEN_MORE = re.compile(
    r"^(.*?\b(?:Tổ phó thường trực|Tổ phó|Tổ trưởng|Thành viên|Ủy viên|Thư ký|Phó Trưởng ban"
    r"|Trưởng ban|Phó ban|Thường trực))\s+([A-ZĐ].*)$"
)
RANK_STARTS = tuple(RANK_WORDS)


def is_time_start(text: str, width: int) -> bool:
    return bool(TIME_START.match(text)) and len(text) < 0.6 * width


def is_agency_start(text: str, width: int) -> bool:
    """A new agency cell: a capitalised body's name on a short line."""
    return text[:1].isupper() and starts_with_agency(text) and len(text) < 0.6 * width


def agency_complete(text: str) -> bool:
    """Does this agency text end on a whole name (so a new name may follow)?"""
    text = text.strip()
    if not text or text[-1] in ",;/-&(":
        return False
    words = text.split()
    if words[-1] in DANGLING:
        return False
    segment = re.split(r"[,;]", text)[-1].split()
    if len(segment) == 2 and segment[0] in {"Sở", "Bộ", "Ban"}:
        return False
    if is_bare_head(" ".join(segment)):
        return False
    return not (len(segment) >= 2 and segment[-2] == "và")


def _starts_later(text: str, later: list[str], width: int) -> bool:
    for kind in later:
        if kind == "agency" and is_agency_start(text, width):
            return True
        if kind == "time" and is_time_start(text, width):
            return True
        if kind == "basis" and BASIS_START.match(text):
            return True
    return False


def _time_continues(text: str) -> bool:
    words = text.split()
    return all(w.casefold() in TIME_WORDS or TIME_TOKEN.match(w) for w in words)


def split_time_phrases(text: str) -> list[str]:
    """``"4/2025 Năm 2025 và các năm tiếp theo"`` → two phrases."""
    phrases: list[list[str]] = []
    previous = ""
    in_condition = False
    for word in text.split():
        opens = word in TIME_PHRASE_WORDS or (
            DATE_TOKEN.match(word) and previous and previous.casefold() not in TIME_LABELS
        )
        if opens and in_condition and word not in {"Khi", "Sau", "Trước"}:
            opens = False
        if opens or not phrases:
            phrases.append([])
            in_condition = word in {"Khi", "Sau"}
        phrases[-1].append(word)
        previous = word
    return [" ".join(p) for p in phrases]


class Cutter:
    """Takes lines off the front of a row, one column at a time."""

    def __init__(self, lines: list[Line], width: int):
        self.lines = [line.text for line in lines]
        self.gaps = [line.gap for line in lines]
        self.pos = 0
        self.width = width

    def peek(self) -> str | None:
        return self.lines[self.pos] if self.pos < len(self.lines) else None

    def take(self) -> str:
        self.pos += 1
        return self.lines[self.pos - 1]

    def put_back(self, text: str) -> None:
        self.pos -= 1
        self.lines[self.pos] = text

    def free(self, later: list[str], first: bool) -> list[str]:
        out: list[str] = []
        while (line := self.peek()) is not None:
            if (out or not first) and _starts_later(line, later, self.width):
                break
            out.append(self.take())
        return out

    def agency(self, later: list[str]) -> list[str]:
        line = self.peek()
        if line is None or not starts_with_agency(line):
            return []
        out = [self.take()]
        while (line := self.peek()) is not None:
            gaps_before = self.gaps[self.pos]
            if _starts_later(line, [k for k in later if k != "agency"], self.width):
                break
            if starts_with_agency(line):
                so_far = " ".join(out)
                if agency_complete(so_far) or (gaps_before and so_far.endswith(" và")):
                    break
            out.append(self.take())
        return out

    def time(self) -> list[str]:
        line = self.peek()
        if line is None or not is_time_start(line, self.width):
            return []
        out = [self.take()]
        in_condition = bool(CONDITION_START.match(line))
        while (line := self.peek()) is not None:
            if is_time_start(line, self.width):
                in_condition = bool(CONDITION_START.match(line))
            elif not (_time_continues(line) or (in_condition and len(line) < 0.6 * self.width)):
                break
            out.append(self.take())
        return split_time_phrases(" ".join(out))

    def person(self) -> list[str]:
        line = self.peek()
        if line is None:
            return []
        self.take()
        honorific = HONORIFIC.match(line)
        if not honorific:
            out = [line]
            while (nxt := self.peek()) is not None and nxt[:1].islower():
                out.append(self.take())
            return out
        words = line[honorific.end() :].split()
        name: list[str] = []
        while words and words[0][:1].isupper() and len(name) < 5:
            rest = " ".join(words)
            if name and rest.startswith(RANK_STARTS):
                break
            name.append(words.pop(0))
        if words:
            self.lines.insert(self.pos, " ".join(words))
            self.gaps.insert(self.pos, False)
        return [" ".join(name)]

    def position(self) -> list[str]:
        line = self.peek()
        if line is None or not line.startswith(RANK_STARTS):
            return []
        out: list[str] = []
        while (line := self.peek()) is not None:
            if out:
                previous = out[-1].rstrip()
                joined = previous.endswith((",", ";", "và")) or line[:1].islower()
                if not joined:
                    break
            self.take()
            split = ROLE_THEN_MORE.match(line)
            if split:
                out.append(split[1])
                self.lines.insert(self.pos, split[2])
                self.gaps.insert(self.pos, False)
                break
            out.append(line)
        return out

    def rest(self) -> list[str]:
        out = self.lines[self.pos :]
        self.pos = len(self.lines)
        return out


def split_row(segments: list[list[Line]], kinds: list[str], width: int) -> list[list[str]]:
    """Cells of one row (each a list of lines), from its segments between page breaks."""
    cells: list[list[str]] = [[] for _ in kinds]
    started = False
    for segment in segments:
        if not segment:
            continue
        if started:
            _continue(cells, segment, kinds, width)
        else:
            _first(cells, segment, kinds, width)
            started = True
    return cells


def _first(cells: list[list[str]], segment: list[Line], kinds: list[str], width: int) -> None:
    cutter = Cutter(segment, width)
    ci = 0
    while ci < len(kinds):
        kind = kinds[ci]
        later = kinds[ci + 1 :]
        if kind == "time":
            span = 1
            while ci + span < len(kinds) and kinds[ci + span] == "time":
                span += 1
            _spread(cells, ci, span, cutter.time())
            ci += span
            continue
        if ci == len(kinds) - 1 and kind in ("free", "basis", "title"):
            cells[ci] += cutter.rest()
        elif kind == "agency":
            cells[ci] += cutter.agency(later)
        elif kind == "person":
            cells[ci] += cutter.person()
        elif kind == "position":
            cells[ci] += cutter.position()
        elif kind == "basis":
            first = cutter.peek()
            if first is not None and BASIS_START.match(first):
                cells[ci] += cutter.free(later, first=True)
        else:
            cells[ci] += cutter.free(later, first=ci == 0)
        ci += 1
    leftover = cutter.rest()
    if leftover:
        target = max((i for i, c in enumerate(cells) if c), default=0)
        cells[target] += leftover


def _spread(cells: list[list[str]], start: int, span: int, phrases: list[str]) -> None:
    """Time phrases into ``span`` time columns: one phrase fills the last (the deadline)."""
    if not phrases:
        return
    if len(phrases) < span:
        first = start + span - len(phrases)
    else:
        first = start
        phrases = [*phrases[: span - 1], " ".join(phrases[span - 1 :])]
    for offset, phrase in enumerate(phrases):
        cells[first + offset].append(phrase)


def _is_open(kind: str, lines: list[str], width: int) -> bool:
    """Was this cell cut short by the page break?"""
    if not lines:
        return False
    last = lines[-1].strip()
    text = " ".join(lines)
    if kind == "agency":
        return not agency_complete(text)
    if kind == "time":
        words = text.split()
        return bool(words) and words[-1].casefold() in TIME_LABELS | {"các", "những", "năm"}
    if kind == "title":
        return len(last) >= 0.65 * width
    return last.endswith((",", ";", "và", "của", "-"))


def _continue(cells: list[list[str]], segment: list[Line], kinds: list[str], width: int) -> None:
    open_cells = [i for i, kind in enumerate(kinds) if _is_open(kind, cells[i], width)]
    lines = list(segment)
    if open_cells and open_cells[0] == 0:
        open_cells.pop(0)
        taken = [lines.pop(0).text]
        while lines:
            nxt = lines[0].text
            if len(taken[-1]) + 1 + len(nxt.split()[0]) < 0.75 * width:
                break
            if _starts_later(nxt, kinds[1:], width):
                break
            taken.append(lines.pop(0).text)
        cells[0] += taken
    if not lines:
        return
    chunks: list[list[str]] = []
    for line in lines:
        if line.gap or not chunks:
            chunks.append([])
        chunks[-1].append(line.text)
    if not open_cells:
        target = 0 if kinds[0] == "title" else max(i for i, c in enumerate(cells) if c)
        cells[target] += [line.text for line in lines]
        return
    for n, chunk in enumerate(chunks):
        cells[open_cells[min(n, len(open_cells) - 1)]] += chunk
