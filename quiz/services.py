"""Writes for the quiz. The results patients see are computed in quiz.scoring (pure)."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from quiz.flow import CRISIS, END, Flow
from quiz.models import QuizResponse, ResponseAnswer, ResponseOutcome
from quiz.scoring import Results, compute_results
from quiz.session import MAX_AGE


class QuizFinished(Exception):
    """The response already ended (results shown or crisis route taken)."""

    def __init__(self, crisis: bool = False):
        super().__init__("crisis" if crisis else "completed")
        self.crisis = crisis


class ResponseGone(Exception):
    """The stored response no longer exists (purged), or is past its lifetime.

    A response only takes answers for RESPONSE_LIFETIME after it started, so a day's figures
    are final once that long has passed after the day ends (see quiz.analytics.rollups).
    """


RESPONSE_LIFETIME = timedelta(seconds=MAX_AGE)


# --- Writes --------------------------------------------------------------------------


def start_response(*, flow: Flow, language: str = "", now=None) -> QuizResponse:
    """A new response on this flow, in `language` (one of settings.LANGUAGES: a response keeps
    nothing else about the patient; anything else is stored as the default language)."""
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return QuizResponse.objects.create(
        quiz_id=flow.quiz_id,
        revision_id=flow.revision_id,
        last_question_key=flow.first.key,
        started_at=now or timezone.now(),
        language=language,
    )


def answer_step(
    *,
    flow: Flow,
    response_id,
    answers: dict[str, list[str]],
    key: str,
    position: int,
    chosen: list[str],
    changed: bool,
    now=None,
) -> str:
    """Record one answer and, if it ends the quiz, the ending. Returns where the patient goes
    next: CRISIS, END, or the next question's key. `answers` must already include this one."""
    destination = flow.next_after(key, chosen)
    if destination != CRISIS and flow.question(destination) is None:
        destination = END
    record_answer(
        response_id=response_id,
        question_key=key,
        position=position,
        chosen=chosen,
        changed=changed,
        crisis=destination == CRISIS,
        results=compute_results(flow, answers) if destination == END else None,
        next_question="" if destination in (END, CRISIS) else destination,
        now=now,
    )
    return destination


def record_answer(
    *,
    response_id,
    question_key: str,
    position: int,
    chosen: list[str],
    changed: bool,
    crisis: bool = False,
    results: Results | None = None,
    next_question: str = "",
    now=None,
) -> None:
    """Record one step exactly once, and end the response when this answer ends the quiz.

    A repeat of the same answer writes nothing; a changed answer (after Back) replaces the
    step and drops the steps after it, which the new answer may no longer lead to. The step
    and the ending are written in one transaction, so a response is never half-finished.
    """
    for attempt in range(2):
        try:
            with transaction.atomic():
                moment = now or timezone.now()
                started_at = _record(response_id, question_key, position, chosen, changed, next_question, moment)
                if crisis:
                    _mark_crisis(response_id, moment)
                elif results is not None:
                    _complete(response_id, results, started_at, moment)
            return
        except IntegrityError:
            # Two submits of the same step raced (a double click on SQLite); the second
            # now finds the first one's rows and treats itself as a repeat.
            if attempt:
                raise


def _record(response_id, question_key, position, chosen, changed, next_question, now):
    # One locked read: is the response still open, and has this question been answered?
    row = (
        QuizResponse.objects.select_for_update()
        .filter(pk=response_id)
        .annotate(answered=Exists(ResponseAnswer.objects.filter(response=OuterRef("pk"), question_key=question_key)))
        .values("started_at", "completed_at", "crisis_at", "answered")
        .first()
    )
    if row is None or row["started_at"] < now - RESPONSE_LIFETIME:
        raise ResponseGone
    if row["completed_at"] or row["crisis_at"]:
        raise QuizFinished(crisis=bool(row["crisis_at"]))
    if row["answered"]:
        if not changed:
            return row["started_at"]
        ResponseAnswer.objects.filter(response_id=response_id, position__gte=position).delete()
    if next_question:
        QuizResponse.objects.filter(pk=response_id).update(last_question_key=next_question)
    ResponseAnswer.objects.bulk_create(
        [
            ResponseAnswer(
                response_id=response_id, position=position, question_key=question_key, option_key=key, answered_at=now
            )
            for key in (chosen or [""])
        ]
    )
    return row["started_at"]


def _mark_crisis(response_id, now) -> None:
    QuizResponse.objects.filter(pk=response_id, crisis_at__isnull=True, completed_at__isnull=True).update(crisis_at=now)


def _complete(response_id, results: Results, started_at, now) -> None:
    updated = QuizResponse.objects.filter(pk=response_id, completed_at__isnull=True, crisis_at__isnull=True).update(
        completed_at=now,
        duration_seconds=max(0, int((now - started_at).total_seconds())),
        support_level_id=results.support_level_id,
    )
    if updated:
        ResponseOutcome.objects.bulk_create(
            [
                ResponseOutcome(response_id=response_id, rank=i, approach_id=s.approach_id)
                for i, s in enumerate(results.approaches, start=1)
            ]
        )


def record_click(*, response_id, rank: int):
    """The patient followed suggestion `rank` from their results. Counted once per suggestion."""
    outcome = ResponseOutcome.objects.filter(response_id=response_id, rank=rank).select_related("approach").first()
    if outcome is None:
        return None
    if outcome.clicked_at is None:
        ResponseOutcome.objects.filter(pk=outcome.pk, clicked_at__isnull=True).update(clicked_at=timezone.now())
    return outcome.approach


# --- The SURE check (issue 26) ----------------------------------------------------------


def record_sure(*, response_id, answers: dict[str, bool], now=None) -> bool:
    """Count one completed response's SURE answers, once. False when it was counted before.

    The response keeps only a flag that the check was answered; the answers go into a count
    per quiz revision, language and combination of answers (SureCount), which names no
    response. Flag and count are written in one transaction: a failure leaves neither.
    Raises ResponseGone for a response that is purged, past its lifetime or not completed.
    """
    from django.db.models import F

    from quiz.models import SureCount
    from quiz.models.sure import SURE_FIELDS

    if set(answers) != set(SURE_FIELDS):
        raise ValueError("the SURE check has exactly four answers")
    moment = now or timezone.now()
    with transaction.atomic():
        row = (
            QuizResponse.objects.filter(pk=response_id)
            .values("quiz_id", "revision_id", "language", "started_at", "completed_at")
            .first()
        )
        if row is None or row["completed_at"] is None or row["started_at"] < moment - RESPONSE_LIFETIME:
            raise ResponseGone
        # The conditional update is the lock: of two submits at once, one changes the row.
        if not QuizResponse.objects.filter(pk=response_id, sure_answered=False).update(sure_answered=True):
            return False
        key = {"revision_id": row["revision_id"] or 0, "language": row["language"], **answers}
        if not SureCount.objects.filter(**key).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    SureCount.objects.create(quiz_id=row["quiz_id"], count=1, **key)
            except IntegrityError:
                # Another patient's first count of the same answers won the insert.
                SureCount.objects.filter(**key).update(count=F("count") + 1)
    return True
