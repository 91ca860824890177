"""The chasing letter's pages and the period board that lists it, on a 360 px phone."""

import pytest
from django.urls import reverse

from tests.e2e.conftest import no_sideways_scroll
from tests.e2e.journeys import sign_in
from theodoi.documents.services.letters import letter_draft, letter_generate
from theodoi.documents.tests.test_letters import AFTER
from theodoi.reporting.tests.conftest import period, plan  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_the_letter_page_and_the_board_fit_a_phone(
    live_server,
    settings,
    media,
    people,
    period,  # noqa: F811
    phone,
    screenshot,
):
    settings.THEODOI_SOFFICE = ""
    letter = letter_draft(period, user=people["thuongtruc"], now=AFTER)
    letter_generate(letter, user=people["thuongtruc"], now=AFTER)
    sign_in(phone, live_server.url, "thuongtruc")
    for name, url in [
        ("letter", reverse("documents:letter", args=[letter.pk])),
        ("letters", reverse("documents:letters")),
        ("board-letters", reverse("reporting:board", args=[period.pk])),
    ]:
        phone.goto(live_server.url + url)
        assert phone.get_by_text(letter.subject).first.is_visible()
        screenshot(phone, f"letters-{name}-360")
        assert no_sideways_scroll(phone), name
