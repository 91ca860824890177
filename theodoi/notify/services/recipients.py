"""Who receives what: the people of a body by role, the office, a body's overseers.

Read in two queries for every body at once, so that the scheduler's tick costs the
same for 10 bodies as for 120.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from theodoi.accounts.models import Role, User

from ..models import Kind, Preference


@dataclass(frozen=True)
class Person:
    pk: int
    email: str


@dataclass
class Recipients:
    focal: dict[int, list[Person]] = field(default_factory=lambda: defaultdict(list))
    head: dict[int, list[Person]] = field(default_factory=lambda: defaultdict(list))
    office: list[Person] = field(default_factory=list)
    overseers: dict[int, list[Person]] = field(default_factory=lambda: defaultdict(list))

    def for_notice(self, kind: str, body_id: int) -> list[Person]:
        """The people a scheduled notice about a body's report goes to."""
        if kind in {Kind.BEFORE, Kind.CUTOFF_DAY}:
            return self.focal[body_id]
        if kind == Kind.OVERDUE:
            return self.focal[body_id] + self.head[body_id]
        if kind == Kind.ESCALATION:
            return self.office + self.overseers[body_id]
        raise ValueError(kind)

    def can_be_reminded(self, body_id: int) -> bool:
        """Whether the body has someone to remind: an active focal officer or head.
        Most bodies of a province have no account at first; nobody there is told."""
        return bool(self.focal.get(body_id) or self.head.get(body_id))

    def for_event(self, kind: str, body_id: int) -> list[Person]:
        """The people told of a step of a body's report."""
        if kind == Kind.RETURNED:
            return self.focal[body_id]
        if kind == Kind.SUBMITTED:
            return self.head[body_id]
        if kind == Kind.APPROVED:
            return self.office
        if kind == Kind.ACCEPTED:
            return self.focal[body_id] + self.head[body_id]
        raise ValueError(kind)


def recipients_load(body_ids=None) -> Recipients:
    """Active people of the bodies (all bodies when ``None``), the office, and the
    working-group members who list a body among those they oversee (a member who
    lists none oversees everything and reads the board instead of being mailed)."""
    people = User.objects.filter(is_active=True, role__in=[Role.FOCAL, Role.HEAD, Role.OFFICE])
    oversight = User.overseen_bodies.through.objects.filter(
        user__is_active=True, user__role=Role.VIEWER
    )
    if body_ids is not None:
        people = people.filter(body_id__in=body_ids) | people.filter(role=Role.OFFICE)
        oversight = oversight.filter(body_id__in=body_ids)
    found = Recipients()
    for pk, email, role, body_id in people.order_by("pk").values_list(
        "pk", "email", "role", "body_id"
    ):
        person = Person(pk, email)
        if role == Role.OFFICE:
            found.office.append(person)
        else:
            (found.focal if role == Role.FOCAL else found.head)[body_id].append(person)
    for pk, email, body_id in oversight.order_by("user_id").values_list(
        "user_id", "user__email", "body_id"
    ):
        found.overseers[body_id].append(Person(pk, email))
    return found


def digest_opted_out() -> set[int]:
    """The people who turned the weekly digest off."""
    return set(Preference.objects.filter(digest=False).values_list("user_id", flat=True))
