from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0005_alter_notification_kind"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("before", "Nhắc trước hạn"),
                    ("cutoff_day", "Nhắc sáng ngày hết hạn"),
                    ("overdue", "Báo cáo quá hạn"),
                    ("escalation", "Báo cáo quá hạn nhiều ngày"),
                    ("submitted", "Báo cáo chờ duyệt"),
                    ("returned", "Báo cáo bị trả lại"),
                    ("approved", "Báo cáo chờ tiếp nhận"),
                    ("accepted", "Báo cáo đã được tiếp nhận"),
                    ("digest", "Tổng hợp hằng tuần"),
                    ("chase", "Thường trực nhắc báo cáo"),
                    ("welcome", "Tài khoản mới"),
                    ("comment", "Ý kiến về báo cáo"),
                    ("letter", "Công văn đôn đốc"),
                    ("explain", "Yêu cầu giải trình"),
                    ("explained", "Đã giải trình"),
                    ("reset", "Đặt lại mật khẩu"),
                ],
                max_length=12,
                verbose_name="loại",
            ),
        ),
    ]
