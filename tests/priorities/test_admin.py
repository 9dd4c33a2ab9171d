"""Editing “What matters to you” in the admin: 5–8 statements with unique names, reviewed."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from approaches.factories import ApproachPageFactory
from priorities.factories import make_fit, make_priority_list
from priorities.models import PriorityList


def posted(statements):
    return nested_form_data(
        {
            "title": "What matters to you",
            "intro": "",
            "statements": inline_formset([{"key": key, "text": text} for key, text in statements]),
        }
    )


@pytest.mark.django_db
def test_the_editors_screens_open(admin_client, index):
    priority_list = make_priority_list()
    fit = make_fit(approach=ApproachPageFactory(parent=index), meets=["start-soon"])
    for url in (
        reverse("wagtailsnippets_priorities_prioritylist:add"),
        reverse("wagtailsnippets_priorities_prioritylist:edit", args=[priority_list.pk]),
        reverse("wagtailsnippets_priorities_approachfit:add"),
        reverse("wagtailsnippets_priorities_approachfit:edit", args=[fit.pk]),
        reverse("wagtailsnippets_priorities_prioritylist:preview_on_edit", args=[priority_list.pk]),
    ):
        assert admin_client.get(url).status_code in (200, 405), url


@pytest.mark.django_db
@pytest.mark.parametrize("count, saved", [(4, False), (5, True), (8, True), (9, False)])
def test_a_list_has_five_to_eight_statements(admin_client, count, saved):
    statements = [(f"s-{n}", f"Statement {n}") for n in range(count)]
    response = admin_client.post(reverse("wagtailsnippets_priorities_prioritylist:add"), posted(statements))
    assert PriorityList.objects.exists() is saved
    if not saved:
        assert response.status_code == 200 and "statement" in response.content.decode().lower()


@pytest.mark.django_db
def test_statement_names_are_unique_in_a_list(admin_client):
    statements = [(f"s-{n}", f"Statement {n}") for n in range(4)] + [("s-1", "Again")]
    response = admin_client.post(reverse("wagtailsnippets_priorities_prioritylist:add"), posted(statements))
    assert not PriorityList.objects.exists()
    assert "Another statement already has this name" in response.content.decode()
