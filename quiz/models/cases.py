"""Quiz test cases: a clinician's named answers and what the quiz must suggest for them.

A child of the quiz, so a case is saved in the quiz's revisions and goes through Clinical
review with it. quiz.cases reads and checks a case as plain data.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable


class QuizTestCase(Orderable):
    quiz = ParentalKey("quiz.Quiz", on_delete=models.CASCADE, related_name="test_cases")
    name = models.CharField(max_length=120, help_text="What this case is about, e.g. “Worry, first time in therapy”.")
    answers = models.TextField(
        help_text="One line per question: the question’s name, a colon, then the answer names, e.g. "
        "“main-concern: worry”. Separate several answers with commas; leave the answer empty to skip. "
        "Optional questions you leave out count as skipped. Names are in the flow map (Preview)."
    )
    expect_in_top = models.ForeignKey(
        "approaches.ApproachPage",
        verbose_name="in the top 3",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="This approach must be among the three suggestions.",
    )
    expect_in_top_or = models.ForeignKey(
        "approaches.ApproachPage",
        verbose_name="or this one in the top 3",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: either approach counts (“trauma-focused CBT or EMDR”).",
    )
    expect_not_in_top = models.ForeignKey(
        "approaches.ApproachPage",
        verbose_name="not in the top 3",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="This approach must not be among the three suggestions.",
    )
    expect_support_level = models.ForeignKey(
        "quiz.SupportLevel",
        verbose_name="support level",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The pace and level of support the quiz must suggest.",
    )
    expect_not_now = models.BooleanField(
        "offers “not now / start on my own”",
        default=False,
        help_text="Tick when the results must offer the option of not starting anything yet. It needs the "
        "“Start on my own” approach page published.",
    )
    expect_crisis = models.BooleanField(
        "ends at crisis help",
        default=False,
        help_text="Tick when these answers must send the patient to the crisis page. Unticked, they must "
        "reach the results.",
    )
    source = models.TextField(
        "source", blank=True, help_text="The guidance this case comes from, e.g. “NICE NG116 (2018), 1.6.13”."
    )
    is_demo = models.BooleanField(
        "demo content",
        default=False,
        help_text="Seeded as an example from public guidance: a clinician should confirm it, then untick this.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("answers", widget=forms.Textarea(attrs={"rows": 6})),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("expect_in_top", widget=forms.Select),
                        FieldPanel("expect_in_top_or", widget=forms.Select),
                    ]
                ),
                FieldPanel("expect_not_in_top", widget=forms.Select),
                FieldPanel("expect_support_level", widget=forms.Select),
                FieldPanel("expect_not_now"),
                FieldPanel("expect_crisis"),
            ],
            heading="What must hold",
        ),
        FieldPanel("source"),
        FieldPanel("is_demo"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "test case"

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        suggestions = ("expect_in_top_id", "expect_in_top_or_id", "expect_not_in_top_id", "expect_support_level_id")
        expects_results = self.expect_not_now or any(getattr(self, f) for f in suggestions)
        if not self.expect_crisis and not expects_results:
            raise ValidationError(
                "Say what must hold: an approach in or not in the top 3, a support level, “not now”, or crisis help."
            )
        errors = {}
        if self.expect_crisis and expects_results:
            errors["expect_crisis"] = (
                "A crisis ending shows no suggestions. Untick this, or leave the approaches and support level empty."
            )
        if self.expect_in_top_or_id and not self.expect_in_top_id:
            errors["expect_in_top_or"] = "Choose the first approach as well, or move this one there."
        if self.expect_not_in_top_id and self.expect_not_in_top_id in (self.expect_in_top_id, self.expect_in_top_or_id):
            errors["expect_not_in_top"] = "This approach is also expected in the top 3. Choose one or the other."
        if errors:
            raise ValidationError(errors)

    def as_spec(self):
        from quiz.cases import CaseSpec

        return CaseSpec(
            name=self.name,
            answers=self.answers,
            in_top=tuple(pk for pk in (self.expect_in_top_id, self.expect_in_top_or_id) if pk),
            not_in_top=self.expect_not_in_top_id,
            support_level=self.expect_support_level_id,
            crisis=self.expect_crisis,
            not_now=self.expect_not_now,
            source=self.source,
            is_demo=self.is_demo,
        )
