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
    "memory_limit": (
        "Không đọc được tệp {source}: việc đọc tệp vượt giới hạn bộ nhớ {limit} MB. Tệp có "
        "thể chứa bảng, trang hoặc vùng gộp ô quá lớn; hãy kiểm tra lại tệp hoặc tách thành "
        "các tệp nhỏ hơn rồi nhập lại.",
        "The file {source} cannot be read: reading it went over the memory limit of {limit} "
        "MB. It may hold tables, pages or merged cells that are too large; check the file, or "
        "split it into smaller files, and import it again.",
    ),
    "time_limit": (
        "Không đọc được tệp {source}: việc đọc tệp vượt giới hạn thời gian {limit} giây. Tệp "
        "có thể quá dài hoặc quá phức tạp; hãy tách thành các tệp nhỏ hơn rồi nhập lại.",
        "The file {source} cannot be read: reading it went over the time limit of {limit} "
        "seconds. It may be too long or too complex; split it into smaller files and import "
        "it again.",
    ),
    "reader_crashed": (
        "Không đọc được tệp {source}: trình đọc tệp dừng bất thường ({detail}). Tệp có thể bị "
        "hỏng; hãy mở và lưu lại tệp rồi nhập lại.",
        "The file {source} cannot be read: the reader stopped abnormally ({detail}). The file "
        "may be damaged; open it, save it again and import it again.",
    ),
    "archive_unzipped": (
        "Tệp {source} khi giải nén lớn {size} MB, vượt giới hạn {limit} MB.",
        "The file {source} unpacks to {size} MB, over the limit of {limit} MB.",
    ),
    "archive_members": (
        "Tệp {source} gồm {count} tệp thành phần, vượt giới hạn {limit} tệp.",
        "The file {source} is made of {count} parts, over the limit of {limit} parts.",
    ),
    "xml_part_too_large": (
        "Phần {part} của tệp {source} khi giải nén lớn {size} MB, vượt giới hạn {limit} MB "
        "cho một phần XML.",
        "The part {part} of {source} unpacks to {size} MB, over the limit of {limit} MB for "
        "one XML part.",
    ),
    "xml_entities": (
        "Tệp {source} có khai báo DOCTYPE/ENTITY trong phần {part}; tệp Word và Excel không "
        "bao giờ có khai báo này, nên vì an toàn tệp không được đọc. Hãy mở và lưu lại tệp "
        "bằng Word/Excel rồi nhập lại.",
        "The file {source} has a DOCTYPE/ENTITY declaration in its part {part}; Word and Excel "
        "never write one, so for safety the file is not read. Open the file in Word/Excel, "
        "save it again and import it again.",
    ),
    "sheet_cells": (
        "Trang tính {sheet} của tệp {source} có {count} ô, vượt giới hạn {limit} ô một trang tính.",
        "The sheet {sheet} of {source} has {count} cells, over the limit of {limit} cells "
        "per sheet.",
    ),
    "sheet_area": (
        "Trang tính {sheet} của tệp {source} có dữ liệu trải trên {rows} dòng × {columns} cột, "
        "vượt giới hạn {limit} ô một trang tính.",
        "The sheet {sheet} of {source} has data over {rows} rows × {columns} columns, over "
        "the limit of {limit} cells per sheet.",
    ),
    "merged_ranges": (
        "Trang tính {sheet} của tệp {source} có {count} vùng gộp ô, vượt giới hạn {limit} vùng.",
        "The sheet {sheet} of {source} has {count} merged ranges, over the limit of {limit}.",
    ),
    "merged_area": (
        "Các vùng gộp ô của trang tính {sheet} trong tệp {source} phủ {count} ô (ví dụ vùng "
        "{ref}), vượt giới hạn {limit} ô.",
        "The merged ranges of the sheet {sheet} in {source} cover {count} cells (for example "
        "{ref}), over the limit of {limit} cells.",
    ),
    "pdf_pages": (
        "Tệp PDF {source} có {count} trang, vượt giới hạn {limit} trang.",
        "The PDF file {source} has {count} pages, over the limit of {limit} pages.",
    ),
    "pdf_page_size": (
        "Trang {page} của tệp PDF {source} có khổ {width} × {height} pt, vượt giới hạn {limit} "
        "pt mỗi chiều.",
        "Page {page} of the PDF file {source} measures {width} × {height} pt, over the limit "
        "of {limit} pt on each side.",
    ),
    "pdf_pages_area": (
        "Tổng diện tích các trang của tệp PDF {source} là {area} triệu pt², vượt giới hạn "
        "{limit} triệu pt² (600 trang khổ A3).",
        "The pages of the PDF file {source} cover {area} million pt² together, over the limit "
        "of {limit} million pt² (600 A3 pages).",
    ),
    "pdf_page_grid": (
        "Trang {page} của tệp PDF {source} có lưới kẻ {rows} đường ngang × {columns} đường dọc, "
        "vượt giới hạn {limit} giao điểm một trang.",
        "Page {page} of the PDF file {source} has a grid of {rows} horizontal × {columns} "
        "vertical rules, over the limit of {limit} crossings per page.",
    ),
}


def failure(code: str, **values) -> ImportFailure:
    """The ``ImportFailure`` for ``code``, its messages filled with ``values``."""
    vi, en = MESSAGES[code]
    return ImportFailure(code, vi.format(**values), en.format(**values))
