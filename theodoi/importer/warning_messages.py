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
    "column_guessed": (
        "cột “{header}” được đoán là {role}; hãy kiểm tra và sửa nếu sai",
        "the column “{header}” was guessed to hold {role}; check it and correct it if wrong",
    ),
    "table_unplaced": (
        "bảng có {rows} dòng không được nhận là bảng nhiệm vụ hay chỉ tiêu (tiêu đề: {header}); "
        "nội dung của nó không được nhập",
        "a table of {rows} rows was not recognised as a table of tasks or indicators "
        "(header: {header}); its content was not imported",
    ),
}

# Column roles, as the column_guessed warning names them.
ROLE_LABELS = {
    "code": ("số thứ tự", "number"),
    "title": ("nội dung nhiệm vụ", "task"),
    "lead": ("cơ quan chủ trì", "lead body"),
    "support": ("cơ quan phối hợp", "supporting bodies"),
    "start": ("thời gian bắt đầu", "start"),
    "deadline": ("thời hạn", "deadline"),
    "deliverable": ("sản phẩm", "product"),
    "basis": ("căn cứ", "basis"),
    "indicator": ("chỉ tiêu", "indicator"),
    "unit": ("đơn vị tính", "unit"),
    "target": ("mục tiêu", "target"),
    "name": ("họ và tên", "name"),
    "position": ("chức vụ", "position"),
    "duty": ("nhiệm vụ phụ trách", "duty"),
    "note": ("ghi chú", "note"),
}


def _filled(text: str, values: dict, english: bool) -> str:
    """``text`` with ``values``; a column role is written as its label in the language."""
    if "role" in values and values["role"] in ROLE_LABELS:
        values = {**values, "role": ROLE_LABELS[values["role"]][1 if english else 0]}
    return text.format(**values)


# The first word(s) of ``where``: the kind of table the warning is about.
PLACES = {
    "tasks": ("nhiệm vụ", "tasks"),
    "indicators": ("chỉ tiêu", "indicators"),
    "members": ("thành viên", "members"),
    "table": ("bảng", "table"),
}


def _english(lang: str | None) -> bool:
    return (lang or "").lower().startswith("en")


def warning(where: str, code: str, /, **values: str) -> dict:
    """The warning ``code`` at ``where``, its Vietnamese message filled with ``values``."""
    vi, _en = MESSAGES[code]
    return {"where": where, "message": _filled(vi, values, False), "code": code, "values": values}


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
        english = _english(lang)
        return _filled(texts[1 if english else 0], values, english)
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
