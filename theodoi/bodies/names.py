"""Matching keys for names of bodies, the way plans write them.

Plans write the same body in many ways: ``Ủy ban nhân dân``/``UBND``, ``Uỷ``/``Ủy``
(old and new tone placement), NFD text from PDFs, odd spacing around commas and
``&``. ``name_key`` maps all of these to one key; it is plain Python.
"""

import re
import unicodedata

from theodoi.lib.text import fold_case

# Combining tone marks: grave, acute, tilde, hook above, dot below.
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

# Long forms that plans abbreviate; compared in their key form.
_ABBREVIATIONS = [
    ("ủy ban nhân dân", "ubnd"),
    ("hội đồng nhân dân", "hđnd"),
    ("khoa học và công nghệ", "kh&cn"),
    ("giáo dục và đào tạo", "gd&đt"),
]


def _move_tones_to_word_end(text: str) -> str:
    """``hoà`` and ``hòa`` (likewise ``uỷ``/``ủy``) differ only in where the tone
    mark sits; moving every tone mark to the end of its word makes them equal."""
    out: list[str] = []
    for word in re.split(r"([^\w\u0300-\u036f]+)", unicodedata.normalize("NFD", text)):
        tones = [ch for ch in word if ch in TONE_MARKS]
        out.append("".join(ch for ch in word if ch not in TONE_MARKS) + "".join(tones))
    return "".join(out)


def _case_and_punctuation(text: str) -> str:
    """``fold_case``, with one space after a comma or semicolon and none around ``&/-``."""
    text = fold_case(text)
    text = re.sub(
        r"\s*([,;&/-])\s*", lambda m: m.group(1) + (" " if m.group(1) in ",;" else ""), text
    )
    return text


def _base_key(text: str) -> str:
    return _move_tones_to_word_end(_case_and_punctuation(text))


def name_key(text: str) -> str:
    """The key under which two spellings of one name are equal."""
    key = _base_key(text)
    for long_key, short_key in _ABBREVIATION_KEYS:
        key = re.sub(rf"(?<!\w){re.escape(long_key)}(?!\w)", short_key, key)
    key = _LEADING_FILLER.sub("", key)
    return key.strip(" ,;.")


_ABBREVIATION_KEYS = [(_base_key(long), _base_key(short)) for long, short in _ABBREVIATIONS]
# "các" (the plural) and "và" (and) before a name are not part of it.
_LEADING_FILLER = re.compile(rf"^(?:{_base_key('các')}|{_base_key('và')})\s+")


# Bodies of the central state, outside any province: a name that starts with one of
# these, or is one of them, is "ngoài tỉnh". A name that also names the province's
# own side ("Bộ, ngành, địa phương") is not: it asks the office to choose.
_CENTRAL_STARTS = ["bộ", "bộ trưởng", "cơ quan đại diện việt nam"]
_CENTRAL_NAMES = [
    "văn phòng chính phủ",
    "thanh tra chính phủ",
    "ngân hàng nhà nước",
    "ngân hàng nhà nước việt nam",
    "bảo hiểm xã hội việt nam",
    "thông tấn xã việt nam",
    "ttxvn",
    "đài truyền hình việt nam",
    "vtv",
    "đài tiếng nói việt nam",
    "vov",
    "tòa án nhân dân tối cao",
    "viện kiểm sát nhân dân tối cao",
    "kiểm toán nhà nước",
    "ủy ban quản lý vốn nhà nước tại doanh nghiệp",
]
_CENTRAL_WORDS = ["trung ương", "chính phủ", "quốc hội", "viện hàn lâm"]
_LOCAL_WORDS = ["địa phương", "tỉnh", "thành phố", "doanh nghiệp"]


def is_central_name(text: str) -> bool:
    """Whether a name of a lead/support cell is a ministry or another central body."""
    key = name_key(text)
    words = re.split(r"[\s,;]+", key)
    if any(re.search(rf"(?<!\w){re.escape(name_key(w))}(?!\w)", key) for w in _LOCAL_WORDS):
        return False
    if key in {name_key(n) for n in _CENTRAL_NAMES}:
        return True
    if any(" ".join(words[: len(s.split())]) == name_key(s) for s in _CENTRAL_STARTS):
        return True
    return any(re.search(rf"(?<!\w){re.escape(name_key(w))}(?!\w)", key) for w in _CENTRAL_WORDS)
