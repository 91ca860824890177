"""The report page's item lines (``reporting/reports/report.html``).

A long report shows each item as one line (its code, title and state); these are
built here, with ``format_html``, because a template included a hundred times costs
more than the rest of the page (the 25th-at-16:00 rush). ``item_state`` is also the
state a save sends back out of band (``_item_state.html``): one markup for both.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

# A line shows this much of a task's title; the opened item shows all of it.
TITLE_CHARS = 80


OOB = ' hx-swap-oob="true"'


@register.simple_tag
def item_state(item, oob=False):
    """The item's state in its summary: "chưa nhập", or the state and percent, and a
    mark when what it says disagrees (``item.is_empty``, ``item.problems``)."""
    return mark_safe(_state(item, oob))


def _state(item, oob=False) -> str:
    # Escaped here, field by field: the page builds a hundred of these (no format_html).
    if item.is_empty:
        text = f'<span class="empty-tag">{escape(_("chưa nhập"))}</span>'
    else:
        text = escape(item.get_state_display()) + _percent(item)
    tags, mark, swap = "", "", OOB if oob else ""
    if item.problems:
        tags = " has-problems"
        mark = f' <span class="problem-tag" title="{escape(_("Có nội dung mâu thuẫn"))}">!</span>'
    return (
        f'<span class="fold-state{tags}" id="summary-item-{int(item.pk)}"'
        f' data-empty="{int(item.is_empty)}" data-testid="item-state"'
        f"{swap}>{text}{mark}</span>"
    )


def _percent(item) -> str:
    """ " · 40%", or nothing while the item holds a refused entry that is no number."""
    try:
        return f" · {int(item.percent)}%"
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def item_line(item):
    """A folded item: its summary only; ``report-form.js`` loads the rest when it is
    opened (``details[data-card]``, the view ``item_card``)."""
    task = item.assignment.task
    code = f"{task.section.code}/{task.code}" if task.section else task.code
    title = task.title if len(task.title) <= TITLE_CHARS else task.title[: TITLE_CHARS - 1] + "…"
    return mark_safe(
        f'<article class="card report-item" id="item-{int(item.pk)}" data-testid="report-item">'
        '<details class="fold" data-card><summary data-testid="item-summary">'
        f'<span class="fold-title"><span class="code">{escape(code)}</span> {escape(title)}</span>'
        f"{_state(item)}</summary></details></article>\n"
    )
