"""Quiz test cases as plain data: a clinician's named set of answers and what must hold for them,
read and checked against a flow (any revision, including an unsaved draft) without the database.

Answers are written one question per line, by the names shown in the flow map:

    main-concern: worry
    preferences: skills, peers
    tried-therapy:

An empty answer skips the question; an optional question left out is skipped too.
"""

from dataclasses import dataclass

from quiz.flow import CRISIS, END, Flow
from quiz.scoring import TOP_APPROACHES, compute_results, walk


@dataclass(frozen=True)
class CaseSpec:
    name: str
    answers: str
    # At least one of these approach page ids must be in the top three ("CBT or EMDR").
    in_top: tuple[int, ...] = ()
    not_in_top: int | None = None
    support_level: int | None = None
    crisis: bool = False
    # The results must offer "not now / start on my own" (approaches.selectors.not_now_page).
    not_now: bool = False
    source: str = ""
    is_demo: bool = False


@dataclass(frozen=True)
class AnswerError:
    message: str
    line: int  # 1-based line of the answers text


@dataclass(frozen=True)
class Check:
    expectation: str  # what must hold, in words
    outcome: str  # what the quiz did
    passed: bool


@dataclass(frozen=True)
class CaseResult:
    case: CaseSpec
    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)


def parse_answers(text: str, flow: Flow) -> tuple[dict[str, list[str]], list[AnswerError]]:
    """The answers as {question key: [option keys]}, and every problem, by line, in an editor's words."""
    answers: dict[str, list[str]] = {}
    errors: list[AnswerError] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        key, colon, rest = line.partition(":")
        key = key.strip().lower()
        if not colon:
            errors.append(AnswerError(f"Line {number}: write the question’s name, a colon, then answer names.", number))
            continue
        question = flow.question(key)
        if question is None:
            names = ", ".join(q.key for q in flow.questions)
            errors.append(AnswerError(f"Line {number}: there is no question named “{key}”. Names: {names}.", number))
            continue
        if key in answers:
            errors.append(AnswerError(f"Line {number}: “{key}” is answered twice. Keep one line for it.", number))
            continue
        chosen = [part.strip().lower() for part in rest.split(",") if part.strip()]
        unknown = [option for option in chosen if question.option(option) is None]
        if unknown:
            names = ", ".join(o.key for o in question.options)
            errors.append(
                AnswerError(f"Line {number}: “{key}” has no answer named “{unknown[0]}”. Its answers: {names}.", number)
            )
        elif not chosen and question.required:
            errors.append(AnswerError(f"Line {number}: “{key}” must be answered; it cannot be skipped.", number))
        elif len(chosen) > 1 and not question.allow_multiple:
            message = f"Line {number}: “{key}” takes one answer; this line gives {len(chosen)}."
            errors.append(AnswerError(message, number))
        answers[key] = chosen
    return answers, errors


def evaluate_case(
    flow: Flow, case: CaseSpec, names: dict | None = None, *, not_now_id: int | None = None
) -> CaseResult:
    """Whether each expectation of the case holds on this flow. `names` maps ("approach", id) and
    ("support_level", id) to what editors call them, as quiz.selectors.weight_names does.
    `not_now_id` is the published "not now" page every results page offers (None: there is none)."""
    names = names or {}

    def name(kind, pk):
        return names.get((kind, pk), f"{kind.replace('_', ' ')} {pk}")

    answers, errors = parse_answers(case.answers, flow)
    if errors:
        return CaseResult(case, (Check("The answers fit this quiz", errors[0].message, False),))
    # An optional question with no line is skipped, so a case only spells out what matters.
    answers = {q.key: [] for q in flow.questions if not q.required} | answers
    _path, end = walk(flow, answers)
    if end not in (END, CRISIS):
        question = flow.question(end)
        stopped = f"The answers stop at “{end}” ({question.text if question else 'missing'}): add a line for it."
        return CaseResult(case, (Check("The answers reach the end of the quiz", stopped, False),))

    ending = "The crisis page" if end == CRISIS else "The results"
    if case.crisis:
        return CaseResult(case, (Check("Ends at crisis help", ending, end == CRISIS),))
    checks = [Check("Reaches the results (not crisis help)", ending, end == END)]
    if end == CRISIS:
        return CaseResult(case, tuple(checks))

    results = compute_results(flow, answers)
    top = [s.approach_id for s in results.approaches]
    top_words = ", ".join(name("approach", pk) for pk in top) or "no approach"
    shown = f"Top {TOP_APPROACHES}: {top_words}"
    if case.in_top:
        wanted = " or ".join(name("approach", pk) for pk in case.in_top)
        checks.append(Check(f"{wanted} in the top {TOP_APPROACHES}", shown, any(pk in top for pk in case.in_top)))
    if case.not_in_top:
        unwanted = name("approach", case.not_in_top)
        checks.append(Check(f"{unwanted} not in the top {TOP_APPROACHES}", shown, case.not_in_top not in top))
    if case.support_level:
        got = name("support_level", results.support_level_id) if results.support_level_id else "no support level"
        checks.append(
            Check(
                f"Support level: {name('support_level', case.support_level)}",
                f"Suggested: {got}",
                results.support_level_id == case.support_level,
            )
        )
    if case.not_now:
        offered = "Offered" if not_now_id else "Not offered: the “Start on my own” page is not published"
        checks.append(Check("Offers “not now / start on my own”", offered, not_now_id is not None))
    return CaseResult(case, tuple(checks))


def evaluate_cases(flow: Flow, cases, names: dict | None = None, *, not_now_id: int | None = None) -> list[CaseResult]:
    return [evaluate_case(flow, case, names, not_now_id=not_now_id) for case in cases]


def referenced_ids(cases) -> tuple[set[int], set[int]]:
    """Approach page ids and support level ids the cases name, to look their names up."""
    pages = {pk for case in cases for pk in case.in_top} | {case.not_in_top for case in cases if case.not_in_top}
    levels = {case.support_level for case in cases if case.support_level}
    return pages, levels
