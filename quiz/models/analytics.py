"""Daily rollups of quiz figures, so the analytics report reads a few thousand rows, not millions.

A day is rolled up only once it is closed: a response takes answers for a bounded time after
it starts (quiz.services.RESPONSE_LIFETIME), so once that long has passed after the day ends,
no write can change that day's figures. Rollups of closed days are therefore final, and stay
correct however many patients are answering at the time.
"""

from django.db import models


class DailyFigure(models.Model):
    quiz = models.ForeignKey("quiz.Quiz", on_delete=models.CASCADE, related_name="+")
    revision_id = models.BigIntegerField(default=0)  # 0 when the revision has since been deleted
    day = models.DateField()
    metric = models.CharField(max_length=16)
    # What the figure counts: each metric fills only the fields it needs (see
    # quiz.analytics.figures.FigureKey); the others stay empty, 0 for ids.
    question_key = models.CharField(max_length=60, blank=True)
    option_key = models.CharField(max_length=60, blank=True)
    approach_id = models.BigIntegerField(default=0)  # 0 when the page has since been deleted
    rank = models.PositiveSmallIntegerField(default=0)
    support_level_id = models.BigIntegerField(default=0)  # 0: no support level was suggested
    duration_bucket = models.PositiveSmallIntegerField(default=0)
    language = models.CharField(max_length=10, default="en")  # QuizResponse.language
    value = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "quiz",
                    "revision_id",
                    "day",
                    "metric",
                    "question_key",
                    "option_key",
                    "approach_id",
                    "rank",
                    "support_level_id",
                    "duration_bucket",
                    "language",
                ],
                name="one_daily_figure_per_language_and_key",
            )
        ]
        indexes = [models.Index(fields=["quiz", "day", "metric"], name="quiz_daily_figure")]

    def __str__(self):
        return f"{self.day} {self.metric}: {self.value}"


class RolledUpDay(models.Model):
    """Marks a (quiz, day) whose figures are stored, including days with no responses at all."""

    quiz = models.ForeignKey("quiz.Quiz", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["quiz", "day"], name="one_rollup_per_day")]

    def __str__(self):
        return f"{self.quiz_id} {self.day}"
