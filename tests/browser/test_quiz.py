"""The quiz in a real browser: keyboard only, no WCAG 2.2 A/AA violations on any quiz screen."""

from django.utils import timezone

from quiz.models import QuizResponse
from tests.browser import seeded
from tests.browser.support import wcag_report


def tab_to(page, script: str, limit: int = 40) -> None:
    """Press Tab until `script` (JS over `el`, the focused element) is true."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {script}; }})()"):
            return
    raise AssertionError(f"keyboard focus never reached: {script}")


def since(started):
    """The quiz responses stored since `started`: the session's database holds other tests' too."""
    return QuizResponse.objects.filter(started_at__gte=started)


def test_complete_the_quiz_with_the_keyboard_only(portal_url, new_page):
    started = timezone.now()
    page = new_page()
    page.goto(portal_url + seeded.quiz_path())
    tab_to(page, "el.textContent.trim() === 'Start the quiz'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/quiz/step/{seeded.safety_question().key}/")

    answered = 0
    while "/quiz/step/" in page.url:
        assert page.locator(".progress").inner_text().startswith(f"Question {answered + 1} of about")
        tab_to(page, "el.name === 'answer'")
        page.keyboard.press("Space")
        assert page.evaluate("document.activeElement.checked")
        tab_to(page, "el.textContent.trim() === 'Continue'")
        before = page.url
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url, before=before: url != before)
        answered += 1
        assert answered < 10, "the quiz should end"

    assert page.url.endswith("/quiz/results/")
    assert page.get_by_role("heading", name="Options to talk about").is_visible()
    assert page.locator(".suggestions .option").count() >= 1
    assert answered >= 5
    assert since(started).filter(completed_at__isnull=False).count() == 1, "the finished quiz is stored once"


def test_a_crisis_answer_goes_straight_to_help_in_the_browser(portal_url, new_page):
    started = timezone.now()
    page = new_page(java_script_enabled=False)
    page.goto(portal_url + seeded.quiz_path())
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_label(seeded.crisis_answer()).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(portal_url + seeded.crisis_path())
    assert page.locator("a[href='tel:988']").first.is_visible()
    assert since(started).filter(crisis_at__isnull=False, completed_at__isnull=True).count() == 1


def test_no_wcag_violations_on_quiz_screens(portal_url, new_page):
    page = new_page()
    reports = {}

    def check(name):
        if report := wcag_report(page):
            reports[name] = report

    page.goto(portal_url + seeded.quiz_path())
    check("start")
    page.get_by_role("button", name="Start the quiz").click()
    check("question")
    page.get_by_role("button", name="Continue").click()  # no answer chosen
    assert page.locator("#answer-error").is_visible()
    check("question with an error")
    page.get_by_label(seeded.safe_answer()).check()
    page.get_by_role("button", name="Continue").click()
    while "/quiz/step/" in page.url:
        page.locator("input[name=answer]").first.check()
        page.get_by_role("button", name="Continue").click()
    check("results")
    page.context.clear_cookies()
    page.goto(portal_url + "/quiz/results/")
    check("timed out")
    assert not reports, "\n\n".join(f"{name}:\n{report}" for name, report in reports.items())


def test_the_spanish_quiz_stays_in_spanish_to_results_and_crisis_help_with_no_wcag_violations(portal_url, new_page):
    """Issue 17: the Spanish quiz page, its questions, an error, the results and a crisis
    answer's help page are all `lang="es"` and pass axe (which runs as a script in the page)."""
    from django.utils import translation
    from wagtail.models import Locale

    from core.models import PortalSettings
    from quiz.models import Quiz

    spanish = Locale.objects.get(language_code="es")
    settings = PortalSettings.load()
    quiz_url = portal_url + settings.quiz_page.get_translation(spanish).url
    crisis_url = portal_url + settings.crisis_page.get_translation(spanish).url
    safety = Quiz.objects.get(locale=spanish).questions.order_by("sort_order").first()
    options = safety.options.order_by("sort_order")
    with translation.override("es"):
        start, carry_on = translation.gettext("Start the quiz"), translation.gettext("Continue")
    reports = {}

    def check(page, name):
        assert page.locator("html").get_attribute("lang") == "es", name
        if report := wcag_report(page):
            reports[name] = report

    page = new_page()
    page.goto(quiz_url)
    check(page, "start")
    page.get_by_role("button", name=start).click()
    check(page, "question")
    page.get_by_role("button", name=carry_on).click()  # no answer chosen
    assert page.locator("#answer-error").is_visible()
    check(page, "question with an error")
    page.get_by_label(options.filter(is_crisis=False).first().label).check()
    page.get_by_role("button", name=carry_on).click()
    while "/es/quiz/step/" in page.url:
        page.locator("input[name=answer]").first.check()
        page.get_by_role("button", name=carry_on).click()
    assert page.url == portal_url + "/es/quiz/results/"
    check(page, "results")

    crisis = new_page()
    crisis.goto(quiz_url)
    crisis.get_by_role("button", name=start).click()
    crisis.get_by_label(options.filter(is_crisis=True).last().label).check()
    crisis.get_by_role("button", name=carry_on).click()
    crisis.wait_for_url(crisis_url)
    assert crisis.locator("a[href='tel:988']").first.is_visible()
    check(crisis, "crisis help")
    assert not reports, "\n\n".join(f"{name}:\n{report}" for name, report in reports.items())
