"""``theodoi parse FILE [--json] [--lang en]``: read one plan document.

With ``--json`` the plan JSON is printed; without it, a short summary and every
warning, in the language of ``--lang``. A document that cannot be read prints
one message on stderr, nothing on stdout, and exits with status 2. Nothing heavy
is imported until needed.
"""

import argparse
import json
import sys

from .warning_messages import warning_message, warning_where

LABELS = {
    "vi": {
        "document": "Văn bản",
        "number": "số",
        "no_number": "chưa có số",
        "dated": "ngày",
        "undated": "chưa ghi ngày",
        "bases": "Căn cứ",
        "sections": "Phần",
        "tasks": "Nhiệm vụ",
        "indicators": "Chỉ tiêu",
        "members": "Thành viên",
        "reporting": "Chế độ báo cáo",
        "warnings": "Cảnh báo",
        "none": "không có cảnh báo",
        "unknown": "không rõ loại",
    },
    "en": {
        "document": "Document",
        "number": "no.",
        "no_number": "no number",
        "dated": "dated",
        "undated": "undated",
        "bases": "Legal bases",
        "sections": "Sections",
        "tasks": "Tasks",
        "indicators": "Indicators",
        "members": "Members",
        "reporting": "Reporting duties",
        "warnings": "Warnings",
        "none": "no warnings",
        "unknown": "unknown type",
    },
}


def summary(plan: dict, lang: str = "vi") -> str:
    words = LABELS[lang]
    doc = plan["document"]
    number = f"{words['number']} {doc['number']}" if doc.get("number") else words["no_number"]
    dated = (
        f"{words['dated']} {_day_month_year(doc['date'])}" if doc.get("date") else words["undated"]
    )
    lines = [f"{words['document']}: {doc.get('type') or words['unknown']}, {number}, {dated}"]
    if doc.get("title"):
        lines.append(f"  {doc['title']}")
    counts = (
        ("bases", len(doc.get("bases") or [])),
        ("sections", len(plan["sections"])),
        ("tasks", len(plan["tasks"])),
        ("indicators", len(plan["indicators"])),
        ("members", len(plan["members"])),
        ("reporting", len(plan["reporting"])),
    )
    width = max(len(words[key]) for key, _ in counts)
    lines += [f"{words[key]:<{width}}  {count}" for key, count in counts]
    warnings = plan["warnings"]
    lines.append(f"{words['warnings']}: {len(warnings) or words['none']}")
    lines += [
        f"  - [{warning_where(w['where'], lang)}] {warning_message(w, lang)}" for w in warnings
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="theodoi parse")
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true", help="print the plan JSON")
    parser.add_argument("--lang", choices=["vi", "en"], default="vi")
    args = parser.parse_args(argv)
    from . import ImportFailure, parse_file

    try:
        plan = parse_file(args.file)
    except ImportFailure as failure:
        print(failure.message(args.lang), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(plan, ensure_ascii=False, indent=2))
    else:
        print(summary(plan, args.lang))
    return 0


def _day_month_year(iso: str) -> str:
    """``2025-01-09`` -> ``09/01/2025``, as Vietnamese readers write dates."""
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"
