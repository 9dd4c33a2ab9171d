"""Deciding, in a real browser with JavaScript off (issue 26): from quiz results to “What matters
to you” and back, both on one printable sheet, then the SURE check; nothing stored about the
person, and no cookie but the quiz's own."""

from quiz.models import SureCount
from tests.browser import seeded
from tests.browser.support import wcag_report
from tests.priorities.test_exercise import table_counts

QUIZ_TABLES = {"quiz_quizresponse", "quiz_responseanswer", "quiz_responseoutcome"}


def not_now_title() -> str:
    from wagtail.models import Locale

    from approaches.models import ApproachPage

    return ApproachPage.objects.get(is_not_now_option=True, locale=Locale.get_default()).title


# A click that navigates returns once the new page starts loading, and `count()` does not wait:
# each navigation here waits for the page's load event before its contents are counted.
def finish_quiz(page, portal_url):
    page.goto(portal_url + seeded.quiz_path())
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_label(seeded.safe_answer()).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    for _ in range(10):
        if "/quiz/step/" not in page.url:
            break
        page.locator("input[name=answer]").first.check()
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
    assert page.url.endswith("/quiz/results/")


def test_results_to_what_matters_and_back_one_sheet_and_the_sure_check_without_javascript(portal_url, new_page):
    page = new_page(java_script_enabled=False)
    finish_quiz(page, portal_url)
    assert page.locator(".suggestions #not-now a").count() == 1
    before = table_counts()

    page.get_by_role("link", name="Weigh what matters to you").click()
    page.wait_for_load_state()
    page.locator(".what-matters-form fieldset").nth(0).get_by_label("Matters a lot", exact=True).check()
    page.locator(".what-matters-form fieldset").nth(2).get_by_label("Matters a bit", exact=True).check()
    page.get_by_role("button", name="See how the options fit").click()
    page.wait_for_load_state()
    assert "p-" in page.url, "the answers are in the address"
    fits = page.locator(".option-fits .card")
    assert fits.count() >= 3
    assert fits.last.locator("h3").inner_text() == not_now_title()
    assert page.locator(".option-fits .meets li, .option-fits .conflicts li").count() >= 1

    page.get_by_role("link", name="Back to your quiz results").click()
    page.wait_for_load_state()
    assert "/quiz/results/?p-" in page.url
    page.locator(".question-form input[type=checkbox]").first.check()
    page.get_by_role("button", name="Make a printable sheet of the ones I ticked").click()
    page.wait_for_load_state()
    assert "/questions/" in page.url
    sheet = page.locator("main")
    assert sheet.locator(".what-matters-sheet li").count() == 2
    assert sheet.locator("section ol li").count() >= 1, "the ticked question is on the same sheet"
    assert table_counts() == before, "the exercise and the sheet store nothing"

    page.go_back()
    page.wait_for_load_state()
    for fieldset in page.locator(".sure-form fieldset").all():
        fieldset.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Send my four answers").click()
    page.wait_for_load_state()
    assert page.locator(".sure-check [role=status]").is_visible()
    after = table_counts()
    changed = {t: after[t] - before[t] for t in after if after[t] != before[t]}
    assert set(changed) <= {"quiz_surecount"}, changed
    assert SureCount.objects.filter(**dict.fromkeys(["sure_of_myself", "enough_support"], True)).exists()
    assert {c["name"] for c in page.context.cookies()} == {"steady_path_quiz"}


def test_what_matters_has_no_wcag_violations(portal_url, new_page):
    page = new_page()
    page.goto(portal_url + "/what-matters/?p-start-soon=2&p-talk-it-through=1")
    assert page.locator(".option-fits").is_visible()
    assert (report := wcag_report(page)) is None, report
