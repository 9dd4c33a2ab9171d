"""'Was this page helpful?' in a real browser with JavaScript off: a patient answers No and
writes what was wrong, with their email and phone number in it. No cookie is set, the stored
row holds neither, and the thank-you page passes the WCAG 2.2 A/AA checks.

axe is a script, so it cannot run in a page with JavaScript off (Playwright's evaluate waits
for ever there). The pages the patient got are checked as they were: their HTML, served at
their own address to a second tab with JavaScript on, with the site's own styles.
"""

from feedback.models import PageFeedback
from tests.browser import seeded
from tests.browser.support import wcag_report, when_unlocked

EMAIL, PHONE = "jo.bloggs@example.com", "07700 900123"


def wcag_report_of(new_page, url, html):
    """axe's report on `html` as if served at `url` (a POST's answer cannot be fetched again)."""
    page = new_page()
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html))
    page.goto(url)
    assert page.locator("h1").count() == 1 and page.locator("form, .panel--crisis, footer").count() >= 1
    return wcag_report(page)


def test_a_patient_says_no_and_leaves_a_comment_without_javascript_or_cookies(portal_url, new_page):
    before = PageFeedback.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    approach = seeded.approaches()[0]
    page = new_page(java_script_enabled=False)
    page.goto(portal_url + approach.url)
    feedback = page.locator("section.page-feedback")
    assert feedback.get_by_role("heading", name="Was this page helpful?").is_visible()
    feedback.get_by_role("button", name="No", exact=True).click()

    box = page.get_by_label("What was missing or wrong? (optional)")
    assert box.get_attribute("maxlength") == "500"
    pages = {"comment form": (page.url, page.content())}
    box.fill(f"The side effects part was confusing. Email me at {EMAIL} or call {PHONE}.")
    page.get_by_role("button", name="Send").click()

    assert page.get_by_role("heading", name="Thank you for your feedback").is_visible()
    assert page.get_by_role("link", name="Back to the page").get_attribute("href") == approach.url
    pages["thank-you page"] = (page.url, page.content())
    assert page.context.cookies() == [], "answering sets no cookie"
    reports = {name: report for name, (url, html) in pages.items() if (report := wcag_report_of(new_page, url, html))}

    rows = list(PageFeedback.objects.filter(pk__gt=before))
    try:
        assert len(rows) == 1
        row = rows[0]
        assert (row.page_id, row.helpful, row.language, row.crisis) == (approach.pk, False, "en", False)
        assert EMAIL not in row.comment and "example.com" not in row.comment
        assert "07700" not in row.comment and "900123" not in row.comment
        assert row.comment == "The side effects part was confusing. Email me at [email] or call [phone]."
        assert not reports, "\n\n".join(f"{name}:\n{report}" for name, report in reports.items())
    finally:
        when_unlocked(lambda: PageFeedback.objects.filter(pk__gt=before).delete())
