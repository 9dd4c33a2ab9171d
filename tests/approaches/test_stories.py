"""Personal stories: shown as one person's experience, never as advice, and only with consent and review."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import WorkflowContentType

from approaches.factories import StoryFactory
from approaches.models import Story


def stories_section(client, page):
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    return html.find("section", attrs={"aria-labelledby": "stories"})


@pytest.mark.django_db
def test_a_story_with_consent_is_shown_as_one_persons_experience_not_advice(client, approach):
    StoryFactory(approach=approach, text="I was scared to start. Talking helped me.", first_name="Maria")
    section = stories_section(client, approach)
    assert section.find("h2").get_text(strip=True) == "One person’s experience"
    text = section.get_text(" ", strip=True)
    assert "one person’s experience, in their own words. It is not advice" in text
    assert section.find("blockquote").get_text(strip=True) == "I was scared to start. Talking helped me."
    assert section.find("figcaption").get_text(strip=True) == "Maria"
    assert "not a real person" not in text


@pytest.mark.django_db
def test_a_demo_story_says_so_and_an_unnamed_teller_is_anonymous(client, approach):
    StoryFactory(approach=approach, first_name="", is_demo_content=True)
    caption = stories_section(client, approach).find("figcaption").get_text(" ", strip=True)
    assert caption.startswith("Anonymous") and "written for the demo, not a real person" in caption


@pytest.mark.django_db
def test_no_story_without_consent_or_before_approval(client, approach):
    StoryFactory(approach=approach, consent_given=False, consent_date=None, consent_recorded_by="")
    StoryFactory(approach=approach, live=False)  # a draft waiting for Clinical review
    assert stories_section(client, approach) is None


@pytest.mark.django_db
def test_recorded_consent_says_when_and_by_whom(approach):
    story = StoryFactory.build(approach=approach, consent_date=None, consent_recorded_by=" ")
    with pytest.raises(ValidationError) as refused:
        story.full_clean()
    assert set(refused.value.message_dict) >= {"consent_date", "consent_recorded_by"}
    story.consent_date = timezone.localdate() + datetime.timedelta(days=1)
    story.consent_recorded_by = "Jo Smith"
    with pytest.raises(ValidationError, match="future"):
        story.full_clean()


@pytest.mark.django_db
def test_stories_go_through_clinical_review(db):
    link = WorkflowContentType.objects.get(content_type=ContentType.objects.get_for_model(Story))
    assert link.workflow.name == "Clinical review"


@pytest.mark.django_db
def test_a_story_in_spanish_is_shown_in_spanish(client, approach):
    from wagtail.models import Locale

    spanish = Locale.objects.get_or_create(language_code="es")[0]
    page_es = approach.copy_for_translation(spanish, copy_parents=True)
    page_es.save_revision().publish()
    story = StoryFactory(approach=approach, first_name="")
    twin = story.copy_for_translation(spanish)
    twin.text, twin.approach = "Al principio tenía miedo.", page_es
    twin.save()
    twin.save_revision().publish()
    section = stories_section(client, page_es)
    assert section.find("h2").get_text(strip=True) == "La experiencia de una persona"
    assert section.find("blockquote").get_text(strip=True) == "Al principio tenía miedo."
    assert section.find("figcaption").get_text(strip=True) == "Anónimo"
