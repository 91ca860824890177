"""Templates a reviewer can read: no line longer than LIMIT characters (issue 13, "no
700-character lines").

A long line is broken where HTML rendering stays the same: at the spaces between a
tag's attributes or between words (HTML collapses a new line and its indent into one
space), between two tags when one of them is a block (``</td>`` and ``<td>``), and in a
``{% blocktranslate trimmed %}``, which joins its lines with one space — so a message's
id does not change either. Django's own tags (``{% … %}``, ``{{ … }}``) must stay on one
line.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "theodoi"
LIMIT = 160


def test_no_template_line_is_longer_than_a_reviewer_can_read():
    too_long = [
        f"{path.relative_to(ROOT)}:{number}: {len(line)} characters"
        for path in sorted(ROOT.rglob("templates/**/*.html"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if len(line) > LIMIT
    ]
    assert not too_long, f"template lines over {LIMIT} characters:\n" + "\n".join(too_long)
