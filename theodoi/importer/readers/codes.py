"""TT codes: parsing them and knowing which code may come next.

Used by the wrapped-table reader to tell a row's code from a number that
happens to start a line inside a cell ("2025", "02 Trung tâm").
"""

import re

ROMAN = re.compile(r"^(?=[IVXLC]+$)(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(text: str) -> int | None:
    if not text or not ROMAN.match(text):
        return None
    total = 0
    for a, b in zip(text, [*text[1:], ""], strict=True):
        value = ROMAN_VALUES[a]
        total += -value if b and ROMAN_VALUES[b] > value else value
    return total


def parse_code(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.strip(".").split("."))


class CodeSequence:
    """Which task and section codes may follow the ones seen so far."""

    def __init__(self) -> None:
        self.last: tuple[int, ...] | None = None
        self.last_roman = 0
        self.last_letter: str | None = None
        self.just_entered_section = False

    def next_codes(self) -> set[tuple[int, ...]]:
        if self.last is None:
            return {(1,)}
        last = self.last
        out = {(*last, 1)}
        for depth in range(len(last)):
            out.add((*last[:depth], last[depth] + 1))
        return out

    def accepts(self, code: tuple[int, ...]) -> bool:
        if self.just_entered_section and code == (1,):
            return True
        return code in self.next_codes()

    def take(self, code: tuple[int, ...]) -> None:
        self.last = code
        self.just_entered_section = False

    def accepts_section(self, code: str) -> bool:
        if roman_value(code) == self.last_roman + 1:
            return True
        expected_letter = chr(ord(self.last_letter) + 1) if self.last_letter else "A"
        return code == expected_letter

    def enter_section(self, code: str) -> None:
        if roman_value(code) == self.last_roman + 1:
            self.last_roman += 1
        else:
            self.last_letter = code
            self.last_roman = 0
        self.just_entered_section = True
