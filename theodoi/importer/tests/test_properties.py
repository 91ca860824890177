"""Properties: layout noise that must not change what the importer reads.

Re-wrapping lines inside cells, extra blank lines, NFD instead of NFC, and
old- versus new-style tone placement (Uỷ/Ủy, hoà/hòa) give the same plan.
Text fields keep the words as the document writes them, so for the tone test
the two plans are compared with every string put into new-style tones.
"""

import json
import random
import textwrap
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from theodoi.importer.build import build_plan
from theodoi.importer.readers.text import read_text
from theodoi.importer.textnorm import tone_key

PLANS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "plans"
TABBED = (PLANS / "001_6cb26fb914e0f802.txt").read_text(encoding="utf-8")
WRAPPED = (PLANS / "000_91be600319c8ab5d.txt").read_text(encoding="utf-8")
FEW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Each example draws a seed and makes its many per-line choices from it: drawing
# every choice from hypothesis would exceed its entropy budget on 2,000 lines.
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


def parse(text: str) -> dict:
    return build_plan(read_text(text, "plan.txt"))


BASELINE = {"tabbed": parse(TABBED), "wrapped": parse(WRAPPED)}


@FEW
@given(st.sampled_from(["tabbed", "wrapped"]), SEEDS)
def test_nfd_lines_read_the_same_as_nfc(which, seed):
    rnd = random.Random(seed)
    text = TABBED if which == "tabbed" else WRAPPED
    lines = [
        unicodedata.normalize("NFD", line) if rnd.random() < 0.5 else line
        for line in text.split("\n")
    ]
    assert parse("\n".join(lines)) == BASELINE[which]


@FEW
@given(SEEDS)
def test_extra_blank_lines_change_nothing(seed):
    rnd = random.Random(seed)
    lines = []
    for line in TABBED.split("\n"):
        lines.append(line)
        if rnd.random() < 0.2:
            lines.extend([""] * rnd.randint(1, 3))
    assert parse("\n".join(lines)) == BASELINE["tabbed"]


OLD_STYLE = {"Ủy": "Uỷ", "ủy": "uỷ", "hòa": "hoà", "hóa": "hoá", "Hòa": "Hoà", "thủy": "thuỷ"}


def new_style(obj):
    return json.loads(tone_key(json.dumps(obj, ensure_ascii=False)))


@FEW
@given(st.sampled_from(["tabbed", "wrapped"]), SEEDS)
def test_old_and_new_tone_placement_read_the_same(which, seed):
    rnd = random.Random(seed)
    text = TABBED if which == "tabbed" else WRAPPED
    for new, old in OLD_STYLE.items():
        parts = text.split(new)
        text = parts[0] + "".join((old if rnd.random() < 0.5 else new) + p for p in parts[1:])
    assert new_style(parse(text)) == new_style(BASELINE[which])


ACTIVITIES = [
    (
        "2.1",
        "Chương trình nghệ thuật khai mạc lễ hội văn hóa của thành phố năm 2026",
        "Sở Văn hóa và Thể thao",
        "Các Đại sứ quán, tổ chức quốc tế, các tỉnh, thành phố",
        "ngày 11/9/2026",
    ),
    (
        "2.2",
        "Hoạt động triển lãm, trưng bày, trải nghiệm kết nối di sản, trình diễn nghệ thuật",
        "Trung tâm Bảo tồn Di sản",
        "các Sở, ngành có liên quan",
        "từ quý II/2026",
    ),
]


def prose_plan(width: int) -> str:
    out = ["KẾ HOẠCH", "Tổ chức lễ hội", "I. NỘI DUNG"]
    for code, title, lead, support, when in ACTIVITIES:
        out += textwrap.wrap(f"{code}. {title}", width)
        out += textwrap.wrap(f"- Thời gian dự kiến: {when}.", width)
        out += textwrap.wrap(f"- Đơn vị chủ trì: {lead}.", width)
        out += textwrap.wrap(f"- Đơn vị phối hợp: {support}.", width)
    return "\n".join(out)


@FEW
@given(st.integers(min_value=28, max_value=120))
def test_rewrapping_prose_fields_changes_nothing(width):
    assert parse(prose_plan(width))["tasks"] == parse(prose_plan(1000))["tasks"]


PIPE_ROW = (
    "| 1. | Xây dựng kế hoạch chuyển đổi số của tỉnh | Sở Khoa học và Công nghệ "
    "| Sở Tài chính; Sở Nội vụ | Quý III/2026 |"
)
PIPE = (
    "| TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn |\n|---|---|---|---|---|\n"
)


@FEW
@given(SEEDS)
def test_rewrapping_lines_inside_table_cells_changes_nothing(seed):
    rnd = random.Random(seed)
    words = PIPE_ROW.split(" ")
    wrapped = " ".join(
        w + ("<br>" if rnd.random() < 0.3 and w not in {"|"} and "|" not in w else "")
        for w in words
    )
    assert parse(PIPE + wrapped)["tasks"] == parse(PIPE + PIPE_ROW)["tasks"]
