"""Import failures: one clear message, in Vietnamese and English.

Every way a document can be refused has a code and one message per language
in ``MESSAGES``; ``failure(code, **values)`` fills the message in. A reader
raises the failure before producing anything, so there is never partial output.
"""


class ImportFailure(Exception):
    """The document cannot be read. Nothing is produced."""

    def __init__(self, code: str, vi: str, en: str):
        super().__init__(vi)
        self.code = code
        self.vi = vi
        self.en = en

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


MESSAGES = {
    "not_found": (
        "Không tìm thấy tệp {source}.",
        "The file {source} does not exist.",
    ),
    "empty": (
        "Tệp {source} rỗng: không có nội dung nào để nhập.",
        "The file {source} is empty: there is nothing to import.",
    ),
    "too_large": (
        "Tệp {source} quá lớn ({size} MB); giới hạn là {limit} MB.",
        "The file {source} is too large ({size} MB); the limit is {limit} MB.",
    ),
    "binary": (
        "Tệp {source} không phải văn bản: nó chứa dữ liệu nhị phân và không phải tệp "
        ".docx, .xlsx hay .pdf.",
        "The file {source} is not text: it holds binary data and is not a .docx, .xlsx "
        "or .pdf file.",
    ),
    "unknown_encoding": (
        "Không nhận ra bảng mã của tệp {source} (không phải UTF-8, UTF-16 hay Windows-1258). "
        "Hãy lưu lại tệp dưới dạng văn bản UTF-8 rồi nhập lại.",
        "The encoding of {source} is not recognised (not UTF-8, UTF-16 or Windows-1258). "
        "Save the file as UTF-8 text and import it again.",
    ),
    "legacy_encoding": (
        "Tệp {source} dùng bảng mã cũ {encoding}, không phải Unicode. Hãy chuyển mã sang "
        "Unicode (ví dụ bằng công cụ chuyển mã của Unikey, từ {encoding} sang Unicode) "
        "rồi nhập lại.",
        "The file {source} uses the legacy Vietnamese encoding {encoding}, not Unicode. "
        "Convert it to Unicode (for example with Unikey's converter, from {encoding} to "
        "Unicode) and import it again.",
    ),
    "no_table": (
        "Tệp {source} không có bảng nhiệm vụ nào (bảng có cột TT và Nội dung/Nhiệm vụ/"
        "Chỉ tiêu). Kế hoạch cần có bảng phân công nhiệm vụ.",
        "The file {source} has no task table (a table with a TT column and a Nội dung/"
        "Nhiệm vụ/Chỉ tiêu column). A plan needs its table of assigned tasks.",
    ),
    "nothing_found": (
        "Không tìm thấy nhiệm vụ hay chỉ tiêu nào trong tệp {source}. Đã tìm: bảng có cột số "
        "thứ tự (TT/STT) và cột nội dung, nhiệm vụ hoặc chỉ tiêu, kèm cơ quan chủ trì, thời hạn "
        "hay sản phẩm (thấy {tables} bảng như vậy); và các mục đánh số có dòng “Đơn vị chủ trì: "
        "…”. Nếu kế hoạch có phụ lục nhiệm vụ ở tệp riêng, hãy tải tệp phụ lục lên.",
        "No task or indicator was found in {source}. Looked for: tables with a number column "
        "(TT/STT) and a content, task or indicator column, with lead bodies, deadlines or "
        "products (found {tables} such tables); and numbered items with a line “Đơn vị chủ trì: "
        "…”. If the plan's appendix of tasks is a separate file, upload that file.",
    ),
    "encrypted_pdf": (
        "Tệp PDF {source} được bảo vệ bằng mật khẩu. Hãy gỡ mật khẩu (hoặc xuất lại bản "
        "không đặt mật khẩu) rồi nhập lại.",
        "The PDF file {source} is password-protected. Remove the password (or export it "
        "again without one) and import it again.",
    ),
    "image_only_pdf": (
        "Tệp PDF {source} chỉ gồm hình ảnh (bản quét), không có lớp chữ. Cần nhận dạng "
        "ký tự (OCR) trước khi nhập, hoặc dùng bản .docx hay .pdf gốc.",
        "The PDF file {source} holds only images (a scan) and no text layer. It needs "
        "character recognition (OCR) first; or import the original .docx or .pdf.",
    ),
    "corrupt": (
        "Tệp {source} bị hỏng hoặc không đầy đủ: không mở được dưới dạng {kind}.",
        "The file {source} is damaged or incomplete: it cannot be opened as {kind}.",
    ),
    "unsupported_zip": (
        "Tệp {source} là tệp nén ZIP nhưng không phải .docx hay .xlsx (có thể là .odt, "
        ".ods hoặc một tệp nén thường). Hãy lưu lại dưới dạng .docx hoặc .xlsx.",
        "The file {source} is a ZIP archive but not a .docx or .xlsx file (it may be "
        ".odt, .ods or a plain archive). Save it as .docx or .xlsx.",
    ),
    "old_office": (
        "Tệp {source} là tệp Office định dạng cũ (.doc, .xls) hoặc tệp Office có đặt mật "
        "khẩu. Hãy mở bằng Word/Excel, gỡ mật khẩu nếu có, lưu lại dưới dạng .docx hoặc "
        ".xlsx rồi nhập lại.",
        "The file {source} is an old-format Office file (.doc, .xls) or a password-"
        "protected Office file. Open it in Word/Excel, remove any password, save it as "
        ".docx or .xlsx and import it again.",
    ),
}


def failure(code: str, **values) -> ImportFailure:
    """The ``ImportFailure`` for ``code``, its messages filled with ``values``."""
    vi, en = MESSAGES[code]
    return ImportFailure(code, vi.format(**values), en.format(**values))
