"""Synthetic quiz responses for demos and benchmarks: realistic paths through a real flow.

`simulate` decides what one made-up patient does (pure, seeded). `write_one` replays it
through the same services as a real patient; `write_many` stores a batch with bulk inserts,
using the same scoring, for filling millions of rows in a benchmark.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from wagtail.models import ModelLogEntry

from quiz import scoring, services
from quiz.analytics.revisions import published_revisions
from quiz.flow import CRISIS, END, Flow
from quiz.models import QuizResponse, ResponseAnswer, ResponseOutcome
from quiz.selectors import flow_for_revision

DEMO_LABEL = " (demo revision 2: wording of this title only)"

ABANDON_CHANCE = 0.06  # per question
SKIP_CHANCE = 0.25  # for optional questions
CRISIS_CHANCE = 0.02  # at a question with crisis answers


@dataclass
class Run:
    started_at: datetime
    steps: list[tuple[str, list[str], datetime]]  # question key, chosen option keys, when
    ending: str  # END, CRISIS, or "" when abandoned


def simulate(flow: Flow, rng: random.Random, started_at: datetime) -> Run:
    steps, key, moment = [], flow.first.key, started_at
    while True:
        question = flow.question(key)
        if rng.random() < ABANDON_CHANCE:
            return Run(started_at, steps, "")
        moment += timedelta(seconds=rng.randint(4, 40))
        crisis = [o for o in question.options if o.is_crisis]
        safe = [o for o in question.options if not o.is_crisis]
        if crisis and rng.random() < CRISIS_CHANCE:
            chosen = [rng.choice(crisis).key]
        elif not question.required and rng.random() < SKIP_CHANCE:
            chosen = []
        elif question.allow_multiple:
            chosen = [o.key for o in rng.sample(safe, k=min(len(safe), rng.choice([1, 1, 2, 3])))]
        else:
            # Earlier answers are a little more popular, as in most real surveys.
            chosen = [rng.choices(safe, weights=[len(safe) - i + 1 for i in range(len(safe))])[0].key]
        steps.append((key, chosen, moment))
        key = flow.next_after(key, chosen)
        if key in (END, CRISIS) or flow.question(key) is None:
            return Run(started_at, steps, CRISIS if key == CRISIS else END)


def write_one(flow: Flow, run: Run) -> None:
    """Replay a run through the patient-facing services, exactly as the views call them."""
    response = services.start_response(flow=flow, now=run.started_at)
    answers: dict[str, list[str]] = {}
    for position, (key, chosen, moment) in enumerate(run.steps, start=1):
        answers[key] = chosen
        services.answer_step(
            flow=flow,
            response_id=response.pk,
            answers=answers,
            key=key,
            position=position,
            chosen=chosen,
            changed=False,
            now=moment,
        )


def write_many(flow: Flow, runs: list[Run]) -> None:
    """Store many runs at once: the rows `write_one` would write, in a few bulk inserts."""
    responses, answers, outcomes = [], [], []
    for run in runs:
        rid = uuid.uuid4()
        given = {key: chosen for key, chosen, _ in run.steps}
        last = run.steps[-1][2] if run.steps else run.started_at
        response = QuizResponse(
            id=rid,
            quiz_id=flow.quiz_id,
            revision_id=flow.revision_id,
            started_at=run.started_at,
            last_question_key=_last_question(flow, run),
        )
        if run.ending == CRISIS:
            response.crisis_at = last
        elif run.ending == END:
            results = scoring.compute_results(flow, given)
            response.completed_at = last
            response.duration_seconds = int((last - run.started_at).total_seconds())
            response.support_level_id = results.support_level_id
            outcomes += [
                ResponseOutcome(response_id=rid, rank=i, approach_id=s.approach_id)
                for i, s in enumerate(results.approaches, start=1)
            ]
        responses.append(response)
        for position, (key, chosen, moment) in enumerate(run.steps, start=1):
            answers += [
                ResponseAnswer(response_id=rid, position=position, question_key=key, option_key=o, answered_at=moment)
                for o in (chosen or [""])
            ]
    with transaction.atomic():
        QuizResponse.objects.bulk_create(responses, batch_size=2000)
        ResponseAnswer.objects.bulk_create(answers, batch_size=5000)
        ResponseOutcome.objects.bulk_create(outcomes, batch_size=5000)


def _last_question(flow: Flow, run: Run) -> str:
    if not run.steps:
        return flow.first.key
    key, chosen, _ = run.steps[-1]
    if run.ending:
        return key
    return flow.next_after(key, chosen)


def ensure_two_revisions(quiz, *, first_live_at: datetime, second_live_at: datetime) -> bool:
    """Demo data only: give a quiz with one published revision a second one, so the analytics
    have two revisions to compare. The change is to the editors' title alone, labelled as such;
    patients meet the same questions. Both go-live dates are moved back to fit the made-up
    responses. Idempotent: a quiz with two published revisions is left alone. True if it published.
    """
    published = published_revisions(quiz)
    if len(published) != 1:
        return False
    quiz.title = quiz.title[: 120 - len(DEMO_LABEL)] + DEMO_LABEL
    revision = quiz.save_revision()
    revision.publish()
    publishes = ModelLogEntry.objects.filter(action="wagtail.publish")
    publishes.filter(revision_id=published[0].id, timestamp__gt=first_live_at).update(timestamp=first_live_at)
    publishes.filter(revision_id=revision.pk).update(timestamp=second_live_at)
    type(revision).objects.filter(pk=revision.pk).update(created_at=second_live_at)
    return True


def revision_timeline(quiz) -> list[tuple[datetime, Flow]]:
    """(went live at, flow) for each published revision, oldest first."""
    return [(r.went_live_at, flow_for_revision(r.id)) for r in reversed(published_revisions(quiz))]


def flow_at(timeline: list[tuple[datetime, Flow]], moment: datetime) -> Flow:
    """The revision a patient starting at `moment` would have met (the oldest, before any went live)."""
    live = [flow for went_live_at, flow in timeline if went_live_at <= moment]
    return live[-1] if live else timeline[0][1]
