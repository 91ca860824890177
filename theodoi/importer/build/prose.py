"""Tasks written as prose: a numbered heading, then ``- Đơn vị chủ trì: …`` lines.

Used when a plan has no task table. A heading becomes a task when a lead line
follows it; the roman-numbered heading above it is its section.
"""

import re

from .agencies import split_agencies
from .deadlines import read_deadline
from .tables import Collected

SECTION_HEADING = re.compile(r"^([IVX]+)\.\s+(\S.*)$")
NUMBERED_HEADING = re.compile(r"^(\d+(?:\.\d+)*)\.\s+(\S.*)$")
# "- Đơn vị chủ trì: …"; any other "- Label: …" ends the field before it.
FIELD_LINE = re.compile(r"^[-–+•]?\s*(?P<label>[^\W\d][^:]{1,40}?)\s*:\s*(?P<value>.*)$")
FIELDS = (
    ("lead", re.compile(r"^(?:Đơn vị|Cơ quan)\s+chủ\s+trì", re.IGNORECASE)),
    ("doer", re.compile(r"^(?:Đơn vị|Cơ quan)\s+thực\s+hiện", re.IGNORECASE)),
    ("support", re.compile(r"^(?:Đơn vị|Cơ quan)\s+phối\s+hợp", re.IGNORECASE)),
    ("deadline", re.compile(r"^(?:Thời gian|Thời hạn|Tiến độ)", re.IGNORECASE)),
    ("deliverable", re.compile(r"^(?:Kết quả|Sản phẩm)", re.IGNORECASE)),
)


def _field_of(label: str) -> str:
    return next((name for name, rx in FIELDS if rx.match(label)), "other")


def _is_label(label: str) -> bool:
    """ "Kinh phí" in "Kinh phí: …": a short capitalised label, not a sentence."""
    return label[:1].isupper() and len(label.split()) <= 4


def read_prose_tasks(lines: list[str], out: Collected) -> None:
    section: tuple[str, str] | None = None
    blocks: list[dict] = []
    current: dict | None = None
    field: str | None = None
    for line in lines:
        if match := SECTION_HEADING.match(line):
            section = (match[1], match[2])
            current = field = None
            continue
        if match := NUMBERED_HEADING.match(line):
            current = {"code": match[1], "title": [match[2]], "section": section, "fields": {}}
            blocks.append(current)
            field = "title"
            continue
        if current is None:
            continue
        match = FIELD_LINE.match(line)
        if match and (line[0] in "-–+•" or _is_label(match["label"])):
            field = _field_of(match["label"])
            current["fields"].setdefault(field, []).append(match["value"])
        elif line[0] in "-–+•":
            field = None
        elif field == "title":
            current["title"].append(line)
        elif field:
            current["fields"][field].append(line)
    seen_sections: set[str] = set()
    for block in blocks:
        fields = {k: " ".join(v) for k, v in block["fields"].items()}
        lead = fields.get("lead") or fields.get("doer")
        if not lead:
            continue
        section_code = block["section"][0] if block["section"] else None
        if block["section"] and section_code not in seen_sections:
            seen_sections.add(section_code)
            out.sections.append(
                {"code": section_code, "path": section_code, "title": block["section"][1]}
            )
        deadline = read_deadline(fields.get("deadline"), out.year)
        out.tasks.append(
            {
                "section": section_code,
                "code": block["code"],
                "title": " ".join(" ".join(block["title"]).split()),
                "lead": split_agencies(lead),
                "support": split_agencies(fields.get("support")),
                "start": None,
                "deadline": deadline.as_dict(),
                "deliverable": " ".join(fields["deliverable"].split())
                if "deliverable" in fields
                else None,
                "basis": None,
                "target": None,
            }
        )
