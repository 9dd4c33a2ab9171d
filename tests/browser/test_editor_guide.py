"""Screenshots for docs/editors.md, taken in a real browser as each role would see the admin.

The suite writes them to screenshots/editors/ (ignored by git), so running it leaves the tree as
it was; `make docs-images` runs this test with EDITOR_GUIDE_IMAGES=docs/images/editors to
refresh the committed copies.
"""

import os
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from approaches.models import ApproachPage
from governance.models import ClinicalReviewer

ROOT = Path(__file__).resolve().parent.parent.parent
DOCS_IMAGES = ROOT / os.environ.get("EDITOR_GUIDE_IMAGES", "screenshots/editors")
EXPECTED = {
    "1-edit-approach-page.png",
    "2-reading-level-and-review-interval.png",
    "3-reviewer-dashboard.png",
    "4-content-health-report.png",
    "5-published-page-with-review-date.png",
}
PASSWORD = "a-long-demo-password-1"


def make_user(username, group, **extra):
    user = get_user_model().objects.create_user(username, password=PASSWORD, **extra)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page, portal_url, username):
    page.goto(portal_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def test_editor_and_reviewer_screens(portal_url, new_page):
    DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
    started = time.time()
    make_user("clinician", "Clinical editors", first_name="Sam", last_name="Lee")
    reviewer = make_user("reviewer", "Clinical reviewers", first_name="Ana", last_name="Rivera")
    ClinicalReviewer.objects.create(name="Dr Ana Rivera", credentials="MD, psychiatrist", user=reviewer)
    approach = ApproachPage.objects.get(slug="cbt")

    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, portal_url, "clinician")
    page.goto(f"{portal_url}/admin/pages/{approach.pk}/edit/")
    page.get_by_text("Reading level").first.wait_for()
    page.screenshot(path=DOCS_IMAGES / "1-edit-approach-page.png")
    page.get_by_text("Reading level").first.scroll_into_view_if_needed()
    page.screenshot(path=DOCS_IMAGES / "2-reading-level-and-review-interval.png")

    # Submitting is a form post; the browser's own menu for it is covered by Wagtail's tests.
    editor = Client()
    editor.force_login(get_user_model().objects.get(username="clinician"))
    edit_form = editor.get(f"/admin/pages/{approach.pk}/edit/")
    assert edit_form.status_code == 200
    approach.save_revision(user=get_user_model().objects.get(username="clinician"))
    approach.get_workflow().start(approach, get_user_model().objects.get(username="clinician"))

    reviewer_page = new_page(viewport={"width": 1280, "height": 900})
    log_in(reviewer_page, portal_url, "reviewer")
    reviewer_page.get_by_text("Awaiting your review").first.wait_for()
    reviewer_page.screenshot(path=DOCS_IMAGES / "3-reviewer-dashboard.png")
    reviewer_page.goto(f"{portal_url}/admin/reports/content-health/")
    reviewer_page.screenshot(path=DOCS_IMAGES / "4-content-health-report.png", full_page=True)

    approach.refresh_from_db()
    task_state = approach.current_workflow_task_state
    task_state.approve(user=reviewer)
    reviewer_page.goto(portal_url + approach.url)
    assert "Page last reviewed" in reviewer_page.locator(".review-notice").inner_text()
    reviewer_page.screenshot(path=DOCS_IMAGES / "5-published-page-with-review-date.png")

    # Only what this run wrote counts: the folder may hold copies from earlier runs.
    written = {p.name for p in DOCS_IMAGES.glob("*.png") if p.stat().st_mtime >= started - 1}
    assert written == EXPECTED, written
