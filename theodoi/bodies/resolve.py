"""``resolve(text)``: which registry bodies and groups a lead/support cell names.

Matching is done on ``name_key`` forms (case, spacing, NFC/NFD, tone placement
and ``UBND``/``Ủy ban nhân dân`` do not matter), longest name first, so that
``Sở Khoa học và Công nghệ`` is one body and ``Sở, ban, ngành tỉnh`` one group.
Whatever is left over, other than connectors, is reported as unresolved.
"""

import re
from dataclasses import dataclass, field

from theodoi.lib.text import squash_spaces

from .models import Body, Group
from .names import name_key

_WORD = r"[\w\u0300-\u036f&]"
# Connectors and fillers between names in a cell ("…; …", "… và …", "các …").
_SEPARATORS = re.compile(r"\s*(?:[;,\n]|\s(?:và|cùng|với)\s|\+)\s*")
_FILLERS = {name_key(word) for word in ["và", "các", "cùng", "với", "phối hợp", "chủ trì"]}


@dataclass
class Resolution:
    bodies: list[Body] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)

    @property
    def needs_choice(self) -> list[Group]:
        """Vague groups (``Các Sở ngành liên quan``): the office must choose bodies."""
        return [group for group in self.groups if group.needs_choice]

    @property
    def complete(self) -> bool:
        return not self.unresolved and not self.needs_choice


class RegistryIndex:
    """Every name and alias of the registry, compiled into one pattern.

    Build it once when resolving many cells (a whole plan): two queries.
    """

    def __init__(self, bodies, groups):
        self._by_key: dict[str, Body | Group] = {}
        for item in [*groups, *bodies]:  # a group's name wins over a body alias
            for name in [item.name, *(item.aliases or [])]:
                self._by_key.setdefault(name_key(name), item)
        keys = sorted((k for k in self._by_key if k), key=len, reverse=True)
        alternatives = "|".join(re.escape(k) for k in keys) or r"(?!)"
        self._pattern = re.compile(rf"(?<!{_WORD})(?:{alternatives})(?!{_WORD})")

    @classmethod
    def build(cls) -> "RegistryIndex":
        return cls(list(Body.objects.all()), list(Group.objects.all()))

    def resolve(self, text: str) -> Resolution:
        result = Resolution()
        key = name_key(text or "")
        leftover = []
        position = 0
        for match in self._pattern.finditer(key):
            leftover.append(key[position : match.start()])
            position = match.end()
            item = self._by_key[match.group(0)]
            target = result.groups if isinstance(item, Group) else result.bodies
            if item not in target:
                target.append(item)
        leftover.append(key[position:])
        result.unresolved = _unmatched_names(text or "", " ; ".join(leftover))
        return result


def _unmatched_names(text: str, leftover_key: str) -> list[str]:
    """The parts of ``text`` left unmatched, written as the cell writes them."""
    pieces = {name_key(p): _as_written(p) for p in _SEPARATORS.split(text) if p.strip()}
    names = []
    for fragment in _SEPARATORS.split(leftover_key):
        fragment = name_key(fragment)
        if fragment and fragment not in _FILLERS and re.search(r"\w", fragment):
            names.append(pieces.get(fragment, _as_written(fragment)))
    return names


def _as_written(text: str) -> str:
    """A name as the cell wrote it: ``squash_spaces``, without a trailing ``,;.``."""
    return squash_spaces(text).strip(" ,;.")


def resolve(text: str, index: RegistryIndex | None = None) -> Resolution:
    """Resolve one cell against the registry (builds the index when none is given)."""
    return (index or RegistryIndex.build()).resolve(text)
