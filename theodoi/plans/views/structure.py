"""The office corrects the structure the importer read (column roles, a row read as a
section or a task) from the draft's review page; the worker reads the file again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from theodoi.core.access import office_only
from theodoi.core.concurrency import required_version
from theodoi.core.forms import refusal_text
from theodoi.core.params import parse_int

from ..models import Plan
from ..services.structure import plan_import_correct

FLIPS = {"section", "task"}


def chosen_roles(data) -> dict[tuple[int, int], str | None]:
    """``role-<table>-<column>`` = role ("" : not read) -> {(table, column): role}."""
    chosen = {}
    for key, value in data.items():
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "role":
            table, column = parse_int(parts[1]), parse_int(parts[2])
            if table is not None and column is not None:
                chosen[(table, column)] = value or None
    return chosen


def _flip(value: str) -> tuple[str, int] | None:
    kind, _colon, pk = value.partition(":")
    number = parse_int(pk, minimum=1)
    return (kind, number) if kind in FLIPS and number else None


@office_only
def correct(request, plan_id):
    """POST the roles of the columns (or ``flip`` = section|task:<id>): read it again."""
    plan = get_object_or_404(Plan, pk=plan_id)
    back = reverse("plans:review", args=[plan.pk]) + "#cau-truc"
    if request.method != "POST" or not plan.is_draft:
        return redirect(back if plan.is_draft else plan.get_absolute_url())
    flip = _flip(request.POST.get("flip", ""))
    try:
        plan_import = plan_import_correct(
            plan=plan,
            user=request.user,
            seen_version=required_version(request.POST),
            columns=None if flip else chosen_roles(request.POST),
            flip=flip,
        )
    except ValidationError as error:
        messages.error(request, refusal_text(error))
        return redirect(back)
    messages.success(request, _("Đã ghi cấu trúc đã chỉnh; văn bản đang được đọc lại."))
    return redirect("plans:import", import_id=plan_import.pk)
