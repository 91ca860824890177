"""Each role's navigation: the office reaches every page of its month from the top bar."""

from django.urls import reverse


def _nav(client) -> str:
    page = client.get(reverse("home"), follow=True).content.decode()
    return page[page.index('class="nav"') : page.index("</nav>")]


def test_the_office_finds_the_periods_and_the_days_off_in_its_navigation(login):
    nav = _nav(login("thuongtruc"))
    assert f'href="{reverse("reporting:boards")}">Kỳ báo cáo<' in nav
    assert f'href="{reverse("reporting:holidays")}">Ngày nghỉ<' in nav


def test_a_focal_officer_does_not_get_the_office_links(login):
    nav = _nav(login("daumoi"))
    assert reverse("reporting:boards") not in nav and reverse("reporting:holidays") not in nav
