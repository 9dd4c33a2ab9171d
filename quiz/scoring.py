"""Scoring: answers in, suggestions out. Pure functions of a Flow and the chosen option keys.

No database: the flow carries the weights (quiz.flow) and the published support levels'
ranks, so any version of the quiz (live, a revision, an unsaved draft) scores the same way.
"""

from collections import defaultdict
from dataclasses import dataclass

from quiz.flow import CRISIS, END, Flow

TOP_APPROACHES = 3


@dataclass(frozen=True)
class Reason:
    question: str
    answer: str


@dataclass(frozen=True)
class Suggestion:
    approach_id: int
    score: int
    reasons: tuple[Reason, ...]
    # The patient's answers that counted against this approach: "what might not fit" (issue 26).
    cautions: tuple[Reason, ...] = ()


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
        Suggestion(
            aid,
            approach_score[aid],
            _material(approach_points[aid], approach_score[aid]),
            tuple(reason for reason, weight in approach_points[aid].items() if weight < 0),
        )
        for aid in ranked
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
