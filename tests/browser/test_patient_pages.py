"""Patient pages in a real browser: no WCAG 2.2 A/AA violations, keyboard and no-JavaScript use, small screens."""

import pytest
from django.utils import translation

from approaches.models import ApproachCondition
from tests.browser import seeded
from tests.browser.support import wcag_report


def patient_pages() -> dict[str, str]:
    """One of each page type and state a patient can meet, found in the seeded content."""
    from approaches.models import Condition

    index = seeded.approach_index_path()
    other_approach = next(page for page in seeded.approaches() if page.url != seeded.MEDICATION_MANAGEMENT)
    return {
        "home": "/",
        "approach index": index,
        "filtered index": f"{index}?condition={Condition.objects.order_by('name').first().slug}",
        "unknown concern": f"{index}?condition=nothing-like-this",
        "approach page": seeded.MEDICATION_MANAGEMENT,
        "another approach page": other_approach.url,
        "standard page": seeded.credentials_path(),
        "crisis page": seeded.crisis_path(),
        "404": "/no-such-page/",
        "compare": seeded.compare_path(3),
        "compare, nothing chosen": "/compare/",
        "search results": f"/search/?q={other_approach.title.split()[0]}",
        "search, no match": "/search/?q=zzzzqq",
        "empty questions sheet": "/questions/",
    }


def test_no_wcag_violations_on_any_page_type(portal_url, new_page):
    page = new_page()
    reports = {}
    for name, path in patient_pages().items():
        page.goto(portal_url + path)
        page.locator("details.safety-notes summary").first.click() if page.locator("details").count() else None
        if report := wcag_report(page):
            reports[name] = report
    # The questions sheet, built the way a patient builds it: tick, then submit.
    page.goto(portal_url + seeded.MEDICATION_MANAGEMENT)
    page.locator("form.question-form input[name=q]").nth(1).check()
    page.get_by_role("button", name="Make a printable sheet of the ones I ticked").click()
    assert "How will we set goals" in page.locator("main").inner_text()
    if report := wcag_report(page):
        reports["questions sheet"] = report
    assert not reports, "\n\n".join(f"{name}:\n{report}" for name, report in reports.items())


def spanish_patient_pages() -> dict[str, str]:
    """The Spanish twins of the page types above, and the patient tools under /es/."""
    from approaches.models import Condition

    index = seeded.approach_index_path("es")
    approaches = seeded.approaches("es")
    medication = seeded.translation_path(seeded.MEDICATION_MANAGEMENT, "es")
    other_approach = next(page for page in approaches if page.url != medication)
    return {
        "home": "/es/",
        "approach index": index,
        "filtered index": f"{index}?condition={Condition.objects.order_by('name').first().slug}",
        "approach page": medication,
        "another approach page": other_approach.url,
        "standard page": seeded.translation_path(seeded.credentials_path(), "es"),
        "crisis page": seeded.translation_path(seeded.crisis_path(), "es"),
        "404": "/es/no-existe/",
        "compare": "/es/compare/?" + "&".join(f"approach={page.slug}" for page in approaches[:3]),
        "compare, nothing chosen": "/es/compare/",
        "search results": f"/es/search/?q={other_approach.title.split()[0]}",
        "search, no match": "/es/search/?q=zzzzqq",
        "empty questions sheet": "/es/questions/",
    }


def test_no_wcag_violations_on_any_spanish_page_type(portal_url, new_page):
    page = new_page()
    reports = {}
    for name, path in spanish_patient_pages().items():
        page.goto(portal_url + path)
        assert page.locator("html").get_attribute("lang") == "es", name
        page.locator("details.safety-notes summary").first.click() if page.locator("details").count() else None
        if report := wcag_report(page):
            reports[name] = report
    assert not reports, "\n\n".join(f"{name}:\n{report}" for name, report in reports.items())


def test_keyboard_reaches_get_help_now_within_three_tabs(portal_url, new_page):
    page = new_page()
    page.goto(portal_url + seeded.MEDICATION_MANAGEMENT)
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Get help now":
            break
    else:
        pytest.fail("“Get help now” was not reached within three Tab presses")
    page.keyboard.press("Enter")
    page.wait_for_url(portal_url + seeded.crisis_path())
    assert page.locator("a[href='tel:988']").first.is_visible()


def test_skip_link_is_first_and_moves_focus_to_the_content(portal_url, new_page):
    page = new_page()
    page.goto(portal_url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_safety_notes_and_filter_work_without_javascript(portal_url, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(portal_url + seeded.MEDICATION_MANAGEMENT)
    note = page.get_by_text("Discuss side effects, interactions, and safety considerations")
    assert not note.is_visible()
    page.locator("details.safety-notes summary").focus()
    page.keyboard.press("Enter")
    assert note.is_visible()

    condition = ApproachCondition.objects.filter(page__slug="medication-management").first().condition
    page.goto(portal_url + seeded.approach_index_path())
    page.select_option("#condition", condition.slug)
    page.get_by_role("button", name="Show").click()
    assert f"condition={condition.slug}" in page.url
    assert page.get_by_role("link", name="Medication Management (Psychiatry / PMHNP)").is_visible()


@pytest.mark.parametrize("path", ["home", "approach index", "approach page", "crisis page"])
def test_no_horizontal_scrolling_at_320_px(portal_url, new_page, path):
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(portal_url + patient_pages()[path])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.get_by_role("link", name="Get help now", exact=True).is_visible()


@pytest.mark.parametrize("path", ["home", "approach page", "crisis page"])
def test_spanish_pages_fit_320_px_with_crisis_help_in_view(portal_url, new_page, path):
    # Spanish runs longer than English: the header and the crisis wording must still fit.
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(portal_url + spanish_patient_pages()[path])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    with translation.override("es"):
        get_help = translation.gettext("Get help now")
    assert page.get_by_role("link", name=get_help, exact=True).is_visible()


def test_text_zoomed_to_200_percent_still_fits(portal_url, new_page):
    # 200 % zoom on a 1280 px window lays the page out as a 640 px window with doubled text.
    page = new_page(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page.goto(portal_url + seeded.MEDICATION_MANAGEMENT)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    assert page.get_by_role("link", name="Get help now", exact=True).is_visible()


def test_the_accessibility_check_reports_what_it_is_meant_to_catch(new_page):
    """The check above can fail: an image without a text alternative, a button without a name and
    a page without a language are reported."""
    page = new_page()
    page.set_content('<html><body><main><img src="/x.png"><button></button></main></body></html>')
    report = wcag_report(page)
    assert report is not None
    for rule in ("image-alt", "button-name", "html-has-lang"):
        assert rule in report, report
