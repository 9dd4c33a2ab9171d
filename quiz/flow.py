"""A quiz flow as plain data: built from a Quiz (or one of its revisions), then validated,
walked and mapped without touching the database.

Questions are named by `key`. Each question falls through to the next one unless an answer
jumps elsewhere; a crisis answer always ends the flow at the crisis page.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from quiz.keys import default_key

END = "end"
CRISIS = "crisis"


@dataclass(frozen=True)
class OptionSpec:
    key: str
    label: str
    is_crisis: bool = False
    jump_to: str = ""
    approach_weights: tuple[tuple[int, int], ...] = ()  # (approach page id, weight)
    support_weights: tuple[tuple[int, int], ...] = ()  # (support level id, weight)
    support_floors: tuple[int, ...] = ()  # support level ids ticked "at least this level"


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    text: str
    options: tuple[OptionSpec, ...]
    help_text: str = ""
    allow_multiple: bool = False
    required: bool = True

    def option(self, key: str) -> OptionSpec | None:
        return next((o for o in self.options if o.key == key), None)

    def signals_crisis(self, chosen: list[str]) -> bool:
        return any(option.is_crisis for option in self.options if option.key in chosen)


@dataclass(frozen=True)
class Flow:
    quiz_id: int | None
    revision_id: int | None
    title: str
    questions: tuple[QuestionSpec, ...]
    intro: str = ""
    # Read from the published support levels when a patient's flow is loaded (quiz.selectors),
    # not from the quiz revision: a level's rank or urgency changes through its own review.
    support_ranks: dict = field(default_factory=dict, compare=False)  # support level id -> rank
    urgent_levels: frozenset = field(default_factory=frozenset, compare=False)  # ids of urgent levels
    _index: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self):
        self._index.update({q.key: i for i, q in enumerate(self.questions)})

    @property
    def first(self) -> QuestionSpec:
        return self.questions[0]

    def question(self, key: str) -> QuestionSpec | None:
        i = self._index.get(key)
        return None if i is None else self.questions[i]

    def default_next(self, key: str) -> str:
        i = self._index[key]
        return self.questions[i + 1].key if i + 1 < len(self.questions) else END

    def next_after(self, key: str, chosen: list[str]) -> str:
        """Where the patient goes after answering `key` with `chosen` option keys (empty = skipped).

        A crisis answer wins over everything; otherwise the first chosen answer (in the
        editor's order) that jumps decides; otherwise the next question.
        """
        question = self.question(key)
        if question.signals_crisis(chosen):
            return CRISIS
        picked = [o for o in question.options if o.key in chosen]
        for option in picked:
            if option.jump_to:
                return option.jump_to
        return self.default_next(key)

    def estimated_length(self, path: list[str]) -> int:
        """Questions on this path so far plus those ahead if each remaining one takes its first non-crisis answer."""
        if not path:
            path = [self.first.key]
        seen = set(path)
        count, key = len(path), path[-1]
        while True:
            question = self.question(key)
            first_safe = next((o for o in question.options if not o.is_crisis), None)
            key = self.next_after(key, [first_safe.key] if first_safe else [])
            if key in (END, CRISIS) or key in seen or self.question(key) is None:
                return count
            seen.add(key)
            count += 1


def _raw(weights) -> list:
    # Raw data carries the chosen ids, so building a flow costs no page or snippet queries.
    # A StreamValue (saved or as the admin form cleaned it) or its raw list both do.
    if weights is None:
        return []
    return list(getattr(weights, "raw_data", weights))


def stream_ids(weights, block_type: str, target: str) -> tuple[tuple[int, int], ...]:
    out = []
    for item in _raw(weights):
        if item["type"] == block_type and item["value"].get(target):
            out.append((int(item["value"][target]), int(item["value"].get("weight") or 0)))
    return tuple(out)


def support_floors(weights) -> tuple[int, ...]:
    return tuple(
        int(item["value"]["support_level"])
        for item in _raw(weights)
        if item["type"] == "support_level" and item["value"].get("support_level") and item["value"].get("at_least")
    )


def flow_from_data(
    questions: Iterable[Mapping],
    *,
    quiz_id: int | None = None,
    revision_id: int | None = None,
    title: str = "",
    intro: str = "",
) -> Flow:
    """The one place a Flow is built. `questions` are mappings in the editor's order, each with
    text, key, help_text, allow_multiple, required and `options`: mappings with label, key,
    is_crisis, jump_to and weights (a StreamValue or its raw data). Missing values take the
    model's defaults, and an empty key is made from the text (quiz.keys.default_key)."""
    return Flow(
        quiz_id=quiz_id,
        revision_id=revision_id,
        title=title or "",
        intro=intro or "",
        questions=tuple(
            QuestionSpec(
                key=default_key(q.get("key"), q.get("text")),
                text=q.get("text") or "",
                help_text=q.get("help_text") or "",
                allow_multiple=bool(q.get("allow_multiple", False)),
                required=bool(q.get("required", True)),
                options=tuple(
                    OptionSpec(
                        key=default_key(o.get("key"), o.get("label")),
                        label=o.get("label") or "",
                        is_crisis=bool(o.get("is_crisis", False)),
                        jump_to=(o.get("jump_to") or "").strip(),
                        approach_weights=stream_ids(o.get("weights"), "approach", "approach"),
                        support_weights=stream_ids(o.get("weights"), "support_level", "support_level"),
                        support_floors=support_floors(o.get("weights")),
                    )
                    for o in q.get("options", ())
                ),
            )
            for q in questions
        ),
    )


_QUESTION_FIELDS = ("key", "text", "help_text", "allow_multiple", "required")
_OPTION_FIELDS = ("key", "label", "is_crisis", "jump_to", "weights")


def build_flow(quiz, revision_id: int | None = None) -> Flow:
    """A Flow from a Quiz instance, including one restored from a revision (children in memory)."""
    questions = [
        {
            **{name: getattr(question, name) for name in _QUESTION_FIELDS},
            "options": [{name: getattr(option, name) for name in _OPTION_FIELDS} for option in question.options.all()],
        }
        for question in quiz.questions.all()
    ]
    return flow_from_data(questions, quiz_id=quiz.pk, revision_id=revision_id, title=quiz.title, intro=quiz.intro)


# --- Validation ----------------------------------------------------------------------


@dataclass(frozen=True)
class FlowError:
    """A problem an editor must fix, placed beside the field it concerns."""

    message: str
    question: int | None = None  # index into the questions
    option: int | None = None  # index into that question's options
    field: str | None = None
    summary: bool = True  # also listed at the top of the form


def validate_flow(flow: Flow, *, live_approach_ids: set[int] | None = None) -> list[FlowError]:
    errors: list[FlowError] = []
    if not flow.questions:
        return [FlowError("Add at least one question. The first one must be the safety question.")]

    first = flow.questions[0]
    if not first.required or not any(o.is_crisis for o in first.options):
        errors.append(
            FlowError(
                "The first question must be the safety question: make it required and mark at "
                "least one of its answers as a crisis answer.",
                question=0,
                field="required" if not first.required else None,
            )
        )

    seen_keys: dict[str, int] = {}
    for qi, question in enumerate(flow.questions):
        if question.key == END or question.key == CRISIS:
            errors.append(FlowError(f"“{question.key}” is reserved. Choose another name.", qi, field="key"))
        if question.key in seen_keys:
            errors.append(
                FlowError(
                    f"Another question is already named “{question.key}”. Each name must be different.",
                    qi,
                    field="key",
                )
            )
        seen_keys.setdefault(question.key, qi)
        if len(question.options) < 2 and question.required:
            errors.append(FlowError("Give this question at least two answers.", qi))
        option_keys = set()
        for oi, option in enumerate(question.options):
            if option.key in option_keys:
                errors.append(FlowError("Two answers to this question have the same name. Change one.", qi, oi, "key"))
            option_keys.add(option.key)
            if option.is_crisis and option.jump_to:
                errors.append(
                    FlowError(
                        "A crisis answer always goes straight to the crisis page. Leave “jump to” empty.",
                        qi,
                        oi,
                        "jump_to",
                    )
                )
            if live_approach_ids is not None:
                for page_id, _weight in option.approach_weights:
                    if page_id not in live_approach_ids:
                        errors.append(
                            FlowError(
                                "One of the approach pages weighted here is not published. Publish it or "
                                "remove its weight.",
                                qi,
                                oi,
                                "weights",
                            )
                        )
                        break

    errors.extend(_jump_errors(flow, seen_keys))
    return errors


def _jump_errors(flow: Flow, positions: dict[str, int]) -> list[FlowError]:
    errors = []
    missing: dict[str, list[tuple[int, int]]] = {}
    for qi, question in enumerate(flow.questions):
        for oi, option in enumerate(question.options):
            target = option.jump_to
            if not target or target == END or option.is_crisis:
                continue
            if target not in positions:
                missing.setdefault(target, []).append((qi, oi))
            elif positions[target] <= qi:
                # Questions only fall through forwards, so a jump forwards can never loop.
                errors.append(
                    FlowError(
                        f"This jumps back to “{target}”, which could send patients round in a loop. "
                        "Jumps can only go forward.",
                        qi,
                        oi,
                        "jump_to",
                    )
                )
    # One message per missing question, however many answers jumped to it, listing them all;
    # beside each of those answers, a short pointer to choose again.
    for target, places in missing.items():
        answers = ", ".join(f"Q{qi + 1} “{flow.questions[qi].options[oi].label}”" for qi, oi in places)
        (qi, oi), rest = places[0], places[1:]
        errors.append(
            FlowError(
                f"There is no question named “{target}” in this quiz. "
                + (f"{len(places)} answers jump to it: {answers}. " if rest else "")
                + "Choose another question, the end, or the next question.",
                qi,
                oi,
                "jump_to",
            )
        )
        for qi, oi in rest:
            errors.append(
                FlowError(f"Choose where this answer leads: “{target}” is not in this quiz.", qi, oi, "jump_to", False)
            )
    return errors


# --- The map editors see -------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """What an answer gives one approach page or support level, as the flow map shows it."""

    name: str
    weight: int
    note: str = ""


@dataclass(frozen=True)
class MapAnswer:
    option: OptionSpec
    leads_to: str  # where it leads, in words
    anchor: str  # the question it leads to, for a link
    scores: tuple[Score, ...]


@dataclass(frozen=True)
class MapRow:
    number: int
    question: QuestionSpec
    answers: list[MapAnswer]
    reached_by: list[str]


def _scores(flow: Flow, option: OptionSpec, names: dict) -> tuple[Score, ...]:
    scores = [
        Score(names.get(("approach", pid), f"Approach page {pid}"), weight) for pid, weight in option.approach_weights
    ]
    for lid, weight in option.support_weights:
        note = ""
        if weight > 0 and lid in flow.urgent_levels:
            note = "urgent: always suggested"
        elif weight > 0 and lid in option.support_floors:
            note = "at least this level"
        scores.append(Score(names.get(("support_level", lid), f"Support level {lid}"), weight, note))
    return tuple(scores)


def flow_map(flow: Flow, names: dict | None = None) -> list[MapRow]:
    """Every question and answer, where each answer leads and what it scores. `names` maps
    ("approach", id) and ("support_level", id) to what editors call them."""
    names = names or {}
    incoming: dict[str, list[str]] = {q.key: [] for q in flow.questions}
    for i, question in enumerate(flow.questions):
        for option in question.options:
            target = CRISIS if option.is_crisis else (option.jump_to or flow.default_next(question.key))
            if target in incoming and option.jump_to:
                incoming[target].append(f"Q{i + 1} “{option.label}”")
    rows = []
    for i, question in enumerate(flow.questions):
        answers = []
        for option in question.options:
            scores = _scores(flow, option, names)
            if option.is_crisis:
                answers.append(MapAnswer(option, "Crisis page (ends the quiz)", "", scores))
                continue
            target = option.jump_to or flow.default_next(question.key)
            if target == END:
                answers.append(MapAnswer(option, "Results", "", scores))
            else:
                number = flow._index.get(target)
                label = (
                    f"Q{number + 1}: {flow.questions[number].text}" if number is not None else f"“{target}” (missing)"
                )
                answers.append(MapAnswer(option, ("Jumps to " if option.jump_to else "Next: ") + label, target, scores))
        rows.append(MapRow(i + 1, question, answers, incoming[question.key]))
    return rows
