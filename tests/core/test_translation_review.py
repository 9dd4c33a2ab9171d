"""A Spanish translation is clinically reviewed before patients see it (issue 17).

End to end through the admin as each role uses it: wagtail-localize's "Translate this page"
(manual mode) makes a draft in the Spanish tree, the editor submits it to Clinical review, and
only a reviewer's approval (never the submitter's own) publishes it, with a review stamp."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale

from approaches.models import ApproachIndexPage, ApproachPage
from core.site.languages import is_reviewed
from core.staff.roles import ROLES
from governance.models import ClinicalReviewer, PageReview
from tests.approaches.test_admin_editing import approach_form
from tests.core.test_governance import member

SPANISH_TEXT = {
    "title": "Activación conductual",
    "slug": "activacion-conductual",
    "summary": "Actividades pequeñas y planeadas que poco a poco le devuelven la energía.",
}


@pytest.fixture
def english_page(seeded_portal, db):
    """A new English approach page, live, with no Spanish twin yet."""
    index = ApproachIndexPage.objects.get(locale__language_code="en")
    page = ApproachPage(**{k: v for k, v in approach_form([], []).items() if k in ("title", "slug", "summary")})
    page.providers_note = "Provided by licensed therapists."
    page.training_note = "Ask how often they use this approach."
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def translate(client, user, page) -> ApproachPage:
    """'Translate this page' into Spanish, as `user`; returns the Spanish draft it made."""
    client.force_login(user)
    spanish = Locale.objects.get(language_code="es")
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [spanish.pk]})
    assert response.status_code == 302
    translation = page.get_translation(spanish)
    assert response["Location"] == edit_url(translation)
    return translation


def submit(client, translation, action="action-submit"):
    data = approach_form([], [], **SPANISH_TEXT)
    data[action] = action
    client.post(edit_url(translation), data)
    translation.refresh_from_db()


def approve(client, user, page):
    client.force_login(user)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    client.post(url, {"comment": "Traducción fiel; revisada."})
    page.refresh_from_db()


def refused(response) -> bool:
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


@pytest.fixture
def reviewer(db):
    user = member("Clinical reviewers", "dr-rivera")
    ClinicalReviewer.objects.create(name="Dra. Ana Rivera", credentials="MD", user=user)
    return user


def test_the_clinical_roles_may_translate_and_analytics_may_not(seeded_portal, db):
    for role in ROLES:
        holds = Group.objects.get(name=role).permissions.filter(
            content_type__app_label="wagtail_localize", codename="submit_translation"
        )
        assert holds.exists() == (role != "Analytics"), role


def test_an_editors_translation_is_live_only_after_a_reviewer_approves_it(client, english_page, reviewer):
    editor = member("Clinical editors")
    translation = translate(client, editor, english_page)
    assert translation.locale.language_code == "es"
    assert not translation.live

    # The editor cannot publish it: no Publish button, and posting Publish leaves it a draft.
    assert 'name="action-publish"' not in client.get(edit_url(translation)).content.decode()
    submit(client, translation, "action-publish")
    assert not translation.live

    submit(client, translation)
    assert translation.current_workflow_task_state is not None
    assert not translation.live
    spanish_url = translation.get_url()
    assert spanish_url.startswith("/es/")
    client.logout()
    assert client.get(spanish_url).status_code == 404  # not for patients yet

    approve(client, reviewer, translation)
    assert translation.live
    review = PageReview.objects.get(page=translation)
    assert review.revision_id == translation.live_revision_id
    assert review.reviewer_name == "Dra. Ana Rivera, MD"
    assert is_reviewed(translation)

    client.logout()
    response = client.get(translation.get_url())
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find("html")["lang"] == "es"
    assert SPANISH_TEXT["title"] in html.find("h1").get_text()
    # Reviewed: the page no longer says its translation is unreviewed.
    assert html.find(class_="translation-notice") is None
    assert english_page.pk != translation.pk and PageReview.objects.filter(page=english_page).count() == 0


def test_a_reviewer_cannot_approve_their_own_translation(client, english_page, reviewer):
    translation = translate(client, reviewer, english_page)
    submit(client, translation)
    assert translation.current_workflow_task_state is not None

    form = client.get(edit_url(translation)).content.decode()
    assert 'data-workflow-action-name="approve"' not in form
    approve(client, reviewer, translation)
    assert not translation.live
    assert not PageReview.objects.filter(page=translation).exists()

    second = member("Clinical reviewers", "dr-chen")
    approve(client, second, translation)
    assert translation.live
    assert PageReview.objects.filter(page=translation, revision_id=translation.live_revision_id).exists()


@pytest.mark.parametrize("action", ["localize-restart-translation", "localize-convert-to-alias"])
def test_the_actions_that_leave_manual_mode_are_neither_offered_nor_run(client, english_page, action):
    # "Start Synced translation" hands the page to an editor whose Publish skips the workflow;
    # "Convert to alias page" mirrors the live English page, which would put the draft live.
    editor = member("Clinical editors")
    translation = translate(client, editor, english_page)
    assert f'name="{action}"' not in client.get(edit_url(translation)).content.decode()

    data = approach_form([], [], **SPANISH_TEXT)
    data[action] = action
    assert refused(client.post(edit_url(translation), data))
    convert = reverse("wagtail_localize:convert_to_alias", args=[translation.pk])
    assert refused(client.get(convert))
    assert refused(client.post(convert))
    translation.refresh_from_db()
    assert not translation.live and translation.alias_of_id is None
    assert not translation.get_translations().filter(pk=english_page.pk, alias_of__isnull=False).exists()
