"""Writes for the quiz, and the pure function that turns answers into results."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from quiz.flow import CRISIS, END, Flow
from quiz.models import QuizResponse, ResponseAnswer, ResponseOutcome
from quiz.session import MAX_AGE

TOP_APPROACHES = 3


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


# --- Results: a pure function of (flow, answers) --------------------------------------


@dataclass(frozen=True)
class Reason:
    question: str
    answer: str


@dataclass(frozen=True)
class Suggestion:
    approach_id: int
    score: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Results:
    approaches: tuple[Suggestion, ...]
    support_level_id: int | None
    support_reasons: tuple[Reason, ...]
    path: tuple[str, ...]


def walk(flow: Flow, answers: dict[str, list[str]]) -> tuple[list[str], str]:
    """The questions these answers lead through, and where they end (END, CRISIS or an unanswered key)."""
    path, key = [], flow.first.key
    while key not in (END, CRISIS):
        question = flow.question(key)
        if question is None or key in path:
            break
        path.append(key)
        if key not in answers:
            return path, key
        key = flow.next_after(key, answers[key])
    return path, key


# An answer "moved" a suggestion materially when it gave it at least this many points, or at
# least this share of its final score (docs/quiz.md, "Why": the reasons patients read).
MATERIAL_POINTS = 2
MATERIAL_SHARE = 0.25


def is_material(weight: int, score: int) -> bool:
    return weight > 0 and (weight >= MATERIAL_POINTS or weight >= MATERIAL_SHARE * score)


def compute_results(flow: Flow, answers: dict[str, list[str]]) -> Results:
    """Score approaches and support levels from the answers on the patient's path.

    Ties go to the approach whose first supporting answer came earliest, then to the lower
    page id. The support level is chosen by `choose_support_level`. Each suggestion names the
    answers that moved it materially (`is_material`); the support level also names the answers
    that set its floor when the floor changed the outcome.
    """
    path, _end = walk(flow, answers)
    approach_score: dict[int, int] = defaultdict(int)
    # target id -> {reason: points that answer gave it}, in the order the patient answered
    approach_points: dict[int, dict[Reason, int]] = defaultdict(dict)
    first_seen: dict[int, int] = {}
    support_score: dict[int, int] = defaultdict(int)
    support_points: dict[int, dict[Reason, int]] = defaultdict(dict)
    floors: dict[int, list[Reason]] = defaultdict(list)  # support level id -> the answers setting it
    answered: list[Reason] = []

    order = 0
    for key in path:
        question = flow.question(key)
        for option in question.options:
            if option.key not in answers.get(key, []):
                continue
            reason = Reason(question.text, option.label)
            answered.append(reason)
            for approach_id, weight in option.approach_weights:
                approach_score[approach_id] += weight
                approach_points[approach_id][reason] = approach_points[approach_id].get(reason, 0) + weight
                first_seen.setdefault(approach_id, order)
                order += 1
            for level_id, weight in option.support_weights:
                support_score[level_id] += weight
                support_points[level_id][reason] = support_points[level_id].get(reason, 0) + weight
                if weight > 0 and (level_id in option.support_floors or level_id in flow.urgent_levels):
                    floors[level_id].append(reason)

    ranked = sorted(
        (aid for aid, score in approach_score.items() if score > 0),
        key=lambda aid: (-approach_score[aid], first_seen[aid], aid),
    )[:TOP_APPROACHES]
    suggestions = tuple(
        Suggestion(aid, approach_score[aid], _material(approach_points[aid], approach_score[aid])) for aid in ranked
    )

    level_id = choose_support_level(flow.support_ranks, support_score, set(floors))
    support_reasons: tuple[Reason, ...] = ()
    if level_id:
        named = set(_material(support_points[level_id], support_score[level_id]))
        if choose_support_level(flow.support_ranks, support_score, set()) != level_id:
            # The floor changed the outcome: the answers that set the highest floor drove it too.
            ranks = flow.support_ranks
            top = max(ranks[lid] for lid in floors if lid in ranks)
            named |= {r for lid, setters in floors.items() if ranks.get(lid) == top for r in setters}
        support_reasons = tuple(dict.fromkeys(r for r in answered if r in named))
    return Results(
        approaches=suggestions,
        support_level_id=level_id,
        support_reasons=support_reasons,
        path=tuple(path),
    )


def _material(points: dict[Reason, int], score: int) -> tuple[Reason, ...]:
    return tuple(reason for reason, weight in points.items() if is_material(weight, score))


def choose_support_level(ranks: dict[int, int], scores: dict[int, int], floors: set[int]) -> int | None:
    """The support level to suggest (the rule is documented in docs/quiz.md).

    An answer that means "at least this much support" (ticked on the weight, and always for
    an urgent level) sets a floor: nothing below the highest floor reached is suggested, so a
    preferred pace never outvotes an urgent need. Above the floor the highest positive score
    wins; with no positive score there, the floor level itself. Ties go to more support
    (higher rank), then to the older level. Levels not in `ranks` (unpublished) never count.
    """
    known = {lid for lid in scores if lid in ranks}
    floor_rank = max((ranks[lid] for lid in floors if lid in known), default=None)
    eligible = [lid for lid in known if floor_rank is None or ranks[lid] >= floor_rank]
    best = max(eligible, key=lambda lid: (scores[lid], ranks[lid], -lid), default=None)
    if best is not None and scores[best] > 0:
        return best
    if floor_rank is None:
        return None
    at_floor = [lid for lid in floors if lid in known and ranks[lid] == floor_rank]
    return max(at_floor, key=lambda lid: (scores[lid], -lid))


# --- Writes --------------------------------------------------------------------------


def start_response(*, flow: Flow, now=None) -> QuizResponse:
    return QuizResponse.objects.create(
        quiz_id=flow.quiz_id,
        revision_id=flow.revision_id,
        last_question_key=flow.first.key,
        started_at=now or timezone.now(),
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
