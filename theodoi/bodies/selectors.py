"""Reads of the registry."""

from django.db.models import Count, Q

from .models import Body, BodyKind, Group


def bodies_for_list(*, query: str = "", kind: str = ""):
    bodies = Body.objects.annotate(user_count=Count("users"))
    if kind in BodyKind.values:
        bodies = bodies.filter(kind=kind)
    if query:
        bodies = bodies.filter(Q(name__icontains=query) | Q(aliases__icontains=query))
    return bodies.order_by("kind", "name")


def counts_by_kind() -> list[tuple[str, int]]:
    counts = dict(Body.objects.filter(active=True).values_list("kind").annotate(n=Count("id")))
    return [(label, counts.get(value, 0)) for value, label in BodyKind.choices]


def groups_of(body: Body) -> list[Group]:
    """The groups that stand for this body (a kind rule, or listed by name)."""
    return [
        group
        for group in Group.objects.prefetch_related("members")
        if body.kind in group.kinds or body in group.members.all()
    ]
