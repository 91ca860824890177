"""Charts drawn on the server as SVG (no script, no build step): a KPI's sparkline
with its target line, the bar of the task classes, a heat map cell. Each chart is
decorative beside its table (``aria-hidden``); the numbers are in the table."""

import html
from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from theodoi.lib.numbers import format_number

register = template.Library()

WIDTH, HEIGHT, PAD = 160, 40, 4
# The colours of the classes, as the board and the plan pages show them.
CLASS_COLOURS = {
    "done-on-time": "#1d7a3e",
    "done-late": "#6aa84f",
    "on-track": "#0b5cad",
    "due-soon": "#a86500",
    "overdue": "#b4141e",
    "unreported": "#7a4b9c",
    "waiting": "#8a96a3",
    "not-due": "#c9d1da",
}


def _y(value: float, low: float, high: float) -> float:
    span = high - low or 1.0
    return round(HEIGHT - PAD - (value - low) / span * (HEIGHT - 2 * PAD), 1)


@register.simple_tag
def sparkline(values, target=None):
    """A line of ``values`` (None: a gap) with a dashed line at ``target``."""
    known = [float(value) for value in values if value is not None]
    if not known:
        return ""
    scale = known + ([float(target)] if target is not None else [])
    low, high = min(scale), max(scale)
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    runs, dots = [[]], []  # a gap (None) starts a new run
    for n, value in enumerate(values):
        if value is None:
            runs.append([])
            continue
        point = (round(PAD + n * step, 1), _y(float(value), low, high))
        runs[-1].append(point)
        dots.append(point)
    runs = [run for run in runs if run]
    lines = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="currentColor" stroke-width="2"/>',
        ((" ".join(f"{x},{y}" for x, y in line),) for line in runs),
    )
    circles = format_html_join(
        "", '<circle cx="{}" cy="{}" r="2.5" fill="currentColor"/>', dots[-1:]
    )
    goal = ""
    if target is not None:
        y = _y(float(target), low, high)
        goal = format_html(
            '<line class="target" x1="0" x2="{}" y1="{}" y2="{}" stroke="#5d6b7a"'
            ' stroke-dasharray="4 3"/>',
            WIDTH,
            y,
            y,
        )
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {} {}" width="{}" height="{}" aria-hidden="true"'
        ' focusable="false">{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        goal,
        lines,
        circles,
    )


@register.simple_tag
def classes_bar(rows):
    """One bar split by class (``ClassRow``s), each part as wide as its count."""
    total = sum(row.count for row in rows)
    if not total:
        return ""
    parts, x = [], 0.0
    for row in rows:
        if row.count:
            width = 100 * row.count / total
            parts.append((x, width, CLASS_COLOURS.get(row.status.value, "#8a96a3"), row.label))
            x += width
    rects = format_html_join(
        "",
        '<rect x="{}%" y="0" width="{}%" height="100%" fill="{}"><title>{}</title></rect>',
        ((round(a, 2), round(b, 2), c, d) for a, b, c, d in parts),
    )
    return format_html(
        '<svg class="classes-bar" width="100%" height="18" aria-hidden="true" focusable="false">'
        "{}</svg>",
        rects,
    )


@register.filter
def class_colour(status) -> str:
    return CLASS_COLOURS.get(str(status), "#8a96a3")


@register.simple_tag
def heat_cell(state, label):
    """A heat map cell: a coloured square (CSS, printed in colour) that names its state
    to a screen reader; small, since the heat map has hundreds of them."""
    return format_html(
        '<i class="heat-square heat-{}" role="img" aria-label="{}"></i>', state, label
    )


@register.simple_tag
def heat_cells(cells, labels):
    """A heat map row's cells (``[(Period, state)]``), coloured by their state (CSS),
    each titled with its period and state; the same figures are in the table below.
    One tag, escaped once per label: a template loop over hundreds of cells cost more
    than the rest of the page."""
    said = {state: html.escape(str(label)) for state, label in labels.items()}
    return mark_safe(
        "".join(
            f'<td class="heat-cell" data-state="{state}"'
            f' title="{html.escape(period.label)}: {said[state]}"></td>'
            for period, state in cells
        )
    )


@register.simple_tag
def value_rows(values):
    """The rows of a KPI's table behind its sparkline (``[(Period, value)]``)."""
    return mark_safe(
        "".join(
            f'<tr><td>{html.escape(period.label)}</td><td class="num">'
            f"{'—' if value is None else format_number(value)}</td></tr>"
            for period, value in values
        )
    )


@register.filter
def id_url(pk, name: str) -> str:
    """``{% url name pk %}`` for a route ending in the id, reversed once: the screen
    links hundreds of bodies and KPIs, and reversing each costs more than the rest."""
    return f"{_prefix(name, get_script_prefix())}{int(pk)}/"


@lru_cache
def _prefix(name: str, script_prefix: str) -> str:
    return reverse(name, args=[0]).removesuffix("0/")


@register.filter
def percent(value) -> str:
    """A rate (a fraction) as ``87,5 %``; "—" when there is none."""
    if value is None:
        return "—"
    return mark_safe(f"{format_number(round(100 * value, 1), 1)}&nbsp;%")


@register.filter
def points(value) -> str:
    """A score out of 100 to one decimal; "—" when there is none."""
    return "—" if value is None else format_number(round(value, 1), 1)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")
