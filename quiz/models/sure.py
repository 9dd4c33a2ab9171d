"""The SURE check's answers, kept only as counts (issue 26).

After their results a patient may answer the four SURE questions (Sure of myself? Understand
the information? Risk–benefit clear? Enough support and advice?), yes or no each. What is kept
is a count per quiz revision, language and combination of the four answers: no row per answer,
no time, and nothing pointing at a response. The response only learns *that* the check was
answered (QuizResponse.sure_answered), so a resent form is counted once.
"""

from django.db import models

# The four questions, in the order of the SURE test; each is a BooleanField below.
SURE_FIELDS = ("sure_of_myself", "understand_information", "risk_benefit_clear", "enough_support")


class SureCount(models.Model):
    quiz = models.ForeignKey("quiz.Quiz", on_delete=models.CASCADE, related_name="+")
    # The revision the patient's quiz was pinned to; a plain id, as in DailyFigure, so the counts
    # outlive a purge of old revisions.
    revision_id = models.BigIntegerField()
    language = models.CharField(max_length=10)  # QuizResponse.language: "en", "es"
    sure_of_myself = models.BooleanField()
    understand_information = models.BooleanField()
    risk_benefit_clear = models.BooleanField()
    enough_support = models.BooleanField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["revision_id", "language", *SURE_FIELDS], name="one_sure_count_per_key"),
        ]
        indexes = [models.Index(fields=["quiz", "revision_id"], name="quiz_sure_count")]

    def __str__(self):
        answers = "".join("Y" if getattr(self, f) else "N" for f in SURE_FIELDS)
        return f"revision {self.revision_id} {self.language} {answers}: {self.count}"

    @property
    def all_yes(self) -> bool:
        return all(getattr(self, f) for f in SURE_FIELDS)
