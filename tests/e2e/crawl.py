"""The crawl the page-by-page browser tests share: a signed-in account follows every
link of the site it can reach, one page per URL shape (``/ke-hoach/7/nhiem-vu/12/``
stands for every task page), over the two sample plans, an open period with reports
and the office's pages; each test says what it checks on each page."""

import re
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

ROLES = ["thuongtruc", "daumoi", "lanhdao", "daumoi.xa", "chutich", "uyvien"]
# Links that are not pages: files, the admin site, signing out, switching language.
NOT_PAGES = re.compile(r"/quan-tri/|/i18n/|/tai-ve|/tep/|/xuat|\.xlsx|\.docx|\.pdf|\.csv")
PAGES_PER_ROLE = 60


def shape(path: str) -> str:
    """``/ke-hoach/7/nhiem-vu/12/`` → ``/ke-hoach/N/nhiem-vu/N/``: one visit per kind of page."""
    return re.sub(r"\d+", "N", path)


@pytest.fixture
def province(people):
    """The demo's two plans, published, with a period open now and two bodies' reports,
    the office's draft of the committee's report for that month, and a chasing letter
    for the period before it."""
    from theodoi.devtools.demo import demo_load
    from theodoi.documents.models import Scope
    from theodoi.documents.services.committees import committee_of
    from theodoi.documents.services.drafts import draft_open
    from theodoi.documents.services.letters import letter_draft
    from theodoi.reporting.models import Period
    from theodoi.reporting.services.reports import report_open

    # Without the months of demo reports (30 s a crawl); the dashboard pages show empty figures.
    with override_settings(THEODOI_DEMO_PLANS=True, THEODOI_DEMO_REPORTS=False):
        demo_load()
    now = timezone.now()
    period = Period.objects.filter(cutoff__gte=now - timedelta(days=40)).order_by("cutoff").first()
    assert period is not None, "the demo plans open no period around today"
    for username in ("daumoi", "daumoi.xa"):
        report_open(period=period, body=people[username].body)
    office, plan = people["thuongtruc"], period.plan
    month = period.ends_on
    draft_open(
        committee=committee_of(plan),
        plans=[plan],
        scope=Scope.MONTH,
        year=month.year,
        index=month.month,
        user=office,
    )
    closed = (
        Period.objects.filter(plan=plan, cutoff__lt=now)
        .exclude(grace_until__gte=now)
        .order_by("-cutoff")
        .first()
    )
    if closed is not None:
        letter_draft(closed, user=office)
    return period


def crawl(page, base_url: str, check: Callable[[object, str], list[str]]) -> list[str]:
    """Follow the links of the site from the home page; ``check(page, path)`` gives the
    problems of each page visited, an error status is one by itself."""
    problems, seen_shapes, queue = [], set(), ["/"]
    visited = 0
    while queue and visited < PAGES_PER_ROLE:
        path = queue.pop(0)
        if shape(urlsplit(path).path) in seen_shapes:
            continue
        seen_shapes.add(shape(urlsplit(path).path))
        try:
            response = page.goto(base_url + path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):  # a file, not a page
                continue
            raise
        visited += 1
        if response is None or response.status >= 400:
            problems.append(f"{path}: HTTP {response and response.status}")
            continue
        problems += check(page, path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if not href.startswith(base_url) or NOT_PAGES.search(parts.path):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if shape(parts.path) not in seen_shapes and link not in queue:
                queue.append(link)
    return problems
