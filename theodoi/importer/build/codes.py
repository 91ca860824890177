"""TT codes in a table: sections, tasks, and the paths of nested sections.

A letter (``A``, ``B``) opens a part, a roman numeral (``I``, ``IV``, ``I.1``) a
section, a decimal code (``1``, ``2.1``) a task. ``C``, ``V``, ``X``, ``L`` and
``I`` are both: ``C`` after a part ``B`` is the part C, not the roman 100.
"""

import re

from ..readers.codes import roman_value
from ..textnorm import clean

SECTION_CODE = re.compile(r"^(?:[A-Z]|[IVXLC]+)(?:\.\d+)*$")
TASK_CODE = re.compile(r"^\d{1,3}(?:\.\d{1,3})*$")  # not a year: "2025" is a time
# Items a), b) under a task, written as their letter.
ITEM_CODE = re.compile(r"^[a-zđ]$")
# Sub-rows marked with a dash or bullet instead of a number: tasks coded "-".
BULLET_CODE = re.compile(r"^[-–+•]$")
# A heading whose code and title share one (merged) cell: "I. NÂNG CAO NHẬN THỨC".
CODE_AND_TITLE = re.compile(
    r"^(?:phần\s+)?([A-Z]|[IVXLC]+(?:\.\d+)*|\d+(?:\.\d+)*)\s*[.):–-]?\s+(\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


def normalise_code(cell: str | None) -> str:
    """``**I.**`` → ``I``, ``1.`` → ``1``, ``a)`` → ``a``, ``–`` → ``-``."""
    text = clean(cell) or ""
    if BULLET_CODE.match(text.strip()):
        return "-"
    return text.strip(" .:()").replace(" ", "")


def is_row_code(cell: str | None) -> bool:
    text = clean(cell) or ""
    if len(text) > 10:
        return False
    code = normalise_code(text)
    return bool(
        SECTION_CODE.match(code)
        or TASK_CODE.match(code)
        or ITEM_CODE.match(code)
        or BULLET_CODE.match(code)
    )


def split_code_and_title(cell: str | None) -> tuple[str, str] | None:
    """``"I. NÂNG CAO NHẬN THỨC"`` → ``("I", "NÂNG CAO NHẬN THỨC")``; None otherwise.

    The code must be a real code and the title must start like a heading
    (a capital), so "2025 tiếp tục …" is not cut.
    """
    text = clean(cell) or ""
    match = CODE_AND_TITLE.match(text)
    if not match:
        return None
    code, title = match[1], match[2].strip()
    if not title[:1].isupper() or len(code) > 8:
        return None
    if TASK_CODE.match(code) and int(code.split(".")[0]) > 200:
        return None
    if not (SECTION_CODE.match(code) or TASK_CODE.match(code)):
        return None
    return code, title


class Sections:
    """The stack of enclosing sections; paths like ``B/IV`` or ``I/I.1``."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []
        self.last_letter: str | None = None
        self.codes: set[str] = set()

    def _is_letter(self, code: str) -> bool:
        if len(code.split(".")[0]) != 1:
            return False
        base = code.split(".")[0]
        if roman_value(base) is None:
            return True
        # "C" after "B", "I" after "H": the next part, not a roman numeral.
        return self.last_letter is not None and ord(base) == ord(self.last_letter) + 1

    def level(self, code: str) -> int:
        depth = code.count(".")
        return depth if self._is_letter(code) else 1 + depth

    def enter(self, code: str, title: str | None = None) -> str:
        """Open the section ``code``; a heading without a code (a bold row) is named by
        its title, one level under the innermost numbered section."""
        if not code:
            numbered = [level for level, name in self.stack if name in self.codes]
            self.stack = [(level, name) for level, name in self.stack if name in self.codes]
            name = " ".join((title or "").split()[:8])[:60]  # a path stays short
            self.stack.append((1 + max(numbered, default=-1), name))
            return self.path
        self.codes.add(code)
        level = self.level(code)
        if self._is_letter(code) and "." not in code:
            self.last_letter = code
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, code))
        return self.path

    @property
    def path(self) -> str | None:
        return "/".join(code for _, code in self.stack) or None
