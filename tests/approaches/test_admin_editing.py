"""Clinicians create and edit approach pages in the Wagtail admin, and see plain-language errors."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from approaches.models import ApproachPage


def approach_form(conditions, provider_types, **overrides):
    data = {
        "title": "Behavioral activation",
        "slug": "behavioral-activation",
        "summary": "Small, planned activities that slowly bring back energy and interest.",
        "review_interval_months": "12",
        "providers_note": "Provided by licensed therapists.",
        "training_note": "Ask how often they use this approach.",
        "session_items": streamfield([("point", "Plan one small activity each day")]),
        "good_fit_items": streamfield([("point", "You feel stuck and low on energy")]),
        "not_fit_items": streamfield([("point", "You need urgent help today")]),
        "pace_heading": "If this feels hard right now, that’s okay",
        "pace_text": "Start smaller than you think.",
        "questions_intro": "Pick the ones that help.",
        "questions": streamfield([("question", "How do we choose the first step?")]),
        "safety_notes": streamfield([("safety_note", {"text": "Tell your therapist if you feel worse."})]),
        "access": streamfield([]),
        "outcomes": streamfield([]),
        "sources": streamfield([]),
        "provider_links": inline_formset([{"provider_type": str(p.pk)} for p in provider_types]),
        "condition_links": inline_formset([{"condition": str(c.pk)} for c in conditions]),
        # This page leaves checklist items unmet (no decision, sources or outcomes), which a submit
        # for review must explain (tests/decision_aid/test_submit_reason.py); a draft ignores it.
        "unmet_checklist_reason": "A test page: the checklist is not what this test is about.",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["approaches", "approachpage", parent.pk])


@pytest.mark.django_db
def test_clinician_creates_and_publishes_an_approach_page(
    admin_client, index, conditions, provider_types, template_context
):
    data = approach_form(conditions[:2], provider_types)
    data["action-publish"] = "action-publish"

    response = admin_client.post(add_url(index), data)

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = ApproachPage.objects.get(slug="behavioral-activation")
    assert page.live
    assert [link.condition for link in page.condition_links.all()] == conditions[:2]
    assert [link.provider_type for link in page.provider_links.all()] == provider_types
    assert page.session_items[0].value == "Plan one small activity each day"
    assert page.safety_notes[0].value["text"] == "Tell your therapist if you feel worse."


@pytest.mark.django_db
def test_clinician_edits_an_approach_page(admin_client, approach, conditions, provider_types):
    sleep_link, adhd_link = approach.condition_links.all()
    data = approach_form([], provider_types[1:], title="Sleep therapy", slug=approach.slug)
    # The edit form carries the existing links: keep one, delete one, add one in front.
    data.update(
        nested_form_data(
            {
                "condition_links": inline_formset(
                    [
                        {"id": str(sleep_link.pk), "condition": str(conditions[1].pk), "ORDER": "2"},
                        {"id": str(adhd_link.pk), "condition": str(conditions[2].pk), "DELETE": "on"},
                        {"condition": str(conditions[0].pk), "ORDER": "1"},
                    ],
                    initial=2,
                )
            }
        )
    )
    data["action-publish"] = "action-publish"

    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[approach.pk]), data)

    assert response.status_code == 302
    approach = ApproachPage.objects.get(pk=approach.pk)
    assert approach.title == "Sleep therapy"
    assert [link.condition for link in approach.condition_links.all()] == [conditions[0], conditions[1]]
    page = admin_client.get(approach.url)
    assert b"Sleep therapy" in page.content


@pytest.mark.django_db
def test_urgent_safety_note_without_an_action_is_refused_with_a_clear_message(admin_client, index, conditions):
    data = approach_form(
        conditions,
        [],
        safety_notes=streamfield([("safety_note", {"text": "Stopping suddenly can be risky.", "urgent": "on"})]),
    )

    response = admin_client.post(add_url(index), data)

    assert response.status_code == 200
    assert "An urgent note must tell the reader what to do." in response.content.decode()
    assert not ApproachPage.objects.filter(slug="behavioral-activation").exists()


@pytest.mark.django_db
def test_pace_note_heading_without_text_is_refused(admin_client, index, conditions):
    data = approach_form(conditions, [], pace_text="")
    data["action-publish"] = "action-publish"

    response = admin_client.post(add_url(index), data)

    assert response.status_code == 200
    assert "The pace note needs both a heading and its text" in response.content.decode()
    assert not ApproachPage.objects.filter(slug="behavioral-activation").exists()


@pytest.mark.django_db
def test_same_condition_twice_is_a_form_error_not_a_crash(admin_client, index, conditions):
    data = approach_form([conditions[0], conditions[0]], [])
    data["action-publish"] = "action-publish"

    response = admin_client.post(add_url(index), data)

    assert response.status_code == 200
    assert "Please correct the duplicate data for page and condition" in response.content.decode()
    assert not ApproachPage.objects.filter(slug="behavioral-activation").exists()


@pytest.mark.django_db
def test_new_approach_page_form_starts_with_the_shared_pace_and_questions_wording(admin_client, index):
    response = admin_client.get(add_url(index))
    html = response.content.decode()
    assert "If this feels hard right now, that’s okay" in html
    assert "You don’t have to ask all of these" in html
