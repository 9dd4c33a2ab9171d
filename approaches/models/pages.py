"""The home page and the plain pages under it."""

from django.db import models
from django.http import Http404
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from approaches import blocks, queries
from approaches.models.approach_pages import ApproachIndexPage, ApproachPage


class HomePage(Page):
    intro = models.TextField(max_length=600, help_text="What the portal is, and that it is educational only.")

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        *("approaches.ApproachIndexPage", "approaches.StandardPage", "quiz.QuizPage"),
        "approaches.AboutInformationPage",
    ]
    max_count = 1

    @property
    def meta_description(self):
        return self.search_description or self.intro

    def route(self, request, path_components):
        """Find the deepest page along the path in one query, rather than two queries per level.

        That page's own route() handles whatever is left of the path, so pages with
        sub-routes (RoutablePageMixin) and unpublished pages behave as in Wagtail's walk.
        """
        if not path_components:
            return super().route(request, path_components)
        prefixes = [self.url_path + "/".join(path_components[:i]) + "/" for i in range(1, len(path_components) + 1)]
        deepest = (
            Page.objects.filter(path__startswith=self.path, url_path__in=prefixes)
            .order_by("-depth")
            .only("id", "depth", "content_type_id")
            .first()
        )
        if deepest is None:
            raise Http404
        return deepest.specific.route(request, path_components[deepest.depth - self.depth :])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The same read as approaches.selectors.public_index, which a model may not import.
        index = queries.public(ApproachIndexPage.objects.child_of(self)).first()
        approaches = list(queries.live_approaches(ApproachPage.objects.child_of(index))) if index else []
        context["approaches"] = approaches
        context["conditions"] = queries.conditions_of(approaches)
        context["approach_index"] = index
        return context


class StandardPage(Page):
    intro = models.TextField(max_length=600, blank=True)
    body = StreamField(blocks.StandardStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["approaches.HomePage", "approaches.StandardPage"]
    subpage_types = ["approaches.StandardPage"]

    @property
    def meta_description(self):
        return self.search_description or self.intro
