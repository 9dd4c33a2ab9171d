"""Results as options to talk about (issue 26): every results page, in both languages, offers
"not now / start on my own", says what fits and what might not, and pushes no choice."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation
from wagtail.models import Locale

from approaches.models import ApproachPage
from quiz.cases import parse_answers
from quiz.models import Quiz, QuizPage
from quiz.scoring import walk
from quiz.selectors import case_results, live_flow

# Words that rank or push a choice. A results page says "options to talk about" instead.
PUSHING = {
    "en": ["recommended for you", "best for you", "we recommend", "your best option", "top pick", "you should start"],
    "es": ["recomendado para usted", "lo mejor para usted", "le recomendamos", "su mejor opción", "debería empezar"],
}


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def english(seeded_portal, module_db, db):
    return Quiz.objects.get(locale__language_code="en")


def result_pages(quiz, language):
    """The results page of every seeded test case that reaches results, taken in `language`."""
    flow = live_flow(quiz)
    page = QuizPage.objects.get(locale__language_code=language)
    for case in quiz.test_cases.filter(expect_crisis=False):
        answers, errors = parse_answers(case.answers, flow)
        assert not errors
        answers = {q.key: [] for q in flow.questions if not q.required} | answers
        path, _end = walk(flow, answers)
        client = Client()
        with translation.override(language):
            client.post(page.start_url)  # the start form's address is in the page's language
        for key in path:
            data = {"answer": answers[key]} if answers[key] else {"skip": "1"}
            client.post(f"/quiz/step/{key}/", data)
        response = client.get("/quiz/results/", follow=True)
        assert response.status_code == 200
        yield case.name, response


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_results_page_offers_not_now_and_pushes_nothing(english, language):
    not_now = ApproachPage.objects.get(is_not_now_option=True, locale__language_code=language)
    seen = 0
    for name, response in result_pages(english, language):
        html = soup(response)
        assert html.html["lang"] == language, name
        card = html.select_one(".suggestions #not-now")
        assert card is not None, f"{name}: no “not now” option"
        assert card.select_one("h3 a")["href"] == not_now.url, name
        assert html.select(".suggestions .option"), f"{name}: no options"
        text = html.get_text(" ").lower()
        assert [p for p in PUSHING[language] if p in text] == [], name
        assert html.select_one("form.sure-form"), f"{name}: no SURE check"
        assert html.select_one(".what-matters-link a")["href"].startswith(
            "/what-matters/" if language == "en" else "/es/what-matters/"
        )
        seen += 1
    assert seen >= 4, "the seeded cases cover several results pages"


def test_the_seeded_cases_that_expect_not_now_pass_and_fail_without_the_page(english):
    cases = [r for r in case_results(english) if r.case.not_now]
    assert cases and all(r.passed for r in cases)
    ApproachPage.objects.filter(is_not_now_option=True).update(live=False)
    failing = [r for r in case_results(english) if r.case.not_now]
    assert failing and not any(r.passed for r in failing)
    check = next(c for c in failing[0].checks if "not now" in c.expectation)
    assert "not published" in check.outcome


def test_a_case_can_expect_not_now_and_a_given_approach(english):
    cbt = ApproachPage.objects.get(slug="cbt", locale=Locale.get_default())
    english.test_cases.create(
        name="Issue 26: CBT, and not now offered",
        answers="safety: safe\nmain-concern: worry\nintensity: mild\ntried-therapy: first-time\npace: weekly",
        expect_in_top=cbt,
        expect_not_now=True,
    )
    result = next(r for r in case_results(english) if r.case.name.startswith("Issue 26:"))
    assert [c.expectation for c in result.checks][-2:] == [
        "Cognitive behavioral therapy (CBT) in the top 3",
        "Offers “not now / start on my own”",
    ]
    assert result.passed


def test_back_from_what_matters_each_option_shows_its_fit(english):
    name, response = next(result_pages(english, "en"))
    client = response.wsgi_request and response.client
    html = soup(client.get("/quiz/results/", {"p-avoid-side-effects": "2", "p-my-own-pace": "1"}))
    not_now = html.select_one("#not-now")
    assert [li.get_text(" ", strip=True) for li in not_now.select(".meets li")] == [
        "I want to avoid medication side effects. (matters a lot)",
        "I want to work on this on my own, at my own pace. (matters a bit)",
    ], name
    hidden = {i["name"]: i["value"] for i in html.select(".question-form input[type=hidden]")}
    assert hidden == {"p-avoid-side-effects": "2", "p-my-own-pace": "1"}, "the answers go on to the sheet"
    assert not soup(client.get("/quiz/results/")).select(".suggestions .meets"), "nothing without them"
