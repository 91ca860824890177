"""Which bodies a name of a lead/support cell stands for — shared by publish and amend."""

from ..models import AgencyItem


def item_bodies(
    item: AgencyItem, group_members: dict[int, list[int]]
) -> tuple[list[int], int | None]:
    """The body ids the item stands for, and the group they came through (if any).

    Bodies the office chose (for a vague group or an unknown name) win; then the
    resolved body; then every member of the resolved group. ``group_members``
    caches a group's members across the items of one plan.
    """
    chosen = [body.pk for body in item.chosen.all()]
    if chosen:
        return chosen, None
    if item.body_id:
        return [item.body_id], None
    if item.group_id:
        if item.group_id not in group_members:
            members = item.group.member_bodies().values_list("pk", flat=True)
            group_members[item.group_id] = list(members)
        return group_members[item.group_id], item.group_id
    return [], None
