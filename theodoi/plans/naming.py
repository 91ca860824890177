"""How a document names a plan within a sentence: “Kết quả thực hiện Kế hoạch chuyển
đổi số năm 2026”, not “… thực hiện Về việc ban hành Kế hoạch …” nor “… thực hiện
Chuyển đổi số năm 2026”."""

import re

from theodoi.lib.text import fold_accents, fold_case, squash_spaces

# “Về việc ban hành …”, “V/v ban hành …”: the decision's excerpt, not the plan's name.
ISSUING = re.compile(r"^(?:về việc|v/v)\s+(?:ban hành\s+)?", re.IGNORECASE)
PLAN_KINDS = ("kế hoạch", "chương trình", "đề án", "dự án", "phương án")
DOCUMENT_KINDS = (*PLAN_KINDS, "quyết định", "chỉ thị", "nghị quyết", "kết luận")


def _folded(text: str) -> str:
    return fold_case(fold_accents(text))


def _starts_with_kind(text: str) -> bool:
    words = _folded(text).split(" ")
    return any(words[: len(kind.split())] == _folded(kind).split() for kind in DOCUMENT_KINDS)


def plan_name(title: str, doc_type: str = "") -> str:
    """The plan's name for a sentence, from its title and its document type."""
    name = ISSUING.sub("", squash_spaces(title)).rstrip(" .;")
    kind = squash_spaces(doc_type)
    if not name or _starts_with_kind(name) or _folded(kind) not in map(_folded, PLAN_KINDS):
        return name[:1].upper() + name[1:]
    lowered = name[:1].lower() + name[1:] if name[1:2].islower() else name
    return f"{kind[:1].upper()}{kind[1:].lower()} {lowered}"
