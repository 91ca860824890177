"""Reads of a plan's "06 rõ": what each leaf task needs for the check, and what it misses."""

from collections import defaultdict

from ..models import AgencyItem, AssignmentRole, Plan, Task
from ..rules import TaskFacts, six_clear_gaps


def task_facts(plan: Plan) -> dict[int, TaskFacts]:
    """What the "06 rõ" check needs for each leaf task of the plan, in 2 queries."""
    tasks = list(Task.objects.filter(plan=plan, closed_at__isnull=True, children__isnull=True))
    leads: dict[int, list[AgencyItem]] = defaultdict(list)
    lead_items = AgencyItem.objects.filter(task__plan=plan, role=AssignmentRole.LEAD)
    for item in lead_items.select_related("group"):
        leads[item.task_id].append(item)
    has_basis = bool(plan.bases)

    def vague(item):
        return (item.group_id and item.group.needs_choice) or (
            not item.body_id and not item.group_id
        )

    return {
        task.pk: TaskFacts(
            title=task.title,
            lead_count=len(leads[task.pk]),
            lead_only_vague=bool(leads[task.pk]) and all(vague(i) for i in leads[task.pk]),
            due=task.due,
            recurrence=task.recurrence,
            condition=task.condition,
            deliverable=task.deliverable,
            basis=task.basis,
            plan_has_basis=has_basis,
        )
        for task in tasks
    }


def plan_gaps(plan: Plan) -> dict[int, list[str]]:
    """Task id -> the "06 rõ" keys it misses, for the tasks that miss any."""
    gaps = {pk: six_clear_gaps(facts) for pk, facts in task_facts(plan).items()}
    return {pk: missing for pk, missing in gaps.items() if missing}
