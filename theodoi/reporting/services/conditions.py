"""The office records that a task's condition is met: the task starts counting."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.audit import audit
from theodoi.plans.models import Task


@transaction.atomic
def task_condition_met(*, task: Task, on, user, now=None) -> Task:
    """Record the day the task's condition was met (not in the future)."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not task.condition.strip():
        raise ValidationError(_("Nhiệm vụ này không có điều kiện."), code="no_condition")
    if on is None:
        raise ValidationError(_("Hãy nhập ngày điều kiện được đáp ứng."), code="required")
    if on > clock.today(now):
        raise ValidationError(
            _("Ngày điều kiện được đáp ứng không thể ở tương lai."), code="future"
        )
    task.condition_met_on = on
    audit(task, user, "reporting.task.condition_met", on=on)
    task.full_clean()
    task.save()
    return task
