"""Import warnings: what the importer was unsure of, in Vietnamese and English.

Like the failures in ``errors``, every kind of warning has a code and one
message per language in ``MESSAGES``. A warning in the plan JSON is
``{"where", "message", "code", "values"}``: ``message`` is the Vietnamese text
(as it always was), ``code`` and ``values`` let ``warning_message`` write it in
either language. Plans read before warnings had codes keep only ``where`` and
``message``; they are shown as they are.
"""

MESSAGES = {
    "row_unplaced": (
        "không xếp được dòng: {text}",
        "a row that could not be placed: {text}",
    ),
    "indicator_unplaced": (
        "không xếp được dòng",
        "the row could not be placed",
    ),
    "code_unreadable": (
        "không xếp được dòng có số thứ tự “{code}”",
        "the row numbered “{code}” could not be placed",
    ),
    "code_gap": (
        "số thứ tự không liền mạch: {code} sau {previous}",
        "the numbering is not continuous: {code} after {previous}",
    ),
    "deadline_unreadable": (
        "không đọc được thời hạn: {text}",
        "the deadline could not be read: {text}",
    ),
    "no_lead": (
        "nhiệm vụ không có cơ quan chủ trì",
        "the task has no lead agency",
    ),
}

# The first word(s) of ``where``: the kind of table the warning is about.
PLACES = {
    "tasks": ("nhiệm vụ", "tasks"),
    "indicators": ("chỉ tiêu", "indicators"),
    "members": ("thành viên", "members"),
}


def _english(lang: str | None) -> bool:
    return (lang or "").lower().startswith("en")


def warning(where: str, code: str, /, **values: str) -> dict:
    """The warning ``code`` at ``where``, its Vietnamese message filled with ``values``."""
    vi, _en = MESSAGES[code]
    return {"where": where, "message": vi.format(**values), "code": code, "values": values}


def warning_message(warning: dict, lang: str = "vi") -> str:
    """The warning's text in ``lang`` (``vi`` or ``en``); its stored ``message`` when
    the code is unknown (a plan read before warnings had codes) or its values do not
    fit the message."""
    stored = str(warning.get("message") or "")
    texts = MESSAGES.get(warning.get("code") or "")
    values = warning.get("values") or {}
    if texts is None or not isinstance(values, dict):
        return stored
    try:
        return texts[1 if _english(lang) else 0].format(**values)
    except (KeyError, IndexError, ValueError):
        return stored


def warning_where(where: str, lang: str = "vi") -> str:
    """``"tasks I/12"`` -> ``"nhiệm vụ I/12"`` in Vietnamese, unchanged in English
    (and the other way round); a place of another shape is left as it is."""
    where = str(where or "")
    for vi, en in PLACES.values():
        for word in (en, vi):
            if where == word or where.startswith(word + " "):
                return (en if _english(lang) else vi) + where[len(word) :]
    return where
