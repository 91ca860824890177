"""The legal bases: each ``Căn cứ …`` paragraph with its reference, date and issuer."""

import re

# A reference after "số": 57-NQ/TW, 11/QĐ-BCĐCP, 107/2021/NĐ-CP.
REF = re.compile(r"\bsố\s+(?:số\s+)?(\d[\w./\-Đđ]*\w)")
DATE = re.compile(r"ngày\s+(\d{1,2})\s*(?:/|tháng)\s*(\d{1,2})\s*(?:/|năm)\s*(\d{4})")
ISSUER = re.compile(r"^\s*,?\s*của\s+(.+)$")
# Where an issuer's name ends: the verb or "về" that opens the subject.
ISSUER_END = re.compile(
    r"\s+(?:về\s+việc|về|ban\s+hành|thực\s+hiện|điều\s+chỉnh|thành\s+lập|triển\s+khai|quy\s+định"
    r"|phê\s+duyệt|hướng\s+dẫn|sửa\s+đổi|kiện\s+toàn|tại|giao)\b|[;(]"
)
# Steering committees are named "Ban Chỉ đạo … về …": there "về" is part of the name.
NAMED_WITH_ABOUT = re.compile(r"^Ban\s+[Cc]hỉ\s+đạo\b")
PREAMBLE_END = re.compile(r"^(?:[IVX]+\.\s|Điều\s+1|QUYẾT ĐỊNH|QUYẾT NGHỊ|\d+\.\s)")
NEXT_CLAUSE = re.compile(r"^(?:Căn cứ|Theo đề nghị|Xét|Trên cơ sở|Thực hiện)")
# A clause of the preamble that names a basis: "Căn cứ …" (written twice by mistake at
# times), or "Thực hiện Kết luận số …" among the "Căn cứ" clauses.
OPENER = re.compile(r"^(?:Căn cứ\s+)+")
AMONG_BASES = re.compile(r"^Thực hiện\s+(?=\S+(?:\s+\S+)?\s+số\s+\d)")


def _issuer(rest: str) -> str | None:
    match = ISSUER.match(rest)
    if not match:
        return None
    text = match.group(1)
    named_about = bool(NAMED_WITH_ABOUT.match(text))
    for end in ISSUER_END.finditer(text):
        word = end.group(0).strip()
        if named_about and word == "về":
            continue
        return text[: end.start()].strip(" ,") or None
    return text.strip(" ,.") or None


def read_basis(text: str) -> dict:
    ref = REF.search(text)
    date = DATE.search(text, ref.end() if ref else 0)
    issuer = _issuer(text[date.end() :]) if date else None
    return {
        "text": text,
        "ref": ref.group(1) if ref else None,
        "date": f"{date[3]}-{int(date[2]):02d}-{int(date[1]):02d}" if date else None,
        "issuer": issuer,
    }


def read_bases(lines: list[str]) -> list[dict]:
    bases: list[dict] = []
    current: list[str] | None = None
    for line in lines:
        if PREAMBLE_END.match(line) and bases + ([1] if current else []):
            break
        opener = OPENER.match(line) or (
            AMONG_BASES.match(line) if bases or current is not None else None
        )
        if opener:
            if current:
                bases.append(_finish(current))
            current = [line[opener.end() :].strip()]
        elif current is not None:
            if NEXT_CLAUSE.match(line) or re.match(r"^[A-ZĐ ]{6,}$", line):
                bases.append(_finish(current))
                current = None
                continue
            current.append(line)
        if current and current[-1].rstrip().endswith((";", ".")):
            bases.append(_finish(current))
            current = None
    if current:
        bases.append(_finish(current))
    return bases


def _finish(parts: list[str]) -> dict:
    text = " ".join(" ".join(parts).split()).rstrip(" ;.,")
    return read_basis(text)
