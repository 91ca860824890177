"""The document's header: type, number, place and date, title, issuer, year, signer."""

import re

from ..textnorm import loose
from ..vocab import RANK_WORDS, starts_with_agency

# Instrument names as they stand alone on a line, in capitals.
TYPES = (
    "KẾ HOẠCH",
    "QUYẾT ĐỊNH",
    "NGHỊ QUYẾT",
    "CHƯƠNG TRÌNH",
    "CHỈ THỊ",
    "THÔNG BÁO",
    "ĐỀ ÁN",
    "HƯỚNG DẪN",
    "CHƯƠNG TRÌNH HÀNH ĐỘNG",
    "KẾT LUẬN",
    "BÁO CÁO",
    "CÔNG VĂN",
)
_TYPE_KEYS = {loose(t): t for t in TYPES}
# "Số: 01/KH-TCT01" — the number may be left blank ("Số: /QĐ-BCĐ").
NUMBER = re.compile(r"Số\s*:\s*(?P<n>\d[\w.]*)?\s*/\s*(?P<s>[A-ZĐ][\wĐđ\-/]*)")
# "An Giang, ngày 04 tháng 4 năm 2025" — day and month may be blank. A word of the
# place is at most 40 letters: unbounded, a line of letters without a space took
# time quadratic in its length (a 64 KB one-line file: 12 s).
PLACE_DATE = re.compile(
    r"(?P<place>(?:[A-ZĐ][^\W\d_]{0,40}\.?\s+){0,3}[A-ZĐ][^\W\d_]{0,40})\s*,\s*ngày\s*(?P<d>\d{1,2})?"
    r"\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})"
)
# Lines that end the title: the preamble or the body.
TITLE_STOP = re.compile(
    r"^(?:Căn cứ|Thực hiện|Theo đề nghị|Xét|Kính gửi|Trên cơ sở|[IVX]+\.\s|\d+\.\s|Điều\s+\d"
    r"|[-–—_=*.\s]+$)"
)
TITLE_MAX = 250  # a longer line is the body's first paragraph, not the subject
# "năm 2026" in a title, not the year of a date ("ngày 03 tháng 10 năm 2025").
YEAR_IN_TITLE = re.compile(r"(?<!\d\s)(?<!\d)\bnăm\s+((?:19|20)\d{2})\b", re.IGNORECASE)
DATE_YEAR = re.compile(r"tháng\s+\d{1,2}\s+năm\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}", re.IGNORECASE)
# Years a title names that are not the plan's own: a horizon ("đến năm 2030, tầm nhìn
# đến năm 2045") or the year of a document it carries out ("Nghị quyết số 57-NQ/TW
# năm 2024").
NOT_PLAN_YEAR = re.compile(
    r"(?:đến|tới|tầm\s+nhìn)\s+năm\s+\d{4}|\bsố\s+[\w./-]+\s+(?:ngày\s+\d{1,2}\s+)?năm\s+\d{4}",
    re.IGNORECASE,
)
# The body has begun: a numbered heading, a clause of the preamble.
BODY_START = re.compile(
    r"^(?:[IVX]+\.|\d+\.|[a-zđ]\)|Căn cứ|Thực hiện|Theo đề nghị|Điều\s+\d|Nơi nhận"
    r"|(?:TM|KT|TL|TUQ)\.)"
)
MOTTO = re.compile(
    r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    r"|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc"
)
ANNEX_OF = re.compile(r"^\(Kèm theo .*?\bcủa\s+(?P<issuer>.+?)\)?$")
ACRONYMS = {"UBND", "HĐND", "MTTQ", "BCĐ", "BCH", "TW", "KH&CN", "CNTT", "BHXH", "TP.", "TP"}
NAME_LINE = re.compile(r"^(?:[A-ZĐÀ-Ỹ][^\W\d_]*\s+){1,4}[A-ZĐÀ-Ỹ][^\W\d_]*$")
SIGNED_MARK = re.compile(r"^[\[(]?\s*(?:đã ký|ký|đã ký và đóng dấu)\s*[\])]?$", re.IGNORECASE)
DELEGATION = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\.\s*")


def is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


PLACE_WORDS = {"tỉnh", "phố", "huyện", "quận", "xã", "phường"}
# Words that keep their capitals inside a rank or a body's name.
PROPER_PHRASES = {
    "thủ tướng": "Thủ tướng",
    "chính phủ": "Chính phủ",
    "quốc hội": "Quốc hội",
    "chủ tịch": "Chủ tịch",
}


def sentence_case(text: str) -> str:
    """``CHỦ TỊCH UBND TỈNH`` → ``Chủ tịch UBND tỉnh``."""
    words = [w if w in ACRONYMS else w.lower() for w in text.split()]
    # After "tỉnh", "thành phố"… comes a place name, which keeps its capitals.
    for i, word in enumerate(words[:-1]):
        if word in PLACE_WORDS:
            words[i + 1 :] = [w[:1].upper() + w[1:] for w in words[i + 1 :]]
            break
    if words:
        words[0] = words[0][:1].upper() + words[0][1:]
    if len(words) > 1 and words[0] == "Phó":  # Phó Giám đốc, Phó Trưởng ban
        words[1] = words[1][:1].upper() + words[1][1:]
    out = " ".join(words)
    for phrase, proper in PROPER_PHRASES.items():
        out = re.sub(rf"\b{phrase}\b", proper, out)
    return out


def _find_type(lines: list[str]) -> int | None:
    for i, line in enumerate(lines[:80]):
        if loose(line).rstrip(":") in _TYPE_KEYS and ":" not in line:
            return i
    return None


def _title(lines: list[str], start: int) -> str | None:
    taken: list[str] = []
    for line in lines[start + 1 : start + 7]:
        if TITLE_STOP.match(line) or is_caps(line) or line.startswith("("):
            break
        if taken and (len(line) > TITLE_MAX or taken[-1].endswith((":", "."))):
            break
        taken.append(line)
    return " ".join(taken) or None


def _title_year(title: str | None, date_year: int | None) -> int | None:
    """The plan's year a title names ("… năm 2026"): not a date's year inside it, a
    horizon or a carried-out document's year, nor one before the plan's own date (a
    plan dated 2025 is not a plan for 2024: that year is another document's)."""
    text = NOT_PLAN_YEAR.sub(" ", DATE_YEAR.sub(" ", title or ""))
    years = [int(match.group(1)) for match in YEAR_IN_TITLE.finditer(text)]
    return next((year for year in years if not date_year or year >= date_year), None)


def _mixed_case(phrase: str, text: str) -> str | None:
    """The same words written in mixed case somewhere in the document."""
    words = [re.escape(w) for w in phrase.split()]
    pattern = re.compile(r"\s+".join(words), re.IGNORECASE)
    for match in pattern.finditer(text):
        if not is_caps(match.group(0)):
            return " ".join(match.group(0).split())
    return None


# Ranks that are the issuing authority themselves: "THỦ TƯỚNG CHÍNH PHỦ" issues as such.
AUTHORITY_RANKS = ("THỦ TƯỚNG",)


def _strip_rank(line: str) -> str:
    """``TRƯỞNG BAN CHỈ ĐẠO …`` → ``BAN CHỈ ĐẠO …``: the rank off, the body's name left."""
    if line.upper().startswith(AUTHORITY_RANKS):
        return line
    stripped = [
        line[len(rank) + 1 :]
        for rank in sorted(RANK_WORDS, key=len, reverse=True)
        if line.upper().startswith(rank.upper() + " ")
    ]
    return next(
        (rest for rest in stripped if starts_with_agency(rest)), stripped[0] if stripped else line
    )


def _issuer(lines: list[str], type_at: int | None, number_at: int | None, text: str) -> str | None:
    if type_at is not None:
        for line in lines[type_at + 1 : type_at + 12]:
            if BODY_START.match(line):
                break
            if is_caps(line) and not line.endswith(":") and not MOTTO.search(line):
                body = _strip_rank(line)
                return _mixed_case(body, text) or sentence_case(body)
    top = [MOTTO.sub("", line).strip() for line in lines[: number_at or 0]]
    top = [line for line in top if line and is_caps(line)]
    if top:
        body = " ".join(top)
        return _mixed_case(body, text) or sentence_case(body)
    for line in lines:
        match = ANNEX_OF.match(line)
        if match:
            return match["issuer"].strip(" )")
    return None


def _signer(lines: list[str]) -> dict:
    start = next((i for i, line in enumerate(lines) if line.startswith("Nơi nhận")), 0)
    rank: str | None = None
    for line in lines[start:]:
        if SIGNED_MARK.match(line) or not any(c.isalpha() for c in line):
            continue
        if is_caps(line) and len(line.split()) <= 8:
            if any(r.upper() in line.upper() for r in RANK_WORDS):
                rank = DELEGATION.sub("", line)
            continue
        if rank and NAME_LINE.match(line) and not is_caps(line):
            return {"name": line, "position": sentence_case(rank)}
        if rank and not line.startswith("-"):
            rank = None
    return {"name": None, "position": None}


def read_header(lines: list[str], text: str) -> dict:
    """``document`` fields except the bases; ``text`` is the whole prose, for look-ups."""
    type_at = _find_type(lines)
    number_at = next((i for i, line in enumerate(lines[:40]) if NUMBER.search(line)), None)
    number = None
    if number_at is not None:
        match = NUMBER.search(lines[number_at])
        if match["n"]:
            number = f"{match['n']}/{match['s']}"
    place = date = None
    date_year = None
    for line in lines[:40]:
        match = PLACE_DATE.search(NUMBER.sub(" ", line))
        if match:
            words = [w for w in match["place"].split() if not (is_caps(w) and len(w) > 1)]
            place = " ".join(words) or None
            date_year = int(match["y"])
            if match["d"] and match["m"]:
                date = f"{match['y']}-{int(match['m']):02d}-{int(match['d']):02d}"
            break
    title = _title(lines, type_at) if type_at is not None else None
    year = _title_year(title, date_year) or date_year
    doc_type = _TYPE_KEYS[loose(lines[type_at]).rstrip(":")] if type_at is not None else None
    return {
        "type": doc_type.capitalize() if doc_type else None,
        "number": number,
        "issuer": _issuer(lines, type_at, number_at, text),
        "place": place,
        "date": date,
        "title": title,
        "year": year,
        "signer": _signer(lines),
    }
