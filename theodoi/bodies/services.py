"""Writes to the registry: load the province's defaults, edit, import a file.

Each write runs in one transaction; a file import is all-or-nothing.
"""

import csv
import io
from dataclasses import dataclass
from importlib import resources

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.core.audit import audit
from theodoi.core.concurrency import check_unchanged

from .models import Body, BodyKind, Group, GroupRule
from .names import name_key
from .validators import has_control_characters, name_error

COMMUNE_PREFIXES = ("Xã ", "Phường ", "Đặc khu ")


def split_names(text: str | None) -> list[str]:
    """``"a; b;;"`` -> ``["a", "b"]``: the registry files list names with ``;``."""
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def _data_rows(filename: str) -> list[dict]:
    text = resources.files("theodoi.bodies").joinpath("data", filename).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def commune_aliases(name: str) -> list[str]:
    """``Xã Mỹ Hòa Hưng`` is also written ``UBND xã Mỹ Hòa Hưng``."""
    if not name.startswith(COMMUNE_PREFIXES):
        return []
    kind, _sep, rest = name.partition(" ")
    return [f"UBND {kind.lower()} {rest}"]


@dataclass
class BodyRow:
    name: str
    aliases: list[str]
    kind: str
    code: str = ""
    active: bool = True


def _default_body_rows() -> list[BodyRow]:
    rows = [
        BodyRow(r["name"], split_names(r["short_names"]), r["kind"])
        for r in _data_rows("an-giang-bodies.csv") + _data_rows("extra-bodies.csv")
    ]
    rows += [
        BodyRow(r["name"], commune_aliases(r["name"]), BodyKind.COMMUNE, code=r["code"])
        for r in _data_rows("an-giang-communes.csv")
    ]
    return rows


def _upsert_bodies(rows: list[BodyRow], *, merge_aliases: bool) -> dict[str, int]:
    """Create or update a body per row (one query to read them all); counts by outcome."""
    existing = {body.name: body for body in Body.objects.filter(name__in=[r.name for r in rows])}
    counts = {"created": 0, "updated": 0}
    for row in rows:
        body, outcome = _upsert_body(row, existing.get(row.name), merge_aliases=merge_aliases)
        existing[row.name] = body  # a later row may name the same body again
        if outcome:
            counts[outcome] += 1
    return counts


def _upsert_body(
    row: BodyRow, body: Body | None, *, merge_aliases: bool
) -> tuple[Body, str | None]:
    """Create the body, or update it from the row; saves only what changed.

    The province's defaults add aliases to what the office wrote
    (``merge_aliases``); an imported file replaces them.
    """
    if body is None:
        body = Body(name=row.name, aliases=row.aliases, kind=row.kind, code=row.code)
        body.full_clean()
        audit(body, None, "bodies.body.imported")
        body.save()
        return body, "created"
    merged = {
        "aliases": list(dict.fromkeys([*body.aliases, *row.aliases]))
        if merge_aliases
        else row.aliases,
        "kind": row.kind,
        "code": row.code or body.code,
        "active": row.active,
    }
    if any(getattr(body, k) != v for k, v in merged.items()):
        for k, v in merged.items():
            setattr(body, k, v)
        body.full_clean()
        audit(body, None, "bodies.body.imported")
        body.save()
        return body, "updated"
    return body, None


@transaction.atomic
def registry_load_defaults() -> int:
    """Load An Giang's bodies and the groups plans write; idempotent.

    Returns how many rows were created or changed (0 on a second run).
    """
    changed = sum(_upsert_bodies(_default_body_rows(), merge_aliases=True).values())
    for row in _data_rows("groups.csv"):
        group, created = Group.objects.get_or_create(
            name=row["name"],
            defaults={
                "aliases": split_names(row["aliases"]),
                "rule": row["rule"],
                "kinds": split_names(row["kinds"]),
            },
        )
        if created:
            changed += 1
            if row["rule"] == GroupRule.LISTED:
                group.members.set(Body.objects.filter(name__in=split_names(row["members"])))
    return changed


# --- Import and export as CSV / XLSX -------------------------------------------

COLUMNS = ["name", "short_names", "kind", "code", "active"]
HEADERS = {
    "name": "Tên chính thức",
    "short_names": "Tên viết tắt, tên khác (cách nhau bởi ;)",
    "kind": "Loại",
    "code": "Mã",
    "active": "Đang hoạt động",
}
_TRUE = {"1", "true", "có", "co", "x", "yes", "đang hoạt động"}


def registry_rows() -> list[list[str]]:
    """The registry as a table: header row, then one row per body."""
    table = [[HEADERS[c] for c in COLUMNS]]
    for body in Body.objects.order_by("kind", "name"):
        table.append(
            [
                body.name,
                "; ".join(body.aliases),
                body.kind,
                body.code,
                "có" if body.active else "không",
            ]
        )
    return table


class RegistryFileError(ValidationError):
    """A registry file that cannot be imported: the messages say where and why."""


def _parse_table(table: list[list]) -> list[BodyRow]:
    if not table:
        raise RegistryFileError(_("Tệp trống."))
    header = [str(c or "").strip() for c in table[0]]
    wanted = {HEADERS[c]: c for c in COLUMNS} | {c: c for c in COLUMNS}
    index = {wanted[h]: i for i, h in enumerate(header) if h in wanted}
    if "name" not in index or "kind" not in index:
        raise RegistryFileError(_("Dòng tiêu đề phải có cột “Tên chính thức” và “Loại”."))
    kinds = set(BodyKind.values)
    errors, rows, seen = [], [], set()
    for number, raw in enumerate(table[1:], start=2):

        def cell(column, raw=raw):
            i = index.get(column)
            return (
                str(raw[i]).strip() if i is not None and i < len(raw) and raw[i] is not None else ""
            )

        if not any(str(c or "").strip() for c in raw):
            continue
        name, kind = cell("name"), cell("kind")
        if not name:
            errors.append(_("Dòng %(n)d: thiếu tên.") % {"n": number})
        elif has_control_characters(name) or has_control_characters(cell("short_names")):
            errors.append(_("Dòng %(n)d: %(error)s") % {"n": number, "error": name_error()})
        elif name in seen:
            errors.append(_("Dòng %(n)d: “%(name)s” lặp lại.") % {"n": number, "name": name})
        if kind not in kinds:
            errors.append(
                _("Dòng %(n)d: loại “%(kind)s” không hợp lệ (dùng: %(kinds)s).")
                % {"n": number, "kind": kind, "kinds": ", ".join(sorted(kinds))}
            )
        seen.add(name)
        active = cell("active").lower() in _TRUE if "active" in index else True
        rows.append(BodyRow(name, split_names(cell("short_names")), kind, cell("code"), active))
    if errors:
        raise RegistryFileError(errors)
    return rows


@transaction.atomic
def registry_import(table: list[list]) -> dict:
    """Create or update bodies from a table (CSV or XLSX rows). All or nothing."""
    rows = _parse_table(table)
    return {**_upsert_bodies(rows, merge_aliases=False), "total": len(rows)}


# --- Editing in the UI -----------------------------------------------------------

BODY_FIELDS = ["name", "aliases", "kind", "code", "active", "head_approval"]
GROUP_FIELDS = ["name", "aliases", "rule", "kinds", "members"]


def _check_names(data: dict) -> None:
    """A name or alias with a control character is refused (``validators``)."""
    names = {"name": [data.get("name") or ""], "aliases": data.get("aliases") or []}
    errors = {
        field: name_error()
        for field, values in names.items()
        if any(has_control_characters(value) for value in values)
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def body_save(*, body: Body | None, data: dict, seen_version: str | None = None) -> Body:
    """Create a body (``body=None``) or update one the user saw as ``seen_version``.

    A concurrent edit is refused (``EditConflict``), never overwritten.
    """
    if body is not None:
        body = Body.objects.select_for_update().get(pk=body.pk)
        check_unchanged(body, seen_version, BODY_FIELDS)
    else:
        body = Body()
    _check_names(data)
    for field_name in BODY_FIELDS:
        setattr(body, field_name, data[field_name])
    body.full_clean()
    audit(body, None, "bodies.body.saved" if body.pk else "bodies.body.created")
    body.save()
    return body


@transaction.atomic
def group_save(*, group: Group, data: dict, seen_version: str | None) -> Group:
    group = Group.objects.select_for_update().get(pk=group.pk)
    check_unchanged(group, seen_version, GROUP_FIELDS)
    _check_names(data)
    members = data.pop("members")
    for field_name, value in data.items():
        setattr(group, field_name, value)
    group.full_clean()
    audit(group, None, "bodies.group.saved")
    group.save()
    group.members.set(members if group.rule == GroupRule.LISTED else [])
    return group


# --- Aliases learnt on the review grid -------------------------------------------


def _with_history(body: Body, user, action: str, **data) -> Body:
    body.full_clean()
    audit(body, user, action, **data)
    body.save()
    return body


def body_alias_add(*, body: Body, name: str, user) -> bool:
    """Keep ``name`` (as a plan wrote it) as an alias of ``body``; False when it
    already is one. The next plan naming it resolves it by itself."""
    name = " ".join((name or "").split())
    known = {name_key(n) for n in [body.name, *body.aliases]}
    if not name or name_key(name) in known:
        return False
    body = Body.objects.select_for_update().get(pk=body.pk)
    body.aliases = [*body.aliases, name]
    _with_history(body, user, "bodies.body.alias_add", alias=name)
    return True


def body_alias_remove(*, body: Body, name: str, user) -> None:
    """Take back an alias ``body_alias_add`` kept (the office undid its choice)."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    kept = [alias for alias in body.aliases if name_key(alias) != name_key(name)]
    if kept != body.aliases:
        body.aliases = kept
        _with_history(body, user, "bodies.body.alias_remove", alias=name)
