"""An approach page behind a view restriction (password, sign-in, group) never reaches a
patient through the quiz: not on the results, not through a results link."""

import pytest
from wagtail.models import PageViewRestriction

from approaches.factories import ApproachIndexPageFactory, ApproachPageFactory
from tests.quiz.test_patient_flow import soup


def restrict(page):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")


def finish_with_low_mood(patient):
    patient.start()
    patient.answer("safety", "safe")
    patient.answer("concern", "low")
    patient.answer("sleep", "yes")
    patient.answer("extras", "together")
    return patient.answer("pace", "weekly")


def suggested_titles(client):
    return [a.get_text() for a in soup(client.get("/quiz/results/")).select(".suggestions .option h3 a")]


@pytest.mark.django_db
def test_a_private_approach_page_is_left_out_of_the_results(patient, client, pages):
    restrict(pages["meds"])
    assert finish_with_low_mood(patient)["Location"] == "/quiz/results/"
    # The same answers suggest Medication, CBT and Family therapy (test_patient_flow).
    assert suggested_titles(client) == ["CBT", "Family therapy"]


@pytest.mark.django_db
def test_a_page_restricted_after_the_results_were_shown_is_not_followed(patient, client, pages):
    finish_with_low_mood(patient)
    assert suggested_titles(client)[0] == "Medication"
    restrict(pages["meds"])
    assert client.get("/quiz/suggestion/1/")["Location"] == "/quiz/results/"
    assert client.get("/quiz/suggestion/2/")["Location"] == pages["cbt"].url


@pytest.mark.django_db
def test_a_page_under_a_private_section_is_left_out_too(patient, client, pages, home):
    private = ApproachIndexPageFactory(parent=home, title="Staff only", slug="staff-only")
    restrict(private)
    pages["meds"].move(private, pos="last-child")
    assert finish_with_low_mood(patient)["Location"] == "/quiz/results/"
    assert suggested_titles(client) == ["CBT", "Family therapy"]


@pytest.mark.django_db
def test_restricting_one_page_leaves_its_neighbours_alone(patient, client, pages, home):
    # Only the restricted page and what lies under it are left out, not every page once any is private.
    other = ApproachPageFactory(parent=pages["cbt"].get_parent(), title="Other", slug="other")
    restrict(other)
    finish_with_low_mood(patient)
    assert suggested_titles(client) == ["Medication", "CBT", "Family therapy"]
