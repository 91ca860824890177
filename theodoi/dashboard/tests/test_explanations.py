"""A red cell asks for an explanation: who may ask and answer, what is refused, the
notices (delivered to a real SMTP server on loopback), the answer beside the cell,
the body page and the list of requests."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from theodoi.bodies.models import Body
from theodoi.core import clock
from theodoi.core.concurrency import EditConflict
from theodoi.dashboard.models import Explanation
from theodoi.dashboard.services.explanations import (
    deadline_default,
    explanation_answer,
    explanation_ask,
    explanation_state,
    explanations_for,
    open_requests,
)
from theodoi.dashboard.views.explanations import explain_links
from theodoi.notify.models import Kind, Notification
from theodoi.notify.services.delivery import deliver_all
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.tests.conftest import SMALL_PLAN, vn

pytestmark = pytest.mark.django_db
NOW = vn(2026, 7, 6, 9, 0)  # a Monday; task 1 (due 30/06) is late
DEADLINE = date(2026, 7, 13)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def plan(people):
    """The reporting tests' small plan, published at the start of its year."""
    plan = plan_draft_create(data=SMALL_PLAN)
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2, 8))
    return plan


@pytest.fixture
def finance(people):
    return people["daumoi"].body


@pytest.fixture
def task(plan):
    return plan.tasks.get(code="1")  # led by Sở Tài chính, Sở Y tế supports


def ask(plan, body, task, user, **changes):
    data = {"question": "Vì sao chậm?", "deadline": DEADLINE, "now": NOW, **changes}
    return explanation_ask(plan=plan, body=body, task=task, user=user, **data)


def test_the_chair_asks_the_lead_body_whose_people_are_mailed(
    plan,
    task,
    finance,
    people,
    smtp_server,
):
    explanation = ask(plan, finance, task, people["chutich"])
    assert explanation.asked_at == NOW and explanation.asked_by == people["chutich"]
    assert explanation.history.first().history_change_reason == "dashboard.explanation.asked"
    notices = Notification.objects.filter(kind=Kind.EXPLAIN)
    assert {n.recipient.username for n in notices} == {"daumoi", "lanhdao"}
    assert {n.link for n in notices} == {f"/don-vi/{finance.pk}/#explanation-{explanation.pk}"}
    deliver_all(NOW)
    assert sorted(m["To"] for m in smtp_server) == [
        "daumoi@theodoi.local",
        "lanhdao@theodoi.local",
    ]
    message = smtp_server[0]
    assert message["Subject"].strip().startswith("Yêu cầu giải trình: Sở Tài chính — nhiệm vụ 1.")
    text = message.get_body(("plain",)).get_content()
    assert "Vì sao chậm?" in text and "13/07/2026" in text and "Hồ Văn Mừng" in text


def test_a_member_asks_only_the_bodies_he_oversees_and_the_office_asks_any(
    plan,
    task,
    finance,
    people,
):
    assert ask(plan, finance, task, people["uyvien"]).pk  # oversees Sở Tài chính
    assert ask(plan, finance, task, people["thuongtruc"]).pk
    for username in ("thanhvien", "daumoi", "lanhdao"):  # Sở Y tế's member; the body itself
        with pytest.raises(ValidationError) as refused:
            ask(plan, finance, task, people[username])
        assert refused.value.code == "forbidden"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"question": "  "}, "Hãy ghi nội dung cần giải trình."),
        ({"deadline": date(2026, 7, 5)}, "Hạn giải trình đã qua"),
        ({"deadline": None}, "Hãy ghi hạn giải trình"),
    ],
)
def test_an_empty_question_or_a_past_deadline_is_refused(
    plan,
    task,
    finance,
    people,
    changes,
    message,
):
    with pytest.raises(ValidationError) as refused:
        ask(plan, finance, task, people["chutich"], **changes)
    assert message in " ".join(refused.value.messages)
    assert not Explanation.objects.exists() and not Notification.objects.exists()


def test_a_body_that_does_not_lead_or_an_item_of_another_plan_is_refused(
    plan,
    task,
    finance,
    people,
):
    health = Body.objects.get(name="Sở Y tế")  # supports task 1, leads nothing
    with pytest.raises(ValidationError, match="không chủ trì"):
        ask(plan, health, task, people["chutich"])
    other = plan_draft_create(data=SMALL_PLAN)
    with pytest.raises(ValidationError, match="không thuộc kế hoạch"):
        ask(other, finance, task, people["chutich"])
    with pytest.raises(ValidationError, match="một nhiệm vụ hoặc một chỉ tiêu"):
        ask(plan, finance, None, people["chutich"])
    assert not Explanation.objects.exists()


def test_a_kpi_is_asked_of_its_lead_body(plan, finance, people):
    kpi = plan.indicators.get()
    explanation = explanation_ask(
        plan=plan,
        body=finance,
        indicator=kpi,
        question="Tỷ lệ thấp",
        deadline=DEADLINE,
        user=people["chutich"],
        now=NOW,
    )
    assert explanations_for(plan) == {(None, kpi.pk, finance.pk): [explanation]}


def test_the_focal_officer_answers_and_the_asker_is_mailed(
    plan,
    task,
    finance,
    people,
    smtp_server,
):
    explanation = ask(plan, finance, task, people["chutich"])
    later = NOW + timedelta(days=1)
    explanation_answer(
        explanation, answer="Chờ vốn.", user=people["daumoi"], seen_version="1", now=later
    )
    explanation.refresh_from_db()
    assert explanation.answer == "Chờ vốn." and explanation.answered_at == later
    assert explanation.answered_by == people["daumoi"] and explanation.version == 2
    assert explanation.history.first().history_change_reason == "dashboard.explanation.answered"
    assert explanation_state(explanation, date(2026, 8, 1)) == "answered"
    (notice,) = Notification.objects.filter(kind=Kind.EXPLAINED)
    assert notice.recipient == people["chutich"] and notice.actor == people["daumoi"]
    deliver_all(later)
    mails = [m for m in smtp_server if m["To"] == "chutich@theodoi.local"]
    assert len(mails) == 1 and "Sở Tài chính đã giải trình" in mails[0]["Subject"]
    assert "Chờ vốn." in mails[0].get_body(("plain",)).get_content()
    assert open_requests(finance) == []


def test_a_stale_answer_another_body_or_an_empty_answer_is_refused(plan, task, finance, people):
    explanation = ask(plan, finance, task, people["chutich"])
    explanation_answer(explanation, answer="Một", user=people["lanhdao"], seen_version="1")
    with pytest.raises(EditConflict):
        explanation_answer(explanation, answer="Hai", user=people["daumoi"], seen_version="1")
    with pytest.raises(ValidationError) as refused:
        explanation_answer(explanation, answer="Ba", user=people["daumoi.yte"], seen_version="2")
    assert refused.value.code == "forbidden"
    with pytest.raises(ValidationError, match="nội dung giải trình"):
        explanation_answer(explanation, answer=" ", user=people["daumoi"], seen_version="2")
    explanation.refresh_from_db()
    assert explanation.answer == "Một" and explanation.version == 2


def test_the_screen_reads_every_cell_in_one_query(
    plan,
    task,
    finance,
    people,
    django_assert_num_queries,
):
    first = ask(plan, finance, task, people["chutich"])
    second = ask(plan, finance, task, people["thuongtruc"], now=NOW + timedelta(hours=1))
    with django_assert_num_queries(1):
        cells = explanations_for(plan, body_ids=[finance.pk])
        assert cells[(task.pk, None, finance.pk)][1].asked_by.username == "chutich"
    assert cells == {(task.pk, None, finance.pk): [second, first]}
    assert explanations_for(plan, body_ids=[finance.pk + 1000]) == {}


def cell(explanations, task, body):
    request = RequestFactory().get("/dieu-hanh/")
    context = {
        "explain_task": task.pk,
        "explain_indicator": None,
        "explain_body": body.pk,
        "explanations": explanations,
        **explain_links(request, "/dieu-hanh/"),
    }
    return render_to_string("dashboard/_explain_cell.html", context, request=request)


def test_the_answer_shows_beside_the_cell(plan, task, finance, people):
    explanation = ask(plan, finance, task, people["chutich"])
    waiting = cell([explanation], task, finance)
    assert "Đang chờ giải trình (hạn 13/07/2026)" in waiting and "Context:" not in waiting
    assert f"task={task.pk}&amp;indicator=&amp;body={finance.pk}" in waiting
    explanation_answer(explanation, answer="Đã có vốn.", user=people["daumoi"], seen_version="1")
    explanation.refresh_from_db()
    answered = cell([explanation], task, finance)
    assert "Đã có vốn." in answered and "Trần Thị Mai" in answered
    assert "Đang chờ" not in answered


def test_the_form_is_prefilled_with_the_task_and_five_working_days(plan, task, finance, login):
    url = reverse("dashboard:explain_ask")
    query = {"task": task.pk, "indicator": "", "body": finance.pk}
    page = login("chutich").get(url, query, **HTMX).content.decode()
    assert "Đề nghị Sở Tài chính giải trình về nhiệm vụ 1. Xây dựng kho dữ liệu." in page
    assert deadline_default(clock.today()).strftime("%d/%m/%Y") in page
    assert deadline_default(date(2026, 7, 6)) == DEADLINE  # Monday + 5 working days
    page = login("chutich").get(url, query).content.decode()  # without htmx: a page
    assert "<html" in page and "Xây dựng kho dữ liệu." in page and "hx-post" not in page


def test_asking_with_htmx_returns_the_cell_and_without_goes_back(plan, task, finance, login):
    client = login("chutich")
    data = {
        "task": task.pk,
        "body": finance.pk,
        "question": "Vì sao?",
        "deadline": (clock.today() + timedelta(days=10)).strftime("%d/%m/%Y"),
    }
    response = client.post(reverse("dashboard:explain_ask"), data, **HTMX)
    assert response.status_code == 200
    assert "Đang chờ giải trình" in response.content.decode()
    response = client.post(reverse("dashboard:explain_ask"), {**data, "next": "/dieu-hanh/"})
    assert response.status_code == 302 and response["Location"] == "/dieu-hanh/"
    assert Explanation.objects.count() == 2


def test_a_refused_request_comes_back_with_its_message(plan, task, finance, login):
    client = login("chutich")
    data = {"task": task.pk, "body": finance.pk, "question": "", "deadline": "01/01/2020"}
    response = client.post(reverse("dashboard:explain_ask"), data, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200 and response["HX-Retarget"] == "closest .explain-form"
    assert "Hãy ghi nội dung cần giải trình." in page and "Hạn giải trình đã qua" in page
    response = client.post(reverse("dashboard:explain_ask"), data)
    assert response.status_code == 400
    assert not Explanation.objects.exists()


def test_the_body_answers_on_its_page(plan, task, finance, people, login):
    explanation = ask(plan, finance, task, people["chutich"])
    client = login("daumoi")
    page = client.get(finance.get_absolute_url()).content.decode()
    assert f'id="explanation-{explanation.pk}"' in page and "Vì sao chậm?" in page
    assert reverse("dashboard:explain_answer", args=[explanation.pk]) in page
    url = reverse("dashboard:explain_answer", args=[explanation.pk])
    response = client.post(url, {"answer": "Chờ vốn.", "seen_version": "1"})
    assert response.status_code == 302 and response["Location"] == finance.get_absolute_url()
    explanation.refresh_from_db()
    assert explanation.answer == "Chờ vốn."
    assert "explanation-requests" not in client.get(finance.get_absolute_url()).content.decode()


def test_access(plan, task, finance, people, login):
    explanation = ask(plan, finance, task, people["chutich"])
    answer_url = reverse("dashboard:explain_answer", args=[explanation.pk])
    focal = login("daumoi")
    assert focal.get(reverse("dashboard:explanations")).status_code == 403
    assert focal.post(reverse("dashboard:explain_ask"), {}).status_code == 403
    other = login("daumoi.yte")
    assert other.post(answer_url, {"answer": "x", "seen_version": "1"}).status_code == 403
    chair = login("chutich")  # reads the body page, may not answer for the body
    page = chair.get(finance.get_absolute_url()).content.decode()
    assert "Vì sao chậm?" in page and answer_url not in page
    chair.post(answer_url, {"answer": "x", "seen_version": "1"})
    explanation.refresh_from_db()
    assert not explanation.answer


def test_the_list_shows_each_request_with_its_state(plan, task, finance, people, login):
    answered = ask(plan, finance, task, people["chutich"], deadline=clock.today())
    explanation_answer(answered, answer="Xong.", user=people["daumoi"], seen_version="1")
    waiting = ask(plan, finance, task, people["chutich"], deadline=clock.today())
    late = ask(plan, finance, task, people["chutich"], deadline=clock.today())
    Explanation.objects.filter(pk=late.pk).update(deadline=clock.today() - timedelta(days=1))
    page = login("thuongtruc").get(reverse("dashboard:explanations")).content.decode()
    for explanation, state in ((answered, "answered"), (waiting, "waiting"), (late, "late")):
        assert f'id="explanation-{explanation.pk}" data-testid="explanation-row" ' in page
        assert f'data-state="{state}"' in page
    member = login("thanhvien").get(reverse("dashboard:explanations")).content.decode()
    assert "explanation-row" not in member  # he oversees Sở Y tế only
