"""The "About this information" page every approach page links to."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class AboutInformationPage(Page):
    """ "About this information": who writes and reviews the content, funding, conflicts of
    interest and the update policy (IPDAS). Every approach page links to it beside its review stamp.

    The reviewers are governance's records, which this layer may not import: governance hands
    them in through the `about_information_reviewers` hook (governance/wagtail_hooks.py)."""

    intro = models.TextField(max_length=600)
    authorship = models.TextField("who writes the content", max_length=1000)
    funding = models.TextField(max_length=600, help_text="Who pays for this site, and whether they shape the content.")
    conflicts = models.TextField("conflicts of interest", max_length=600)
    update_policy = models.TextField(
        max_length=1000, help_text="How often pages are reviewed, and what triggers an early review."
    )

    content_panels = Page.content_panels + [
        *(FieldPanel("intro"), FieldPanel("authorship"), FieldPanel("funding")),
        *(FieldPanel("conflicts"), FieldPanel("update_policy")),
    ]
    parent_page_types = ["approaches.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    @property
    def meta_description(self):
        return self.search_description or self.intro

    @classmethod
    def own_content_type_pk(cls) -> int:
        """(Not `content_type_id`: that is every page's own field, which a method would hide.)"""
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects.get_for_model(cls).pk

    def reviewers(self) -> list:
        from wagtail import hooks

        return [reviewer for fn in hooks.get_hooks("about_information_reviewers") for reviewer in fn()]

    @property
    def structured_data(self) -> dict:
        """schema.org AboutPage, with the reviewers as `reviewedBy` people."""
        return {
            "@context": "https://schema.org",
            "@type": "AboutPage",
            "name": self.title,
            "description": self.meta_description,
            "url": self.full_url,
            "inLanguage": self.locale.language_code,
            "reviewedBy": [{"@type": "Person", "name": r.name, "jobTitle": r.credentials} for r in self.reviewers()],
        }
