"""Text clean-up shared by the readers and the builder.

Everything the importer outputs is NFC with whitespace folded. Markup that
transcriptions leave behind (LaTeX maths, HTML tags, Markdown emphasis) is
removed so that ``$\\geq 14,5$`` reads as ``≥ 14,5``.
"""

import re
import unicodedata

from theodoi.lib.text import squash_spaces

# Runs of any whitespace, folded into one space.
SPACES = re.compile(r"\s+")
# Inline LaTeX maths: $…$
LATEX_MATH = re.compile(r"\$([^$]*)\$")
LATEX_SYMBOLS = {
    r"\geq": "≥",
    r"\ge": "≥",
    r"\leq": "≤",
    r"\le": "≤",
    r"\%": "%",
    r"\times": "×",
    r"\pm": "±",
}
# An HTML tag such as <i>, </b>, <br/>.
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
# A URL in angle brackets, as Markdown writes links: <https://…>
ANGLE_URL = re.compile(r"<((?:https?|ftp)://[^<>\s]+)>")
# Markdown emphasis around a phrase: **bold**, __bold__, *italic*.
EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")
# Markdown heading marks at the start of a line.
HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _latex(match: re.Match) -> str:
    body = match.group(1)
    for command, symbol in LATEX_SYMBOLS.items():
        body = body.replace(command, symbol + " ")
    body = body.replace("{", "").replace("}", "").replace("\\", "")
    return SPACES.sub(" ", body).strip()


def strip_markup(text: str) -> str:
    text = LATEX_MATH.sub(_latex, text)
    text = ANGLE_URL.sub(r"\1", text)
    text = HTML_TAG.sub(" ", text)
    text = EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", text)
    return text.replace("**", "")


def clean(text: str | None) -> str | None:
    """A cell or paragraph as output text: markup gone, NFC, folded; ``None`` if empty."""
    if text is None:
        return None
    text = squash_spaces(strip_markup(text))
    return text or None


# Old-style tone placement on the last vowel of an open syllable (hoà, thuỷ, khoẻ)
# versus new style (hòa, thủy, khỏe). Not after "q": "quý" is the same in both.
_TONED = {
    "a": "àáảãạ",
    "e": "èéẻẽẹ",
    "y": "ỳýỷỹỵ",
}
_BASE_TONED = {"o": "òóỏõọ", "u": "ùúủũụ"}
OLD_STYLE_TONE = re.compile(r"(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?![\w])")


def _move_tone(match: re.Match) -> str:
    glide, toned = match.group(1), match.group(2)
    lower = toned.lower()
    for base, forms in _TONED.items():
        if lower in forms:
            tone = forms.index(lower)
            moved = _BASE_TONED[glide.lower()][tone]
            if glide.isupper():
                moved = moved.upper()
            plain = base.upper() if toned.isupper() else base
            return moved + plain
    return match.group(0)


def tone_key(text: str) -> str:
    """Text with tones placed the new way (Ủy, hòa), for comparing, never for output."""
    return OLD_STYLE_TONE.sub(_move_tone, nfc(text))


def loose(text: str | None) -> str:
    """Key for comparing labels: cleaned, tone-normalised, case-folded."""
    return tone_key(squash_spaces(strip_markup(text or ""))).casefold()
