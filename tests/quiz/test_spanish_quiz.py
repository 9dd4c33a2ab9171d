"""The quiz in Spanish (issue 17): the seeded Spanish quiz is a full copy of the English one in
Spanish words, a patient who starts it at /es/ stays in Spanish to the results or to crisis
help, the response records its language, and the analytics count both languages as one quiz
or one language at a time. The portal is seeded once for the module; each test's changes are
rolled back before the next.

Wording is checked against the seeded records and the Spanish message catalogue, not copied
from the demo text, so a test fails when a page falls back to English.
"""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from approaches.models import ApproachPage
from core.models import PortalSettings
from quiz import services
from quiz.analytics.report import build_report
from quiz.analytics.rollups import ensure_rollups
from quiz.flow import build_flow, validate_flow
from quiz.models import Quiz, QuizPage, QuizResponse, SupportLevel
from quiz.selectors import case_results, live_flow
from tests.core.test_governance import member
from tests.quiz.admin_form import unchanged_post


@pytest.fixture
def english(seeded_portal, module_db, db):
    return Quiz.objects.get(locale__language_code="en")


@pytest.fixture
def spanish(english):
    return english.get_translation(Locale.objects.get(language_code="es"))


@pytest.fixture
def spanish_page(spanish):
    return QuizPage.objects.get(locale__language_code="es")


def es(message: str) -> str:
    """The Spanish wording patients read for an English message (the catalogue's, or a fail)."""
    with translation.override("es"):
        spanish = translation.gettext(message)
    assert spanish != message, f"no Spanish for {message!r}"
    return spanish


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def spanish_crisis_url() -> str:
    crisis = PortalSettings.load().crisis_page
    return crisis.get_translation(Locale.objects.get(language_code="es")).url


def start(client, page) -> str:
    """Open the quiz page, press Start as a browser would; returns where it leads."""
    html = soup(client.get(page.url))
    action = html.find("form", attrs={"method": "post"})["action"]
    assert action.startswith("/es/quiz/")
    return client.post(action)["Location"]


def walk_to_results(client, flow, *, choose=None) -> list[str]:
    """Answer each question with an answer that weights an approach (else the first safe one),
    checking each step is in Spanish; returns the addresses visited."""
    visited = []
    location = start(client, QuizPage.objects.get(locale__language_code="es"))
    while "/step/" in location:
        assert location.startswith("/es/quiz/step/"), location
        visited.append(location)
        key = location.rstrip("/").split("/")[-1]
        question = flow.question(key)
        page = client.get(location)
        html = soup(page)
        assert html.html["lang"] == "es"
        assert html.find("legend").get_text(strip=True) == question.text
        safe = [o for o in question.options if not o.is_crisis]
        option = (choose or {}).get(key) or next((o for o in safe if o.approach_weights), safe[0]).key
        location = client.post(location, {"answer": [option]})["Location"]
    return visited + [location]


# --- The seeded Spanish quiz -------------------------------------------------------


@pytest.mark.django_db
def test_the_spanish_quiz_is_a_full_copy_of_the_english_one_in_spanish_words(english, spanish, spanish_page):
    assert spanish.translation_key == english.translation_key and spanish.is_available
    flow_en, flow_es = live_flow(english), live_flow(spanish)
    assert [q.key for q in flow_es.questions] == [q.key for q in flow_en.questions]
    for q_en, q_es in zip(flow_en.questions, flow_es.questions, strict=True):
        assert (q_es.allow_multiple, q_es.required) == (q_en.allow_multiple, q_en.required)
        assert q_es.text != q_en.text
        for o_en, o_es in zip(q_en.options, q_es.options, strict=True):
            assert (o_es.key, o_es.is_crisis, o_es.jump_to) == (o_en.key, o_en.is_crisis, o_en.jump_to)
            assert (o_es.approach_weights, o_es.support_weights) == (o_en.approach_weights, o_en.support_weights)
            assert o_es.label != o_en.label
    english_pages = set(ApproachPage.objects.live().filter(locale__language_code="en").values_list("pk", flat=True))
    assert validate_flow(flow_es, live_approach_ids=english_pages) == []
    # The test cases came along, and pass on the Spanish copy as on the English.
    results = case_results(spanish.live_revision.as_object())
    assert len(results) == english.test_cases.count() > 0
    assert [r.case.name for r in results if not r.passed] == []
    assert all(r.case.is_demo for r in results)  # still demo content for a clinician to confirm

    assert spanish_page.quiz_id == spanish.pk and spanish_page.live
    assert spanish_page.get_translation(Locale.get_default()).specific.quiz_id == english.pk


@pytest.mark.django_db
def test_the_spanish_support_levels_are_published_translations_with_the_same_slug_and_rank(english):
    for level in SupportLevel.objects.filter(locale__language_code="en"):
        twin = level.get_translation(Locale.objects.get(language_code="es"))
        assert twin.live and twin.live_revision_id
        assert (twin.slug, twin.rank, twin.is_urgent) == (level.slug, level.rank, level.is_urgent)
        assert twin.name != level.name and twin.patient_text != level.patient_text


@pytest.mark.django_db
def test_seeding_again_adds_nothing_in_either_language(english, spanish):
    import io

    from django.core.management import call_command

    counts = (Quiz.objects.count(), SupportLevel.objects.count(), QuizPage.objects.count())
    out = io.StringIO()
    call_command("seed_portal", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert (Quiz.objects.count(), SupportLevel.objects.count(), QuizPage.objects.count()) == counts


@pytest.mark.django_db
def test_the_seeded_spanish_quiz_saves_again_unchanged_in_the_admin(admin_client, spanish):
    flow = live_flow(spanish)
    edit_url = reverse("wagtailsnippets_quiz_quiz:edit", args=[spanish.pk])
    data = unchanged_post(admin_client.get(edit_url).content.decode(), form_id="w-editor-form")
    assert any(key.endswith("weights-0-value-weight") for key in data)

    response = admin_client.post(edit_url, data)  # Save draft

    assert response.status_code == 302
    saved = Quiz.objects.get(pk=spanish.pk).get_latest_revision_as_object()
    assert build_flow(saved).questions == flow.questions
    assert saved.locale.language_code == "es"


# --- A patient in Spanish --------------------------------------------------------


@pytest.mark.django_db
def test_the_spanish_quiz_page_is_in_spanish_and_says_answers_are_anonymous(spanish_page):
    page = Client().get(spanish_page.url)
    html = soup(page)
    assert page.status_code == 200 and html.html["lang"] == "es"
    privacy = html.find("section", attrs={"aria-labelledby": "privacy"})
    assert es("Your answers are anonymous: what we keep, and what we don’t") in privacy.get_text()
    assert spanish_page.privacy_note in privacy.get_text()
    assert html.find("a", href="tel:911") and html.find("a", href="tel:988")
    assert html.find("button", string=es("Start the quiz"))


@pytest.mark.django_db
def test_a_full_spanish_walk_ends_in_spanish_results_with_spanish_links(spanish):
    flow = live_flow(spanish)
    client = Client()
    visited = walk_to_results(client, flow)
    assert visited[-1] == "/es/quiz/results/"

    page = client.get("/es/quiz/results/")
    html = soup(page)
    assert page.status_code == 200 and html.html["lang"] == "es"
    assert html.find("h1").get_text(strip=True) == es("Options to talk about")
    response = QuizResponse.objects.get(revision_id=spanish.live_revision_id, completed_at__isnull=False)
    assert response.language == "es" and response.quiz_id == spanish.pk

    # Suggestions: the Spanish twins of the English pages the quiz weights, linked under /es/.
    links = [a["href"] for a in html.select(".suggestions .option h3 a")]
    assert links and all(link.startswith("/es/quiz/suggestion/") for link in links)
    titles = [a.get_text(strip=True) for a in html.select(".suggestions .option h3 a")]
    spanish_titles = set(ApproachPage.objects.live().filter(locale__language_code="es").values_list("title", flat=True))
    assert set(titles) <= spanish_titles
    destination = client.get(links[0])["Location"]
    assert destination.startswith("/es/")
    assert ApproachPage.objects.get(url_path__endswith=destination.removeprefix("/es")).locale.language_code == "es"
    # The reasons quote the Spanish questions and answers.
    assert flow.question(flow.first.key).text not in html.get_text()  # safety is never a reason
    assert any(q.text in html.get_text() for q in flow.questions[1:])

    # The support level, in Spanish.
    level = response.support_level
    if level is not None:
        twin = level.get_translation(Locale.objects.get(language_code="es"))
        pace = html.find("section", attrs={"aria-labelledby": "pace"}).get_text()
        assert twin.name in pace and level.name not in pace

    # Everything the patient can do next stays in Spanish.
    sheet = html.find("form", attrs={"method": "get"})
    assert sheet["action"].startswith("/es/")
    retake = html.find("form", attrs={"method": "post", "action": lambda action: action.endswith("/retake/")})
    assert retake["action"] == "/es/quiz/retake/"
    assert client.post(retake["action"])["Location"] == QuizPage.objects.get(locale__language_code="es").url


@pytest.mark.django_db
def test_the_language_is_kept_through_back_and_an_english_address(spanish):
    flow = live_flow(spanish)
    client = Client()
    first = start(client, QuizPage.objects.get(locale__language_code="es"))
    second = client.post(first, {"answer": ["safe"]})["Location"]
    key = second.rstrip("/").split("/")[-1]

    html = soup(client.get(second))
    back = html.find("p", class_="quiz-nav").find("a")
    assert back["href"] == first and back.get_text(strip=True).endswith(es("Back to the previous question"))

    # An English address for the same step (an old link, the other switcher) leads back to Spanish.
    assert client.get(f"/quiz/step/{key}/")["Location"] == second
    # A form sent to the English address is handled, and answered, in Spanish.
    option = next(o for o in flow.question(key).options if not o.is_crisis)
    assert client.post(f"/quiz/step/{key}/", {"answer": [option.key]})["Location"].startswith("/es/quiz/")
    # An answer missing: the message is Spanish.
    error = soup(client.post(second, {}))
    assert error.html["lang"] == "es" and es("Please choose an answer.") in error.get_text()


def test_choosing_english_mid_quiz_starts_the_quiz_again_in_english(english, spanish):
    """The switcher must do what it says: a Spanish step's "English" link leads to the English
    quiz's first page, not to the English address that would send the patient back to Spanish."""
    client = Client()
    step = start(client, QuizPage.objects.get(locale__language_code="es"))
    switcher = soup(client.get(step)).find("nav", class_="language-switch")
    english_link = switcher.find("a", hreflang="en")["href"]
    english_page = QuizPage.objects.get(locale__language_code="en")
    assert english_link == english_page.url

    page = client.get(english_link)
    assert page.status_code == 200 and soup(page).html["lang"] == "en"
    action = soup(page).find("form", attrs={"method": "post"})["action"]
    first = client.post(action)["Location"]
    assert not first.startswith("/es/")
    assert soup(client.get(first)).html["lang"] == "en"


@pytest.mark.django_db
def test_every_spanish_crisis_answer_goes_straight_to_the_spanish_get_help_page(spanish):
    flow = live_flow(spanish)
    crisis_url = spanish_crisis_url()
    assert crisis_url.startswith("/es/")
    crisis_options = [(q.key, o.key) for q in flow.questions for o in q.options if o.is_crisis]
    assert crisis_options
    for question_key, option_key in crisis_options:
        client = Client()
        location = start(client, QuizPage.objects.get(locale__language_code="es"))
        while not location.endswith(f"/{question_key}/"):
            key = location.rstrip("/").split("/")[-1]
            safe = next(o for o in flow.question(key).options if not o.is_crisis)
            location = client.post(location, {"answer": [safe.key]})["Location"]
        response = client.post(location, {"answer": [option_key]})
        assert response["Location"] == crisis_url, option_key

        help_page = client.get(crisis_url)
        html = soup(help_page)
        assert html.html["lang"] == "es"
        assert html.find("a", href="tel:911") and html.find("a", href="tel:988")
        # The quiz has ended in crisis: every way back, in either language, leads to help.
        assert client.get(location)["Location"] == crisis_url
        assert client.get("/es/quiz/results/")["Location"] == crisis_url
        assert client.get("/quiz/results/")["Location"] == "/es/quiz/results/"

    crisis = QuizResponse.objects.filter(crisis_at__isnull=False, quiz=spanish)
    assert crisis.count() == len(crisis_options) and set(crisis.values_list("language", flat=True)) == {"es"}


@pytest.mark.django_db
def test_the_english_quiz_is_unchanged(english):
    flow = live_flow(english)
    client = Client()
    page = QuizPage.objects.get(locale__language_code="en")
    assert page.url == "/quiz/" and page.quiz_for_patients() == english
    location = client.post(page.start_url)["Location"]
    assert location == f"/quiz/step/{flow.first.key}/"
    html = soup(client.get(location))
    assert html.html["lang"] == "en" and html.find("legend").get_text(strip=True) == flow.first.text
    while "/step/" in location:
        key = location.rstrip("/").split("/")[-1]
        safe = [o for o in flow.question(key).options if not o.is_crisis]
        option = next((o for o in safe if o.approach_weights), safe[0])
        location = client.post(location, {"answer": [option.key]})["Location"]
    assert location == "/quiz/results/"
    html = soup(client.get(location))
    assert html.find("h1").get_text(strip=True) == "Options to talk about"
    destination = client.get(html.select(".suggestions .option h3 a")[0]["href"])["Location"]
    assert not destination.startswith("/es/")
    assert QuizResponse.objects.get(quiz=english, completed_at__isnull=False).language == "en"


# --- Review before patients see a translation ---------------------------------------


def approve(client, obj, model_name):
    task_state = obj.current_workflow_task_state
    url = reverse(f"wagtailsnippets_quiz_{model_name}:workflow_action", args=[obj.pk, "approve", task_state.pk])
    assert client.post(url, {"comment": "Checked the Spanish."}).status_code in (200, 302)


@pytest.mark.django_db
def test_a_spanish_quiz_draft_reaches_patients_only_once_approved_in_clinical_review(spanish, spanish_page):
    live_text = live_flow(spanish).first.text
    editor, reviewer = Client(), Client()
    editor.force_login(member("Clinical editors", "editor"))
    reviewer.force_login(member("Clinical reviewers", "reviewer"))

    edit_url = reverse("wagtailsnippets_quiz_quiz:edit", args=[spanish.pk])
    data = unchanged_post(editor.get(edit_url).content.decode(), form_id="w-editor-form")
    data["questions-0-text"] = "¿Está a salvo hoy? (borrador)"
    data["action-submit"] = "action-submit"
    assert editor.post(edit_url, data).status_code == 302

    def first_question():
        client = Client()
        return soup(client.get(start(client, spanish_page))).find("legend").get_text(strip=True)

    spanish.refresh_from_db()
    assert spanish.has_unpublished_changes
    assert first_question() == live_text  # the draft waits for review

    approve(reviewer, spanish, "quiz")
    assert first_question() == "¿Está a salvo hoy? (borrador)"


@pytest.mark.django_db
def test_an_unpublished_spanish_quiz_leaves_spanish_patients_the_english_one(english, spanish, spanish_page):
    spanish.unpublish()
    assert spanish_page.quiz_for_patients() == english
    client = Client()
    location = start(client, spanish_page)
    assert location.startswith("/es/quiz/step/")
    assert soup(client.get(location)).find("legend").get_text(strip=True) == live_flow(english).first.text


@pytest.mark.django_db
def test_a_spanish_support_level_draft_is_shown_only_once_approved(english, spanish):
    es_locale = Locale.objects.get(language_code="es")
    urgent_en = SupportLevel.objects.get(locale__language_code="en", is_urgent=True)
    urgent_es = urgent_en.get_translation(es_locale)
    urgent_es.delete()  # as if it had never been translated: a new translation, a draft
    draft = urgent_en.copy_for_translation(es_locale)
    draft.name, draft.live = "Ayuda urgente (borrador)", False
    draft.save()
    draft.save_revision()  # as the editor's "Save draft"

    def pace_section():
        client = Client()
        flow = live_flow(spanish)
        pace = next(q for q in flow.questions if any(urgent_en.pk in dict(o.support_weights) for o in q.options))
        urgent = next(o for o in pace.options if dict(o.support_weights).get(urgent_en.pk, 0) > 0)
        walk_to_results(client, flow, choose={pace.key: urgent.key})
        return soup(client.get("/es/quiz/results/")).find("section", attrs={"aria-labelledby": "pace"})

    section = pace_section()
    assert urgent_en.name in section.get_text() and "borrador" not in section.get_text()
    assert section.find("a", href="tel:988")

    reviewer = Client()
    reviewer.force_login(member("Clinical reviewers", "reviewer"))
    draft.get_workflow().start(draft, member("Clinical editors", "editor"))  # submitted for review
    approve(reviewer, draft, "supportlevel")
    draft.refresh_from_db()
    assert draft.live
    section = pace_section()
    assert "Ayuda urgente (borrador)" in section.get_text() and section.find("a", href="tel:988")


# --- Analytics -------------------------------------------------------------------


@pytest.mark.django_db
def test_analytics_count_both_languages_as_one_quiz_or_filter_by_language(english, spanish):
    day = timezone.localdate() - timedelta(days=10)
    at = timezone.now() - timedelta(days=10)
    for quiz, language, n in ((english, "en", 3), (spanish, "es", 2)):
        for _ in range(n):
            services.start_response(flow=live_flow(quiz), language=language, now=at)
    everyone = build_report(quiz=english, first=day, last=day)
    in_spanish = build_report(quiz=english, first=day, last=day, language="es")
    in_english = build_report(quiz=english, first=day, last=day, language="en")
    assert (everyone.summary.starts, in_spanish.summary.starts, in_english.summary.starts) == (5, 2, 3)
    # Either language's row names the same quiz.
    assert build_report(quiz=spanish, first=day, last=day, language="es").summary.starts == 2

    # The same once the day is rolled up by the nightly run.
    for quiz in (english, spanish):
        ensure_rollups(quiz.pk, day, day, timezone.now())
    assert build_report(quiz=english, first=day, last=day).summary.starts == 5
    assert build_report(quiz=english, first=day, last=day, language="es").summary.starts == 2


@pytest.mark.django_db
def test_the_analytics_report_offers_a_language_filter(admin_client, english, spanish):
    at = timezone.now()
    services.start_response(flow=live_flow(spanish), language="es", now=at)
    url = reverse("quiz_analytics")
    html = soup(admin_client.get(url, {"language": "es"}))
    select = html.find("select", attrs={"name": "language"})
    assert [o["value"] for o in select.find_all("option")] == ["", "en", "es"]
    assert select.find("option", selected=True)["value"] == "es"
    # One quiz to choose, whatever its languages.
    quizzes = [o["value"] for o in html.find("select", attrs={"name": "quiz"}).find_all("option")]
    assert quizzes == [str(english.pk)]
    assert admin_client.get(url, {"language": "xx"}).status_code == 400


@pytest.mark.django_db
def test_spanish_steps_and_results_keep_the_quiz_query_budget(spanish, django_assert_max_num_queries):
    """As tests/quiz/test_query_counts.py, in Spanish: each step at most 8 queries; the results
    at most 10 (the English 8, plus one read of the pages' Spanish twins and one of the level's)."""
    flow = live_flow(spanish)
    client = Client()
    location = start(client, QuizPage.objects.get(locale__language_code="es"))
    while "/step/" in location:
        key = location.rstrip("/").split("/")[-1]
        safe = [o for o in flow.question(key).options if not o.is_crisis]
        option = next((o for o in safe if o.approach_weights), safe[0])
        with django_assert_max_num_queries(8):
            assert client.get(location).status_code == 200
        with django_assert_max_num_queries(8):
            location = client.post(location, {"answer": [option.key]})["Location"]
    with django_assert_max_num_queries(10):
        assert client.get(location).status_code == 200
