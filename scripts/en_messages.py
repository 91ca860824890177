"""English for the interface: ``python scripts/en_messages.py`` rewrites the
English catalogue (``theodoi/locale/en``) from the Vietnamese message ids that
``theodoi makemessages -l en`` collected, then compiles it (needs gettext)."""

import re
import subprocess
from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "theodoi/locale/en/LC_MESSAGES/django.po"

ENGLISH = {
    "Tên đăng nhập hoặc e-mail": "User name or e-mail",
    "Tên đăng nhập (hoặc e-mail) hoặc mật khẩu không đúng. Sau nhiều lần sai, tài khoản sẽ bị tạm khóa.": "Wrong user name (or e-mail) or password. After repeated failures the account is locked for a while.",
    "Tài khoản này đã bị khóa.": "This account is disabled.",
    "Thường trực (cơ quan thường trực)": "Standing office",
    "Đầu mối của đơn vị": "Focal officer",
    "Lãnh đạo đơn vị": "Head of body",
    "Lãnh đạo Ban Chỉ đạo, thành viên": "Chair or committee member",
    "Quản trị hệ thống": "Administrator",
    "cơ quan, đơn vị": "body",
    "vai trò": "role",
    "chức vụ": "position",
    "đơn vị theo dõi": "bodies overseen",
    "người dùng": "user",
    "Tên viết tắt, tên khác (mỗi dòng một tên)": "Short names and aliases (one per line)",
    "Cách viết khác (mỗi dòng một cách)": "Other spellings (one per line)",
    "Loại đơn vị (khi nhóm gồm mọi đơn vị thuộc loại)": "Kinds of body (when the group is every body of these kinds)",
    "Tệp danh mục (.csv hoặc .xlsx)": "Registry file (.csv or .xlsx)",
    "Tệp trống.": "The file is empty.",
    "Sở, ban, ngành tỉnh": "Provincial department",
    "Xã, phường, đặc khu": "Commune-level unit",
    "Cơ quan Trung ương đóng trên địa bàn": "Centrally-managed body",
    "Doanh nghiệp": "Enterprise",
    "Trường học": "School",
    "Khác": "Other",
    "tên chính thức": "official name",
    "tên viết tắt, tên khác": "short names and aliases",
    "loại": "kind",
    "mã": "code",
    "đang hoạt động": "active",
    "Đơn vị đã sáp nhập vẫn giữ để tra cứu.": "Merged bodies are kept for history.",
    "Mọi đơn vị thuộc loại": "Every body of the kinds",
    "Danh sách đơn vị": "Listed bodies",
    "Chưa rõ — cần chọn khi nhập kế hoạch": "Vague — bodies must be chosen when a plan is imported",
    "tên nhóm": "group name",
    "cách viết khác": "other spellings",
    "cách xác định": "rule",
    "loại đơn vị": "kinds of body",
    "nhóm đơn vị": "group of bodies",
    "Dòng tiêu đề phải có cột “Tên chính thức” và “Loại”.": "The header row must have the columns “Tên chính thức” and “Loại”.",
    "Dòng %(n)d: thiếu tên.": "Row %(n)d: the name is missing.",
    "Dòng %(n)d: “%(name)s” lặp lại.": "Row %(n)d: “%(name)s” appears twice.",
    "Dòng %(n)d: loại “%(kind)s” không hợp lệ (dùng: %(kinds)s).": "Row %(n)d: kind “%(kind)s” is not valid (use: %(kinds)s).",
    "Đã lưu “%s”.": "Saved “%s”.",
    "Đã nhập %(total)d dòng: %(created)d đơn vị mới, %(updated)d đơn vị cập nhật.": "Imported %(total)d rows: %(created)d new bodies, %(updated)d updated.",
    "Tiếng Việt": "Tiếng Việt",
    "English": "English",
    "Người khác vừa sửa mục này. Hãy tải lại trang để xem bản mới rồi sửa lại.": "Someone else has just changed this. Reload the page to see the new version, then edit again.",
    "Trang chủ": "Home",
    "Cơ quan, đơn vị": "Bodies",
    "Nhóm đơn vị": "Groups of bodies",
    "Tài khoản": "Accounts",
    "Đơn vị của tôi": "My body",
    "Các đơn vị theo dõi": "Bodies I oversee",
    "Tệp quá lớn (tối đa 5 MB).": "The file is too large (5 MB at most).",
    "Không đọc được tệp Excel: %s": "Cannot read the Excel file: %s",
    "Chỉ nhận tệp .csv hoặc .xlsx.": "Only .csv or .xlsx files are accepted.",
    "Tệp CSV phải ở bảng mã UTF-8.": "A CSV file must be in UTF-8.",
    "Kính gửi %(name)s,": "Dear %(name)s,",
    "Có yêu cầu đặt lại mật khẩu cho tài khoản của Anh/Chị trên hệ thống theodoi.": "A password reset was requested for your theodoi account.",
    "Đặt mật khẩu mới": "Set a new password",
    "Tên đăng nhập: %(username)s": "User name: %(username)s",
    "Nếu Anh/Chị không yêu cầu, hãy bỏ qua thư này.": "If you did not ask for it, ignore this message.",
    "Mở đường dẫn sau để đặt mật khẩu mới (dùng được một lần):": "Open this link to set a new password (it works once):",
    "[theodoi] Đặt lại mật khẩu": "[theodoi] Password reset",
    "Tài khoản tạm khóa": "Account locked",
    "Đăng nhập sai quá nhiều lần. Tài khoản tạm khóa, hãy thử lại sau hoặc liên hệ cơ quan thường trực.": "Too many failed log-ins. The account is locked for a while: try again later or contact the standing office.",
    "Đặt lại mật khẩu": "Reset the password",
    "Đăng nhập": "Log in",
    "Hệ thống theo dõi thực hiện kế hoạch của Ban Chỉ đạo tỉnh.": "The steering committee's plan-tracking system.",
    "Quên mật khẩu?": "Forgot your password?",
    "Tài khoản chưa gắn với đơn vị": "Account not linked to a body",
    "Hãy liên hệ cơ quan thường trực để được gắn với cơ quan, đơn vị của mình.": "Ask the standing office to link your account to your body.",
    "Cơ quan thường trực": "Standing office",
    "Trang của cơ quan thường trực": "Standing office",
    "Đơn vị: %(body)s": "Body: %(body)s",
    "Cơ quan, đơn vị đang hoạt động": "Active bodies",
    "Danh mục cơ quan, đơn vị": "Registry of bodies",
    "Thử tra cứu tên đơn vị": "Try resolving a name",
    "Tài khoản theo vai trò": "Accounts by role",
    "Danh sách tài khoản": "All accounts",
    "Đổi mật khẩu": "Change password",
    "Lưu": "Save",
    "Quên mật khẩu": "Forgot password",
    "Nhập địa chỉ e-mail của tài khoản; hệ thống sẽ gửi đường dẫn đặt lại mật khẩu.": "Enter your account's e-mail address; we will send a link to reset the password.",
    "Gửi đường dẫn": "Send the link",
    "Đã đặt lại mật khẩu": "Password reset",
    "Lưu mật khẩu mới": "Save the new password",
    "Đường dẫn không hợp lệ hoặc đã được dùng. Hãy yêu cầu đặt lại mật khẩu lần nữa.": "The link is not valid or has been used. Ask for a password reset again.",
    "Đã gửi e-mail": "E-mail sent",
    "Nếu địa chỉ e-mail có trong hệ thống, một thư hướng dẫn đặt lại mật khẩu đã được gửi đến. Hãy kiểm tra hộp thư.": "If the address belongs to an account, a message with a reset link has been sent. Check your mailbox.",
    "Tên đăng nhập": "User name",
    "Họ tên": "Full name",
    "Vai trò": "Role",
    "Đơn vị": "Body",
    "Lần đăng nhập cuối": "Last log-in",
    "Lịch sử": "History",
    "Tổng quan": "Overview",
    "Tổng quan của lãnh đạo Ban Chỉ đạo": "Steering committee overview",
    "Anh/Chị theo dõi toàn bộ cơ quan, đơn vị.": "You oversee every body.",
    "Các cơ quan, đơn vị Anh/Chị được phân công theo dõi.": "The bodies you are assigned to oversee.",
    "Loại": "Kind",
    "Theo dõi kế hoạch": "Plan tracking",
    "Điều hướng chính": "Main navigation",
    "Đăng xuất": "Log out",
    "Hệ thống theo dõi thực hiện kế hoạch — Ban Chỉ đạo tỉnh": "Plan tracking — provincial steering committee",
    "ngừng hoạt động": "inactive",
    "Sửa": "Edit",
    "Không có đơn vị nào khớp.": "No body matches.",
    "Nhóm": "Group",
    "cần chọn đơn vị cụ thể": "bodies must be chosen",
    "Không nhận ra": "Not recognised",
    "Nhiệm vụ của đơn vị": "The body's tasks",
    "Chưa có kế hoạch nào được ban hành giao nhiệm vụ cho đơn vị.": "No published plan assigns tasks to this body yet.",
    "Cán bộ của đơn vị": "People of the body",
    "Chưa có tài khoản.": "No accounts yet.",
    "Thuộc các nhóm": "Member of the groups",
    "Sửa đơn vị": "Edit body",
    "Thêm đơn vị": "Add a body",
    "Sửa: %(body)s": "Edit: %(body)s",
    "Hủy": "Cancel",
    "Nhập từ tệp": "Import a file",
    "Xuất Excel": "Export Excel",
    "Xuất CSV": "Export CSV",
    "Tìm theo tên hoặc tên viết tắt": "Search by name or short name",
    "Tìm": "Search",
    "Mọi loại": "Every kind",
    "Lọc": "Filter",
    "Đang tải…": "Loading…",
    "Tên": "Name",
    "Tên khác": "Other names",
    "Sửa nhóm: %(group)s": "Edit group: %(group)s",
    "Tên nhóm mà kế hoạch ghi ở cột chủ trì, phối hợp, và các đơn vị mà nhóm bao gồm.": "Group names that plans write in lead and support cells, and the bodies each stands for.",
    "Cách viết khác": "Other spellings",
    "Cách xác định": "Rule",
    "Nhập danh mục đơn vị": "Import the registry",
    "Tệp .csv hoặc .xlsx có các cột như tệp xuất ra: Tên chính thức, Tên viết tắt, Loại, Mã, Đang hoạt động. Đơn vị trùng tên được cập nhật; nếu có dòng lỗi thì không dòng nào được nhập.": "A .csv or .xlsx file with the columns of an export: official name, short names, kind, code, active. A body with the same name is updated; if any row is wrong, no row is imported.",
    "Nhập": "Import",
    "Tra cứu tên đơn vị": "Resolve a name",
    "Gõ nội dung một ô “chủ trì” hoặc “phối hợp” như kế hoạch ghi, xem hệ thống hiểu là những đơn vị, nhóm nào.": "Type a lead or support cell as a plan writes it and see which bodies and groups it names.",
    "Nội dung ô": "Cell text",
    "Tra cứu": "Resolve",
    "Lịch sử thay đổi": "History of changes",
    "Lịch sử thay đổi: %(object)s": "History of changes: %(object)s",
    "Thời điểm": "When",
    "Người thực hiện": "Who",
    "Thao tác": "Action",
    "Nội dung thay đổi": "What changed",
    "Hệ thống": "System",
}

HEADER = """msgid ""
msgstr ""
"Project-Id-Version: theodoi\\n"
"Language: en\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def collected_ids(po_text: str) -> list[str]:
    ids = []
    for block in re.findall(r'^msgid ((?:".*"\n)+)', po_text, re.M):
        text = "".join(re.findall(r'"(.*)"', block))
        if text:
            ids.append(text.replace('\\"', '"').replace("\\\\", "\\"))
    return ids


def main() -> None:
    ids = collected_ids(PO.read_text("utf-8"))
    missing = [i for i in ids if i not in ENGLISH]
    entries = [HEADER]
    for msgid in ids:
        entries.append(f"msgid {quote(msgid)}\nmsgstr {quote(ENGLISH.get(msgid, ''))}\n")
    PO.write_text("\n".join(entries), "utf-8")
    subprocess.run(["msgfmt", "--check", "-o", PO.with_suffix(".mo"), PO], check=True)
    for msgid in missing:
        print("no English yet:", msgid)


if __name__ == "__main__":
    main()
