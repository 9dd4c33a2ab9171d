from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

PRIVACY_NOTE = (
    "This quiz is anonymous. You don’t need an account, and we never ask for your name. "
    "To improve the quiz, we keep which answers were chosen, in which language, when, and what the quiz suggested. "
    "We do not keep your IP address, your device or browser details, or anything you type. "
    "Your progress is kept only in this browser session, and you can start again at any time."
)


class QuizPage(Page):
    """Where patients take a quiz. The questions live in the chosen Quiz snippet."""

    intro = models.TextField(
        max_length=600,
        default="A few short questions can narrow the field to a steady starting point. "
        "It takes about two minutes, and you can skip or go back.",
    )
    privacy_note = models.TextField(max_length=800, default=PRIVACY_NOTE)
    quiz = models.ForeignKey("quiz.Quiz", null=True, on_delete=models.SET_NULL, related_name="+")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("privacy_note"), FieldPanel("quiz")]

    parent_page_types = ["approaches.HomePage"]
    subpage_types = []
    max_count = 1

    @property
    def meta_description(self):
        return self.search_description or self.intro

    def quiz_for_patients(self):
        """The quiz patients take here: the version of the page's quiz in the page's language when
        it is published, else the default language's (as `.localized` falls back), else None. A
        translation still waiting for Clinical review is never it. One query."""
        if self.quiz_id is None:
            return None
        from django.conf import settings

        from quiz.models.content import Quiz

        same_quiz = Quiz.objects.filter(pk=self.quiz_id).values("translation_key")
        versions = Quiz.objects.filter(translation_key__in=same_quiz).select_related("locale")
        available = {quiz.locale_id: quiz for quiz in versions if quiz.is_available}
        default = next((q for q in available.values() if q.locale.language_code == settings.LANGUAGE_CODE), None)
        return available.get(self.locale_id, default)

    @property
    def start_url(self) -> str:
        from django.urls import reverse

        return reverse("quiz:start", kwargs={"page_id": self.pk})

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def get_context(self, request, *args, **kwargs):
        from django.utils import translation

        from quiz.session import QuizSession

        context = super().get_context(request, *args, **kwargs)
        state = QuizSession(request).state
        # A quiz under way in another language carries on there, not from this page.
        same_language = state is not None and state.language in ("", translation.get_language())
        context["in_progress"] = state if same_language and state.status == "active" else None
        context["quiz_ready"] = self.quiz_for_patients() is not None
        return context
