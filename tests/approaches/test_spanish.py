"""Spanish (issue 17): what tests build themselves (conditions, translations, cached pages) and the
helpers for the seeded Spanish tree, whose tests are in test_spanish_seeded.py."""

import io
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from wagtail.models import Locale, Page

from approaches.factories import ApproachPageFactory, ConditionFactory
from approaches.models import Condition
from core.delivery.page_cache import _is_candidate
from quiz.models import QuizPage
from tests.approaches.test_admin_editing import approach_form
from tests.core.test_governance import member

ENGLISH_ADDRESSES = ["/", "/approaches/", "/get-help/", "/credentials-and-training/", "/about/", "/compare/"]


def seed() -> str:
    out = io.StringIO()
    call_command("seed_portal", stdout=out)
    return out.getvalue()


def english_pages():
    """Every live English page patients can open, but the quiz page (its Spanish twin is the
    Spanish quiz's, tests/quiz/test_spanish_quiz.py)."""
    return [
        p
        for p in Page.objects.live().filter(locale=Locale.get_default(), depth__gt=1).specific()
        if not isinstance(p, QuizPage)
    ]


def path_of(url: str) -> str:
    return urlsplit(url).path


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def alternates(response) -> dict[str, str]:
    return {
        link["hreflang"]: path_of(link["href"]) for link in soup(response).select('link[rel="alternate"][hreflang]')
    }


def test_spanish_patient_tools_are_never_stored_in_the_page_cache(rf):
    for path in ["/es/quiz/", "/es/search/", "/es/compare/", "/es/questions/"]:
        assert not _is_candidate(rf.get(path)), path
    assert _is_candidate(rf.get("/es/enfoques/"))


def test_a_condition_slug_is_unique_per_language_not_across_languages(db):
    spanish = Locale.objects.get(language_code="es")
    english = ConditionFactory(name="Severe anxiety", slug="severe-anxiety")
    twin = english.copy_for_translation(spanish)
    twin.name = "Ansiedad grave"
    twin.save()
    assert twin.slug == english.slug and twin.translation_key == english.translation_key
    with pytest.raises(IntegrityError), transaction.atomic():
        Condition.objects.create(name="Otra", slug="severe-anxiety", description="x", locale=spanish)


@pytest.mark.django_db
def test_an_editors_spanish_translation_goes_through_clinical_review(client, index):
    spanish = Locale.objects.get(language_code="es")
    english = ApproachPageFactory(parent=index, slug="behavioral-activation")
    english.save_revision().publish()
    # "Translate this page" (manual mode) makes a draft copy in the Spanish tree.
    translation = english.copy_for_translation(spanish, copy_parents=True)
    assert not translation.live

    client.force_login(member("Clinical editors"))
    edit_url = reverse("wagtailadmin_pages:edit", args=[translation.pk])
    form = client.get(edit_url)
    assert form.status_code == 200
    assert 'name="action-publish"' not in form.content.decode()

    data = approach_form([], [], title="Activación conductual", slug="activacion-conductual")
    data["action-publish"] = "action-publish"
    client.post(edit_url, data)
    translation.refresh_from_db()
    assert not translation.live

    data = approach_form([], [], title="Activación conductual", slug="activacion-conductual")
    data["action-submit"] = "action-submit"
    assert client.post(edit_url, data).status_code == 302
    translation.refresh_from_db()
    assert not translation.live
    assert translation.current_workflow_task_state is not None
    assert translation.current_workflow_task_state.task.name


@pytest.mark.django_db
def test_stored_english_pages_do_not_vary_by_the_browsers_language(client, approach):
    response = client.get(approach.url, HTTP_ACCEPT_LANGUAGE="es")
    assert response["X-Page-Cache"] == "miss"
    assert "accept-language" not in response.get("Vary", "").lower()
    assert soup(response).html["lang"] == "en"
