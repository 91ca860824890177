"""Every page of every role, on a 360 px phone: nothing wider than the screen, and no
template syntax or Python repr printed as text (the crawl: ``tests/e2e/crawl.py``)."""

import re

import pytest

from tests.e2e.conftest import PHONE
from tests.e2e.crawl import ROLES, crawl, province  # noqa: F401 (a fixture)
from tests.e2e.journeys import sign_in

pytestmark = pytest.mark.browser

# Text a template or a view leaks when it goes wrong: Django tags, a model's or a
# container's repr, a Python literal.
LEAKS = re.compile(
    r"\{[#%{]|[#%}]\}|<[A-Z]\w*: |object at 0x|QuerySet|datetime\.(?:date|datetime)\("
    r"|Decimal\('|\[<|\{'|\bNone\b"
)


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


# The page's text without its <code> elements: syntax shown on purpose (the template
# page tells the office which {{ fields }} to keep).
TEXT_BUT_CODE = """() => {
  const codes = [...document.querySelectorAll('body code')];
  codes.forEach(code => { code.hidden = true; });
  const text = document.body.innerText;
  codes.forEach(code => { code.hidden = false; });
  return text;
}"""


def _fits_and_leaks_nothing(page, path: str) -> list[str]:
    problems = []
    text = page.evaluate(TEXT_BUT_CODE)
    leak = LEAKS.search(text)
    if leak:
        start = max(leak.start() - 40, 0)
        problems.append(f"{path}: shows {text[start : leak.end() + 40]!r}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        culprits = ", ".join(page.evaluate(STICKING_OUT))
        problems.append(f"{path}: {width} px wide on a {PHONE['width']} px phone ({culprits})")
    return problems


@pytest.mark.usefixtures("province")
@pytest.mark.parametrize("username", ROLES)
def test_no_page_overflows_a_phone_or_shows_template_text(live_server, phone, screenshot, username):
    sign_in(phone, live_server.url, username)
    problems = crawl(phone, live_server.url, _fits_and_leaks_nothing)
    screenshot(phone, f"every-page-last-{username}")
    assert not problems, "\n".join(problems)
