"""The audit trail: every recorded change carries an action code and its data.

A service that changes a row with a history names who did it and what it was, in one
call, before it saves::

    audit(task, user, "plans.review.cell_edited", field="deliverable")
    task.save()

simple_history then writes the historical row with ``history_user`` = the user,
``history_change_reason`` = the action code (an English dotted name: data, not
interface text) and ``action_data`` = the keyword arguments (a file name, a field,
the history id an undo reverted…). Code that reads the trail back (the review grid's
undo) filters on codes and reads ``action_data``; it never parses text.

``ACTIONS`` is the registry of codes: each has the label the history pages show,
translated, with ``%(name)s`` placeholders filled from the data. Every code used in
the code is registered (``core/tests/test_audit.py`` checks it).
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.signals import pre_create_historical_record


class AuditedHistory(models.Model):
    """The fields every historical model adds to simple_history's (``bases=[...]``)."""

    action_data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        abstract = True


ACTIONS = {
    # accounts
    "accounts.user.created": _("Tạo tài khoản"),
    "accounts.user.saved": _("Sửa tài khoản"),
    "accounts.user.imported": _("Tạo tài khoản từ tệp Excel"),
    "accounts.user.approval_delegated": _("Ủy quyền duyệt báo cáo"),
    "accounts.user.approval_withdrawn": _("Thu hồi ủy quyền duyệt báo cáo"),
    # bodies
    "bodies.body.created": _("Thêm đơn vị"),
    "bodies.body.saved": _("Sửa thông tin đơn vị"),
    "bodies.body.imported": _("Cập nhật đơn vị từ danh mục nhập vào"),
    "bodies.group.saved": _("Sửa nhóm đơn vị"),
    "bodies.body.alias_add": _("Thêm tên gọi khác: %(alias)s"),
    "bodies.body.alias_remove": _("Bỏ tên gọi khác: %(alias)s"),
    # plans: drafts, imports, publication, amendments
    "plans.plan.imported": _("Đọc từ văn bản tải lên"),
    "plans.plan.demo_created": _("Tạo dữ liệu mẫu"),
    "plans.plan.created_by_hand": _("Tạo kế hoạch trống"),
    "plans.plan.published": _("Kế hoạch được ban hành"),
    "plans.plan.reporting_day": _("Đặt ngày báo cáo"),
    "plans.plan.amended": _("Áp dụng văn bản điều chỉnh (phiên bản %(version)s)"),
    "plans.import.reread": _("Đọc lại văn bản theo cấu trúc đã chỉnh"),
    # plans: the review grid of a draft (``plans.services.review``, ``rows``)
    "plans.review.cell_edited": _("Sửa trên bảng duyệt: %(field)s"),
    "plans.review.row_edited": _("Sửa dòng không có lịch sử riêng: %(field)s"),
    "plans.review.agency_set": _("Chọn đơn vị cho “%(text)s”: %(chosen)s"),
    "plans.review.undone": _("Hoàn tác một thay đổi trên bảng duyệt"),
    "plans.review.task_added": _("Thêm nhiệm vụ"),
    "plans.review.task_split": _("Tách nhiệm vụ"),
    "plans.review.task_merged": _("Gộp nhiệm vụ"),
    "plans.review.task_deleted": _("Xóa nhiệm vụ"),
    "plans.review.rows_changed": _("Sửa các dòng nhiệm vụ (%(code)s)"),
    "plans.review.name_chosen": _("Chọn “%(chosen)s” cho %(count)s ô ghi “%(text)s”"),
    "plans.review.name_choice_undone": _("Hoàn tác lựa chọn cho tên “%(text)s”"),
    "plans.review.section_added": _("Thêm một phần"),
    "plans.review.agency_added": _("Thêm tên đơn vị vào ô trên bảng duyệt"),
    "plans.review.agency_moved": _("Đổi thứ tự tên đơn vị trong ô"),
    # reporting
    "reporting.rule.from_plan": _("Chế độ báo cáo lấy từ văn bản kế hoạch"),
    "reporting.rule.from_amendment": _("Chế độ báo cáo lấy từ văn bản điều chỉnh"),
    "reporting.rule.saved": _("Chế độ báo cáo được sửa"),
    "reporting.period.scheduled": _("Đặt lại kỳ theo chế độ báo cáo"),
    "reporting.period.grace_set": _("Gia hạn kỳ báo cáo"),
    "reporting.period.locked": _("Khóa sổ kỳ báo cáo"),
    "reporting.period.unlocked": _("Mở khóa sổ kỳ báo cáo"),
    "reporting.holiday.imported": _("Ngày nghỉ lấy từ thư viện ngày lễ"),
    "reporting.holiday.saved": _("Sửa ngày nghỉ, ngày làm bù"),
    "reporting.holiday.deleted": _("Xóa ngày nghỉ, ngày làm bù"),
    "reporting.item.saved": _("Cập nhật kết quả nhiệm vụ"),
    "reporting.kpi.saved": _("Cập nhật giá trị chỉ tiêu"),
    "reporting.evidence.added": _("Đính kèm tệp: %(name)s"),
    "reporting.evidence.removed": _("Xóa tệp đính kèm: %(name)s"),
    "reporting.item_comment.added": _("Thêm ý kiến chỉ đạo"),
    "reporting.task.condition_met": _("Ghi nhận điều kiện của nhiệm vụ được đáp ứng"),
    "reporting.plan.completeness_set": _("Đặt yêu cầu nhập đủ mọi mục"),
    "reporting.report.opened": _("Bắt đầu báo cáo kỳ này"),
    "reporting.report.submitted": _("Gửi báo cáo, chờ lãnh đạo duyệt"),
    "reporting.report.submitted_to_office": _("Gửi báo cáo đến Văn phòng"),
    "reporting.report.approved": _("Lãnh đạo đơn vị đã duyệt báo cáo"),
    "reporting.report.approved_for_head": _("Văn phòng duyệt thay lãnh đạo đơn vị"),
    "reporting.report.returned": _("Trả lại báo cáo"),
    "reporting.report.accepted": _("Văn phòng tiếp nhận báo cáo"),
    # notify
    "notify.policy.saved": _("Sửa cách nhắc việc"),
    "notify.preference.saved": _("Đổi cách nhận thông báo"),
    # documents
    "documents.committee.created": _("Tạo thông tin ban hành văn bản của Ban Chỉ đạo"),
    "documents.committee.saved": _("Sửa thông tin ban hành văn bản của Ban Chỉ đạo"),
    "documents.template.uploaded": _("Tải lên mẫu văn bản: %(name)s"),
    "documents.template.reset": _("Trở lại mẫu văn bản mặc định"),
    "documents.draft.created": _("Mở dự thảo báo cáo"),
    "documents.draft.saved": _("Sửa dự thảo báo cáo"),
    "documents.letter.drafted": _("Soạn công văn đôn đốc"),
    "documents.letter.saved": _("Sửa công văn đôn đốc"),
    "documents.letter.sent": _("Gửi công văn đôn đốc: %(reference)s"),
    "documents.signed.uploaded": _("Tải lên báo cáo đã ký: %(name)s"),
    # dashboard
    "dashboard.explanation.asked": _("Yêu cầu giải trình"),
    "dashboard.explanation.answered": _("Giải trình"),
    "dashboard.settings.saved": _("Sửa cài đặt bảng điều hành (công khai, trọng số chấm điểm)"),
}


class _Data(dict):
    """The action's data for ``%`` formatting: a missing key shows as a dash."""

    def __missing__(self, key):
        return "—"


def audit(instance, user, action: str, **data):
    """Name who changes ``instance`` and how, for the historical row its next save
    (or delete) writes; returns the instance. ``action`` must be in ``ACTIONS``."""
    if action not in ACTIONS:
        raise ValueError(f"unregistered audit action: {action}")
    if user is not None:  # otherwise the signed-in user of the request (middleware)
        instance._history_user = user
    instance._change_reason = action
    instance._action_data = data
    return instance


def action_label(action: str | None, data: dict | None = None) -> str:
    """The label of an action code with its data filled in; "" for no code; an
    unknown code (recorded before the registry) as it is."""
    if not action:
        return ""
    label = ACTIONS.get(action)
    if label is None:
        return action
    try:
        return str(label) % _Data(data or {})
    except (TypeError, ValueError):
        return str(label)


@receiver(pre_create_historical_record)
def _record_action_data(sender, instance, history_instance, **kwargs):
    """Copy the data ``audit`` left on the instance into the historical row."""
    if hasattr(history_instance, "action_data"):
        history_instance.action_data = getattr(instance, "_action_data", None) or {}
