"""``theodoi worker``: runs the background tasks (reading uploaded plans, …).

It is django-tasks-db's ``db_worker`` under the project's name, so every option
of that command works here; ``make run`` starts it beside the web server.
"""

from django_tasks_db.management.commands import db_worker


class Command(db_worker.Command):
    help = (
        "Chạy các việc nền (đọc văn bản kế hoạch được tải lên, …) từ hàng đợi trong cơ sở dữ "
        "liệu; dừng bằng Ctrl-C (việc đang chạy được làm xong rồi mới dừng). Tùy chọn chính: "
        "--interval GIÂY (chờ bao lâu giữa hai lần xem hàng đợi khi trống, mặc định 1); "
        "--batch (làm hết việc đang chờ rồi thoát); --max-tasks N (thoát sau N việc); "
        "--queue-name TÊN (hàng đợi, mặc định 'default'); --reload/--no-reload (tự khởi "
        "động lại khi mã nguồn đổi, mặc định theo DEBUG); --no-startup-delay (bỏ khoảng chờ "
        "ngẫu nhiên lúc khởi động); --worker-id (tên riêng khi chạy nhiều tiến trình)."
    )
