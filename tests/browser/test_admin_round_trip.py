"""The seeded content as a clinician meets it in the admin: every page type and the quiz open in the
editor, save again unchanged, and show themselves in the preview panel beside the form.

Saving a draft unchanged adds a revision and changes nothing a patient or another test sees.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import Page, get_page_models

from core.site.services import ensure_demo_users
from quiz.models import Quiz
from tests.browser.support import when_unlocked

PASSWORD = "a-long-demo-password-1"
# Every concrete page type a site can hold; Wagtail's own base Page is never created by editors.
PAGE_TYPES = [model for model in get_page_models() if model is not Page]
# Autosave, preview rendering and the live server share two cores with other tests.
TIMEOUT = 20_000


@pytest.fixture(scope="module")
def signed_in(browser, portal_url):
    """The demo clinician's signed-in browser state, through the real sign-in form."""
    when_unlocked(lambda: ensure_demo_users(password=PASSWORD))
    context = browser.new_context()
    page = context.new_page()
    page.goto(portal_url + "/admin/login/")
    page.fill("#id_username", "clinician")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture
def admin(new_page, signed_in):
    page = new_page(storage_state=signed_in, viewport={"width": 1400, "height": 900})
    page.context.set_default_timeout(TIMEOUT)
    return page


def seeded(model):
    page = model.objects.order_by("path").first()
    assert page is not None, f"The seed has no {model.__name__}: seed one so its editor is exercised"
    return page


def edit_url(obj) -> str:
    if isinstance(obj, Page):
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])
    return reverse(obj.snippet_viewset.get_url_name("edit"), args=[obj.pk])


def preview_panel(admin):
    """The preview beside the form, as an editor opens it from the side panel toggle."""
    admin.locator('[data-side-panel-toggle="preview"]').click()
    frame = admin.frame_locator("#w-preview-iframe")
    # Wait for a document in the frame, the page's or the browser's error page, so that a
    # refused frame fails at once rather than after the whole timeout.
    frame.locator("h1").first.wait_for(state="attached")
    return frame


def save_draft_unchanged(admin):
    admin.get_by_role("button", name="Save draft").first.click()
    admin.wait_for_load_state()
    messages = admin.locator(".messages li")
    messages.first.wait_for()
    shown = messages.all_inner_texts()
    field_errors = [e for e in admin.locator(".error-message").all_inner_texts() if e.strip()]
    assert admin.locator(".messages li.success").count() == 1, shown + field_errors
    assert admin.locator(".messages li.error").count() == 0 and not field_errors, shown + field_errors


# A frame the response refuses (CSP frame-ancestors) shows Chromium's own error page instead.
NOT_SHOWN = "the preview panel does not show the page's heading: blank, or refused by the response"


# One visit to the editor per object, as a clinician works: look at the preview, then save.
@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_seeded_page_type_previews_and_saves_again_unchanged(admin, portal_url, model):
    page = seeded(model)
    admin.goto(portal_url + edit_url(page))
    frame = preview_panel(admin)
    expect(frame.get_by_role("heading", level=1, name=page.title), NOT_SHOWN).to_be_visible()
    save_draft_unchanged(admin)


def test_the_seeded_quiz_previews_and_saves_again_unchanged(admin, portal_url):
    quiz = Quiz.objects.get(locale__language_code="en")
    admin.goto(portal_url + edit_url(quiz))
    frame = preview_panel(admin)
    expect(frame.get_by_role("heading", level=1), NOT_SHOWN).to_contain_text(quiz.title)
    save_draft_unchanged(admin)
