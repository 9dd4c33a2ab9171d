"""Submitting an approach page for review with checklist items unmet needs a written reason,
which the reviewer sees beside the checklist; saving a draft never does."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from approaches.models import ApproachPage
from decision_aid.forms import REASON_FIELD, REASON_LABEL
from decision_aid.models import UnmetItemsReason
from tests.approaches.test_admin_editing import approach_form
from tests.core.test_governance import member
from tests.decision_aid.support import complete, edit_form_data

REASON = "The outcome figures wait on the 2025 guideline update; the reviewer agreed to look now."


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.fixture
def editor(client, db):
    user = member("Clinical editors", "sam-lee", first_name="Sam", last_name="Lee")
    client.force_login(user)
    return user


@pytest.fixture
def incomplete(index, linked):
    """A published page with no decision, sources or outcomes: three items unmet."""
    page = complete(index, slug="behavioral-activation", decision="", sources=[], outcomes=[])
    return page


def post(client, page, action, **overrides):
    data = approach_form([], [], slug=page.slug, **overrides)
    data[action] = action
    return client.post(edit_url(page), data)


def reason_error(response) -> str:
    field = BeautifulSoup(response.content, "html.parser").find("textarea", attrs={"name": REASON_FIELD})
    wrapper = field.find_parent(attrs={"data-field-wrapper": True})
    return wrapper.get_text(" ", strip=True)


def test_submit_without_a_reason_is_refused_beside_the_field_and_keeps_the_edits(client, editor, incomplete):
    response = post(
        client, incomplete, "action-submit", summary="Rewritten summary, not yet saved.", **{REASON_FIELD: ""}
    )

    assert response.status_code == 200
    error = reason_error(response)
    assert REASON_LABEL in error
    assert "Not met: Decision stated; Claims have sources; Outcome information with its source." in error
    html = response.content.decode()
    assert "Rewritten summary, not yet saved." in html  # the form comes back as typed
    incomplete.refresh_from_db()
    assert incomplete.current_workflow_state is None
    assert not UnmetItemsReason.objects.exists()


def test_a_blank_reason_counts_as_none(client, editor, incomplete):
    response = post(client, incomplete, "action-submit", **{REASON_FIELD: "   "})
    assert response.status_code == 200 and "Not met:" in reason_error(response)
    assert incomplete.current_workflow_state is None


def test_saving_a_draft_never_needs_a_reason(client, editor, incomplete):
    response = post(client, incomplete, "action-save", summary="A draft with items unmet.", **{REASON_FIELD: ""})
    assert response.status_code == 302
    incomplete.refresh_from_db()
    assert incomplete.get_latest_revision_as_object().summary == "A draft with items unmet."
    assert incomplete.current_workflow_state is None
    assert not UnmetItemsReason.objects.exists()


def test_submit_with_a_reason_goes_to_review_and_the_reviewer_reads_it(client, editor, incomplete):
    response = post(client, incomplete, "action-submit", **{REASON_FIELD: REASON})

    assert response.status_code == 302
    page = ApproachPage.objects.get(pk=incomplete.pk)
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
    kept = UnmetItemsReason.objects.get()
    assert (kept.reason, kept.user, kept.workflow_state) == (REASON, editor, state)
    assert kept.revision == page.get_latest_revision() == state.current_task_state.revision
    assert kept.rule_keys == ["decision", "sources", "outcomes"]

    client.force_login(member("Clinical reviewers", "dr-rivera"))
    screen = BeautifulSoup(client.get(edit_url(page)).content, "html.parser")
    shown = screen.find(attrs={"data-unmet-reason": True}).get_text(" ", strip=True)
    assert REASON in shown and "Sam Lee" in shown
    assert "Decision stated; Claims have sources; Outcome information with its source" in shown


def test_the_reason_is_not_shown_once_review_is_over(client, editor, incomplete):
    post(client, incomplete, "action-submit", **{REASON_FIELD: REASON})
    page = ApproachPage.objects.get(pk=incomplete.pk)
    page.current_workflow_state.cancel(user=editor)
    html = client.get(edit_url(page)).content.decode()
    assert "data-unmet-reason" not in html
    assert UnmetItemsReason.objects.count() == 1  # kept in the record all the same


def test_a_page_meeting_every_item_is_submitted_without_a_reason(client, editor, index, linked):
    page = complete(index, slug="cbt", title="CBT")
    data = edit_form_data(page, **{REASON_FIELD: ""})
    data["action-submit"] = "action-submit"
    response = client.post(edit_url(page), data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error-message")
    page.refresh_from_db()
    assert page.current_workflow_state is not None
    assert not UnmetItemsReason.objects.exists()


def test_a_reason_given_when_nothing_is_unmet_is_not_kept(client, editor, index, linked):
    page = complete(index, slug="cbt", title="CBT")
    data = edit_form_data(page, **{REASON_FIELD: "Just in case."})
    data["action-submit"] = "action-submit"
    assert client.post(edit_url(page), data).status_code == 302
    assert not UnmetItemsReason.objects.exists()


def test_a_new_page_submitted_with_items_unmet_needs_the_reason_too(client, editor, index, linked):
    from tests.approaches.test_admin_editing import add_url

    data = approach_form([], [], **{REASON_FIELD: ""})
    data["action-submit"] = "action-submit"
    response = client.post(add_url(index), data)
    assert response.status_code == 200 and "Not met:" in reason_error(response)
    assert not ApproachPage.objects.filter(slug="behavioral-activation").exists()

    data[REASON_FIELD] = REASON
    assert client.post(add_url(index), data).status_code == 302
    page = ApproachPage.objects.get(slug="behavioral-activation")
    kept = UnmetItemsReason.objects.get()
    assert (kept.page_id, kept.workflow_state) == (page.pk, page.current_workflow_state)
