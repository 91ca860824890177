from django.urls import path

from .views import approval, board, comments, files, periods, reports

app_name = "reporting"
urlpatterns = [
    path("ngay-nghi/", periods.holiday_list, name="holidays"),
    path("ngay-nghi/them/", periods.holiday_edit, name="holiday_add"),
    path("ngay-nghi/<int:holiday_id>/", periods.holiday_edit, name="holiday_edit"),
    path("ngay-nghi/<int:holiday_id>/xoa/", periods.holiday_delete, name="holiday_delete"),
    path("ke-hoach/<int:plan_id>/che-do/", periods.rule_list, name="rules"),
    path(
        "ke-hoach/<int:plan_id>/che-do/nhap-du/",
        periods.plan_completeness,
        name="plan_completeness",
    ),
    path("che-do/<int:rule_id>/", periods.rule_edit, name="rule_edit"),
    path("che-do/<int:rule_id>/xem-truoc/", periods.rule_preview, name="rule_preview"),
    path("ke-hoach/<int:plan_id>/ky-bao-cao/", periods.period_list, name="periods"),
    path("ky-bao-cao/<int:period_id>/gia-han/", periods.period_grace, name="period_grace"),
    path("ky-bao-cao/<int:period_id>/khoa-so/", periods.period_lock, name="period_lock"),
    path("ky-bao-cao/<int:period_id>/mo-khoa/", periods.period_unlock, name="period_unlock"),
    path(reports.REPORT, reports.report_page, name="report"),
    path(reports.REPORT + "truoc-khi-gui/", reports.report_check, name="report_check"),
    path(reports.REPORT + "bat-dau/", reports.report_start_view, name="report_start"),
    path(
        reports.REPORT + "gui/", reports.report_action, {"action": "submit"}, name="report_submit"
    ),
    path(
        reports.REPORT + "duyet/",
        reports.report_action,
        {"action": "approve"},
        name="report_approve",
    ),
    path(
        reports.REPORT + "tra-lai/",
        reports.report_action,
        {"action": "return"},
        name="report_return",
    ),
    path(
        reports.REPORT + "tiep-nhan/",
        reports.report_action,
        {"action": "accept"},
        name="report_accept",
    ),
    path("don-vi/<int:body_id>/muc/<int:item_id>/", reports.item_save, name="item_save"),
    path("don-vi/<int:body_id>/muc/<int:item_id>/xem/", reports.item_card, name="item_card"),
    path("don-vi/<int:body_id>/chi-tieu/<int:value_id>/", reports.kpi_save, name="kpi_save"),
    path("ky/", board.boards, name="boards"),
    path("ke-hoach/<int:plan_id>/ky-moi-nhat/", board.plan_board, name="plan_board"),
    path("cho-tiep-nhan/", board.review_list, name="review"),
    path(
        "ky/<int:period_id>/don-vi/<int:body_id>/lich-su/",
        board.report_history,
        name="report_history",
    ),
    path("nhiem-vu/<int:task_id>/dieu-kien/", board.condition_met, name="condition_met"),
    path(
        "don-vi/<int:body_id>/muc/<int:item_id>/tep/", files.evidence_upload, name="evidence_upload"
    ),
    path("don-vi/<int:body_id>/tep/<int:file_id>/", files.evidence_file, name="evidence_file"),
    path(
        "don-vi/<int:body_id>/tep/<int:file_id>/xoa/", files.evidence_delete, name="evidence_delete"
    ),
    path(
        "don-vi/<int:body_id>/muc/<int:item_id>/y-kien/",
        comments.comment_add,
        name="item_comment_add",
    ),
    path(
        "don-vi/<int:body_id>/ky/<int:period_id>/duyet-thay/",
        approval.approve_for_head,
        name="report_approve_for_head",
    ),
]
