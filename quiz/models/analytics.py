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
    key1 = models.CharField(max_length=60, blank=True)
    key2 = models.CharField(max_length=60, blank=True)
    value = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "revision_id", "day", "metric", "key1", "key2"], name="one_daily_figure"
            )
        ]
        indexes = [models.Index(fields=["quiz", "day", "metric"], name="quiz_daily_figure")]

    def __str__(self):
        return f"{self.day} {self.metric} {self.key1} {self.key2}: {self.value}"


class RolledUpDay(models.Model):
    """Marks a (quiz, day) whose figures are stored, including days with no responses at all."""

    quiz = models.ForeignKey("quiz.Quiz", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["quiz", "day"], name="one_rollup_per_day")]

    def __str__(self):
        return f"{self.quiz_id} {self.day}"
