"""Every page of every role, on a 360 px phone: nothing wider than the screen, and no
template syntax or Python repr printed as text.

Each demo account signs in and follows every link of the site it can reach (one page
per URL shape: ``/ke-hoach/7/nhiem-vu/12/`` stands for every task page), over the two
sample plans, an open period with reports and the office's pages.
"""

import re
from datetime import timedelta
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import PHONE
from tests.e2e.journeys import sign_in

pytestmark = pytest.mark.browser

ROLES = ["thuongtruc", "daumoi", "lanhdao", "daumoi.xa", "chutich", "uyvien"]
# Text a template or a view leaks when it goes wrong: Django tags, a model's or a
# container's repr, a Python literal.
LEAKS = re.compile(
    r"\{[#%{]|[#%}]\}|<[A-Z]\w*: |object at 0x|QuerySet|datetime\.(?:date|datetime)\("
    r"|Decimal\('|\[<|\{'|\bNone\b"
)
# Links that are not pages: files, the admin site, signing out, switching language.
NOT_PAGES = re.compile(r"/quan-tri/|/i18n/|/tai-ve|/tep/|/xuat|\.xlsx|\.docx|\.pdf|\.csv")
PAGES_PER_ROLE = 60


def _shape(path: str) -> str:
    """``/ke-hoach/7/nhiem-vu/12/`` → ``/ke-hoach/N/nhiem-vu/N/``: one visit per kind of page."""
    return re.sub(r"\d+", "N", path)


@pytest.fixture
def province(people):
    """The demo's two plans, published, with a period open now and two bodies' reports."""
    from theodoi.devtools.demo import demo_load
    from theodoi.reporting.models import Period
    from theodoi.reporting.services.reports import report_open

    with override_settings(THEODOI_DEMO_PLANS=True):
        demo_load()
    now = timezone.now()
    period = Period.objects.filter(cutoff__gte=now - timedelta(days=40)).order_by("cutoff").first()
    assert period is not None, "the demo plans open no period around today"
    for username in ("daumoi", "daumoi.xa"):
        report_open(period=period, body=people[username].body)
    return period


# The elements that stick out past the right edge, outermost first: what to fix.
STICKING_OUT = """() => {
  const edge = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.getBoundingClientRect().right > edge + 1 && !out.some(o => o.contains(el))) {
      out.push(el);
    }
  }
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className ? '.' + String(el.className).split(' ').join('.') : '');
  return out.slice(0, 3).map(name);
}"""


def _crawl(page, base_url: str) -> list[str]:
    """Follow the links of the site from the home page; the problems of each page visited."""
    problems, seen_shapes, queue = [], set(), ["/"]
    visited = 0
    while queue and visited < PAGES_PER_ROLE:
        path = queue.pop(0)
        shape = _shape(urlsplit(path).path)
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
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
        text = page.locator("body").inner_text()
        leak = LEAKS.search(text)
        if leak:
            start = max(leak.start() - 40, 0)
            problems.append(f"{path}: shows {text[start : leak.end() + 40]!r}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            culprits = ", ".join(page.evaluate(STICKING_OUT))
            problems.append(f"{path}: {width} px wide on a {PHONE['width']} px phone ({culprits})")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if not href.startswith(base_url) or NOT_PAGES.search(parts.path):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if _shape(parts.path) not in seen_shapes and link not in queue:
                queue.append(link)
    return problems


@pytest.mark.parametrize("username", ROLES)
def test_no_page_overflows_a_phone_or_shows_template_text(
    live_server, province, phone, screenshot, username
):
    sign_in(phone, live_server.url, username)
    problems = _crawl(phone, live_server.url)
    screenshot(phone, f"every-page-last-{username}")
    assert not problems, "\n".join(problems)
