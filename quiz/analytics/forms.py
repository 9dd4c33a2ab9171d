from datetime import timedelta

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Locale

from quiz.analytics.revisions import published_revisions
from quiz.models import Quiz

MAX_RANGE_DAYS = 3 * 366


class AnalyticsFilterForm(forms.Form):
    """The report's filters. Anything odd becomes a message beside the field, never an error page."""

    quiz = forms.ModelChoiceField(queryset=Quiz.objects.none(), empty_label=None)
    language = forms.ChoiceField(
        required=False, help_text="A quiz’s versions in every language count as one quiz unless you choose one."
    )
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    revision = forms.TypedChoiceField(
        label="Only revision", coerce=int, required=False, empty_value=None, help_text="Published revisions only."
    )
    compare = forms.TypedChoiceField(label="Compare with revision", coerce=int, required=False, empty_value=None)

    def __init__(self, data=None, *, today=None, **kwargs):
        today = today or timezone.localdate()
        quizzes = one_per_translation()
        defaults = {"start": today - timedelta(days=29), "end": today, "quiz": quizzes.order_by("pk").first()}
        if data is not None:
            data = data.copy()
            for name, value in defaults.items():
                if not data.get(name) and value is not None:
                    data[name] = value.pk if isinstance(value, Quiz) else value.isoformat()
        super().__init__(data, initial=defaults, **kwargs)
        self.fields["quiz"].queryset = quizzes.order_by("title")
        self.fields["language"].choices = [("", "All languages"), *settings.LANGUAGES]
        quiz = self._chosen_quiz(data) or defaults["quiz"]
        self.quiz_id = quiz.pk if quiz is not None else None
        # Only revisions patients met: drafts and rejected drafts have no responses to compare.
        choices = [("", "All revisions")]
        self.published = published_revisions(quiz, translations=True) if quiz is not None else []
        choices += [(r.id, r.label) for r in self.published[:50]]
        self.fields["revision"].choices = choices
        self.fields["compare"].choices = [("", "Latest two")] + choices[1:]

    @staticmethod
    def _chosen_quiz(data):
        try:
            return one_per_translation().filter(pk=int((data or {}).get("quiz") or 0)).first()
        except (TypeError, ValueError):
            return None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end date is before the start date.")
            elif (end - start).days > MAX_RANGE_DAYS:
                self.add_error("start", "Choose a range of three years or less.")
        if cleaned.get("compare") and not cleaned.get("revision"):
            self.add_error("compare", "Choose a revision to compare with first.")
        elif cleaned.get("compare") and cleaned.get("compare") == cleaned.get("revision"):
            self.add_error("compare", "Choose a different revision to compare with.")
        return cleaned


def one_per_translation():
    """Each quiz once, in the default language when it has a version in it: the report counts a
    quiz's translations with it."""
    default = Locale.get_default()
    translated = Quiz.objects.filter(locale=default).values("translation_key")
    return Quiz.objects.exclude(~Q(locale=default) & Q(translation_key__in=translated))
