"""Screenshots for docs/editors.md, taken in a real browser as each role would see the admin.

The suite writes them to screenshots/editors/ (ignored by git), so running it leaves the tree as
it was; `make docs-images` runs this test with EDITOR_GUIDE_IMAGES=docs/images/editors to
refresh the committed copies.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from governance.models import ClinicalReviewer, PageReview
from tests.browser import seeded
from tests.browser.support import when_unlocked

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
# Usernames of this test's own: the demo accounts (tests/browser/test_admin_round_trip.py) may
# already exist in the session's database.
EDITOR, REVIEWER = "guide-editor", "guide-reviewer"


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


@pytest.fixture
def approach(portal_url):
    """A seeded approach page (not the one other tests pin verbatim), which the test sends
    through review and publishes unchanged. Afterwards the review, the workflow and the accounts
    go again, so the session's other tests see the page as seeded."""
    started = timezone.now()
    page = next(page for page in seeded.approaches() if page.url != seeded.MEDICATION_MANAGEMENT)
    yield page

    def undo():
        PageReview.objects.filter(page=page, reviewed_at__gte=started).delete()
        page.workflow_states.filter(created_at__gte=started).delete()
        ClinicalReviewer.objects.filter(user__username__in=[EDITOR, REVIEWER]).delete()
        get_user_model().objects.filter(username__in=[EDITOR, REVIEWER]).delete()

    when_unlocked(undo)


def test_editor_and_reviewer_screens(portal_url, approach, new_page, tmp_path):
    # Taken into a folder of this run's own, so the check at the end counts only what this run
    # wrote, then copied to DOCS_IMAGES.
    editor = when_unlocked(lambda: make_user(EDITOR, "Clinical editors", first_name="Sam", last_name="Lee"))
    reviewer = when_unlocked(lambda: make_user(REVIEWER, "Clinical reviewers", first_name="Ana", last_name="Rivera"))
    when_unlocked(
        lambda: ClinicalReviewer.objects.create(name="Dr Ana Rivera", credentials="MD, psychiatrist", user=reviewer)
    )

    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, portal_url, EDITOR)
    page.goto(f"{portal_url}/admin/pages/{approach.pk}/edit/")
    page.get_by_text("Reading level").first.wait_for()
    page.screenshot(path=tmp_path / "1-edit-approach-page.png")
    page.get_by_text("Reading level").first.scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "2-reading-level-and-review-interval.png")

    # Submitting is a form post; the browser's own menu for it is covered by Wagtail's tests.
    client = Client()
    client.force_login(editor)
    edit_form = client.get(f"/admin/pages/{approach.pk}/edit/")
    assert edit_form.status_code == 200
    approach.save_revision(user=editor)
    approach.get_workflow().start(approach, editor)

    reviewer_page = new_page(viewport={"width": 1280, "height": 900})
    log_in(reviewer_page, portal_url, REVIEWER)
    reviewer_page.get_by_text("Awaiting your review").first.wait_for()
    reviewer_page.screenshot(path=tmp_path / "3-reviewer-dashboard.png")
    reviewer_page.goto(f"{portal_url}/admin/reports/content-health/")
    reviewer_page.screenshot(path=tmp_path / "4-content-health-report.png", full_page=True)

    approach.refresh_from_db()
    task_state = approach.current_workflow_task_state
    task_state.approve(user=reviewer)
    reviewer_page.goto(portal_url + approach.url)
    assert "Page last reviewed" in reviewer_page.locator(".review-notice").inner_text()
    reviewer_page.screenshot(path=tmp_path / "5-published-page-with-review-date.png")

    written = {p.name for p in tmp_path.glob("*.png")}
    assert written == EXPECTED, written
    DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
    for name in written:
        shutil.copyfile(tmp_path / name, DOCS_IMAGES / name)
