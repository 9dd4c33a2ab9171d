"""Exit this page in a real browser: the link leaves without JavaScript and clears the quiz
cookie; with JavaScript, Shift pressed three times leaves and replaces the history entry."""

import pytest

from core.models import PortalSettings
from tests.browser import seeded
from tests.browser.support import when_unlocked

NEUTRAL = "https://neutral.example/"


@pytest.fixture
def exit_to(portal_url):
    """`exit_to(url)` sets where the exit goes, for this test only: the session's other tests
    see the seeded destination again."""
    settings = PortalSettings.load()
    seeded_url = settings.quick_exit_url

    def set_url(url):
        settings.quick_exit_url = url
        settings.save()
        return url

    yield lambda url: when_unlocked(lambda: set_url(url))
    when_unlocked(lambda: set_url(seeded_url))


@pytest.fixture
def neutral_site(exit_to):
    return exit_to(NEUTRAL)


def stub_neutral_site(page):
    # The test machine has no internet: answer for the neutral site in the browser itself.
    page.context.route(
        f"{NEUTRAL}**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Weather</title><p>Sunny"),
    )


def test_the_exit_link_leaves_and_clears_the_quiz_without_javascript(portal_url, neutral_site, new_page):
    page = new_page(java_script_enabled=False)
    stub_neutral_site(page)
    page.goto(portal_url + seeded.quiz_path())
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/quiz/step/**")
    assert page.context.cookies()

    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url(neutral_site)
    assert page.title() == "Weather"
    assert not page.context.cookies(), "the quiz cookie must go with the exit"


@pytest.fixture
def local_destination(portal_url, exit_to):
    """For the JavaScript tests, a destination on the test server itself. Chromium does not pass
    the navigation that follows a Clear-Site-Data response to Playwright's request routing when
    scripts are on, so a stubbed outside site cannot answer it; saved without the https check
    (model save does not validate), as only a test would."""
    return exit_to(portal_url + "/search/?q=weather")


def test_shift_three_times_leaves_at_once_and_the_back_button_does_not_return(portal_url, local_destination, new_page):
    page = new_page()
    exits = []
    page.on("request", lambda request: exits.append(request.url) if request.url.endswith("/exit/") else None)
    page.goto(portal_url + "/")
    page.goto(portal_url + seeded.MEDICATION_MANAGEMENT)
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(local_destination)
    assert exits == [portal_url + "/exit/"], "it leaves through the exit route, which clears the site's data"
    page.go_back()
    assert page.url.rstrip("/") == portal_url, "the page left must be replaced in the history, not kept"


def test_typing_capital_letters_does_not_leave(portal_url, local_destination, new_page):
    page = new_page()
    page.goto(portal_url + "/search/")
    page.locator("#search-q").focus()
    for letter in "CBT":
        page.keyboard.press(f"Shift+{letter}")  # Shift down, the letter, Shift up
    page.wait_for_timeout(500)
    assert page.locator("#search-q").input_value() == "CBT"
    assert page.url.startswith(portal_url)


def test_the_exit_link_is_reached_and_used_with_the_keyboard(portal_url, local_destination, new_page):
    page = new_page()
    page.goto(portal_url + seeded.crisis_path())
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('quick-exit__link')"):
            break
    else:
        pytest.fail("the exit link was not reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(local_destination)
