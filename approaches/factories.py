"""Factories for approach content: the tests and `seed_portal` build pages the same way."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from approaches.models import (
    AboutInformationPage,
    ApproachCondition,
    ApproachIndexPage,
    ApproachPage,
    ApproachProviderType,
    Condition,
    HomePage,
    ProviderType,
    StandardPage,
    Story,
)


def stream(block_type: str, values) -> list[dict]:
    """StreamField data in its stored (JSON) form: one block of `block_type` per value."""
    return [{"type": block_type, "value": value} for value in values]


def points(*texts: str) -> list[dict]:
    return stream("point", texts)


class PublishedSnippetFactory(DjangoModelFactory):
    """A reviewed snippet, live with a published revision. `live=False` builds a never-published draft."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        snippet = super()._create(model_class, *args, **kwargs)
        if snippet.live and snippet.live_revision_id is None:
            snippet.save_revision().publish()
            snippet.refresh_from_db()
        return snippet


class ConditionFactory(PublishedSnippetFactory):
    class Meta:
        model = Condition
        django_get_or_create = ("slug", "locale")

    # English unless told: its translations share the slug.
    locale = factory.LazyFunction(Locale.get_default)
    name = factory.Sequence(lambda n: f"Concern {n}")
    slug = factory.Sequence(lambda n: f"concern-{n}")
    description = "A plain-language description of this concern."


class StoryFactory(PublishedSnippetFactory):
    """A published story with consent recorded; pass `approach`."""

    class Meta:
        model = Story

    locale = factory.LazyFunction(Locale.get_default)
    text = "I felt nervous at first. After a few weeks, the sessions felt easier."
    first_name = "Alex"
    consent_given = True
    consent_date = datetime.date(2026, 1, 5)
    consent_recorded_by = "Jo Smith, patient liaison"


class ProviderTypeFactory(PublishedSnippetFactory):
    class Meta:
        model = ProviderType
        django_get_or_create = ("name", "locale")

    locale = factory.LazyFunction(Locale.get_default)
    name = factory.Sequence(lambda n: f"Provider {n}")
    credentials = "LCSW"
    description = "A licensed professional who provides this kind of care."


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Steady Path"
    slug = "home"
    intro = "Plain-language guides to mental-health treatment approaches."


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Information page {n}")
    intro = "An information page."
    body = factory.LazyFunction(list)


class AboutInformationPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AboutInformationPage

    title = "About this information"
    slug = "about-this-information"
    intro = "Who writes and reviews this information, who pays for it, and how we keep it up to date."
    authorship = "The portal team writes the pages."
    funding = "No outside funding."
    conflicts = "None declared."
    update_policy = "Every page is reviewed at least once a year."


class ApproachIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ApproachIndexPage

    title = "Approaches"
    slug = "approaches"
    intro = "Each page explains one approach in the same order."


class ApproachPageFactory(wagtail_factories.PageFactory):
    """Pass `conditions=[…]` and `provider_types=[…]` to link snippets in that order."""

    class Meta:
        model = ApproachPage

    title = factory.Sequence(lambda n: f"Approach {n}")
    summary = "A short description of what this approach is."
    providers_note = "Provided by licensed professionals."
    training_note = "Ask about the provider’s training in this approach."
    session_items = factory.LazyFunction(lambda: points("Talking through your goals"))
    good_fit_items = factory.LazyFunction(lambda: points("You want practical skills"))
    not_fit_items = factory.LazyFunction(lambda: points("You need urgent help today"))
    questions = factory.LazyFunction(lambda: stream("question", ["What does a typical session look like?"]))
    safety_notes = factory.LazyFunction(
        lambda: stream(
            "safety_note", [{"text": "Tell your provider if you feel worse.", "urgent": False, "action": ""}]
        )
    )

    @classmethod
    def _links(cls, kwargs):
        conditions = kwargs.pop("conditions", None) or []
        provider_types = kwargs.pop("provider_types", None) or []
        kwargs["condition_links"] = [ApproachCondition(condition=c, sort_order=i) for i, c in enumerate(conditions)]
        kwargs["provider_links"] = [
            ApproachProviderType(provider_type=p, sort_order=i) for i, p in enumerate(provider_types)
        ]
        return kwargs

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        return super()._build(model_class, *args, **cls._links(kwargs))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return super()._create(model_class, *args, **cls._links(kwargs))
