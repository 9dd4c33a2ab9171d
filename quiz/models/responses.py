"""What the quiz stores for analytics. Nothing here identifies a person.

No IP address, user agent, name, free text or session key: only which answers were chosen
(by the quiz's own option keys), when, in which of the portal's languages, and what the quiz
suggested. A test guards this.
"""

import uuid

from django.db import models
from django.utils import timezone


class QuizResponse(models.Model):
    # A random id; the patient's signed cookie holds it so their steps land on the same row.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    quiz = models.ForeignKey("quiz.Quiz", on_delete=models.PROTECT, related_name="responses")
    revision = models.ForeignKey("wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    crisis_at = models.DateTimeField(null=True, blank=True)
    support_level = models.ForeignKey(
        "quiz.SupportLevel", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)  # start to results
    # The question the patient was last shown: where an unfinished response "left".
    last_question_key = models.CharField(max_length=60, blank=True)
    # The portal language the quiz was taken in (settings.LANGUAGES: "en", "es"), shared by
    # one patient in eight: not identifying. Responses from before issue 17 were all English.
    language = models.CharField(max_length=10, default="en")
    # Whether the SURE check was answered, so a resent form is counted once. What was answered
    # is only in quiz.models.sure.SureCount, counts that point at no response (issue 26).
    sure_answered = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["quiz", "started_at"], name="quiz_response_started"),
            models.Index(fields=["revision", "started_at"], name="quiz_response_revision"),
        ]

    def __str__(self):
        return f"Response {self.pk} ({self.started_at:%Y-%m-%d})"

    @property
    def finished(self) -> bool:
        return bool(self.completed_at or self.crisis_at)


class ResponseAnswer(models.Model):
    """One chosen answer at one step: a row per ticked option, or one row with no option when
    the patient skipped. A step (reached, answered, skipped) is the set of rows for a question."""

    response = models.ForeignKey(QuizResponse, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField()
    question_key = models.CharField(max_length=60)
    option_key = models.CharField(max_length=60, blank=True, help_text="Empty when the question was skipped.")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question_key", "option_key"], name="one_row_per_answer"),
        ]
        indexes = [models.Index(fields=["question_key", "option_key"], name="quiz_answer_option")]
        ordering = ["position", "option_key"]

    def __str__(self):
        return f"{self.position}. {self.question_key}: {self.option_key or '(skipped)'}"

    @property
    def skipped(self) -> bool:
        return not self.option_key


class ResponseOutcome(models.Model):
    response = models.ForeignKey(QuizResponse, on_delete=models.CASCADE, related_name="outcomes")
    rank = models.PositiveSmallIntegerField()
    approach = models.ForeignKey("approaches.ApproachPage", null=True, on_delete=models.SET_NULL, related_name="+")
    clicked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "rank"], name="one_outcome_per_rank")]
        ordering = ["rank"]

    def __str__(self):
        return f"#{self.rank}"
