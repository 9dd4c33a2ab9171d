"""The quiz's admin listings open for every role that can edit quizzes."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.core.test_governance import member

QUIZ_ROLES = ["Clinical editors", "Clinical reviewers", "Site admins"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", QUIZ_ROLES)
def test_quiz_list_opens_for_every_quiz_role(client, quiz, role):
    client.force_login(member(role))
    response = client.get(reverse("wagtailsnippets_quiz_quiz:list"))
    assert response.status_code == 200
    table = BeautifulSoup(response.content, "html.parser").select_one("main table.listing")
    edit = table.find("a", href=reverse("wagtailsnippets_quiz_quiz:edit", args=[quiz.pk]))
    assert edit.get_text(strip=True) == quiz.title
    assert "live" in table.select_one(".w-status").get_text().lower()


@pytest.mark.django_db
@pytest.mark.parametrize("role", QUIZ_ROLES)
def test_support_level_list_opens_for_every_quiz_role(client, levels, role):
    client.force_login(member(role))
    response = client.get(reverse("wagtailsnippets_quiz_supportlevel:list"))
    assert response.status_code == 200
    assert "Urgent help" in BeautifulSoup(response.content, "html.parser").select_one("main table.listing").get_text()
