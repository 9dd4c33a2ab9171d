"""What the quiz stores for analytics. Nothing here identifies a person.

No IP address, user agent, name, free text or session key: only which answers were chosen
(by the quiz's own option keys), when, and what the quiz suggested. A test guards this.
"""

import uuid

from django.db import models
from django.utils import timezone


class QuizResponse(models.Model):
    # A random id; the patient's session holds it so their steps land on the same row.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    quiz = models.ForeignKey("quiz.Quiz", on_delete=models.PROTECT, related_name="responses")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    crisis_at = models.DateTimeField(null=True, blank=True)
    support_level = models.ForeignKey(
        "quiz.SupportLevel", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["quiz", "started_at"], name="quiz_response_started"),
            models.Index(fields=["revision", "started_at"], name="quiz_response_revision"),
        ]

    @property
    def finished(self) -> bool:
        return bool(self.completed_at or self.crisis_at)


class ResponseStep(models.Model):
    response = models.ForeignKey(QuizResponse, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    question_key = models.CharField(max_length=60)
    skipped = models.BooleanField(default=False)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question_key"], name="one_step_per_question"),
        ]
        ordering = ["position"]


class StepChoice(models.Model):
    step = models.ForeignKey(ResponseStep, on_delete=models.CASCADE, related_name="choices")
    option_key = models.CharField(max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["step", "option_key"], name="one_choice_per_option")]


class ResponseOutcome(models.Model):
    response = models.ForeignKey(QuizResponse, on_delete=models.CASCADE, related_name="outcomes")
    rank = models.PositiveSmallIntegerField()
    approach = models.ForeignKey(
        "approaches.ApproachPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "rank"], name="one_outcome_per_rank")]
        ordering = ["rank"]
