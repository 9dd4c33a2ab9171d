"""A patient's place in the quiz, kept in their session: never in the URL, never in the database.

The state is pinned to the quiz revision the patient started on, so an edit published
mid-quiz does not change their questions.
"""

from dataclasses import asdict, dataclass, field

SESSION_KEY = "steady_path_quiz"


@dataclass
class QuizState:
    response_id: str
    quiz_id: int
    revision_id: int
    path: list[str]  # question keys shown so far, in order; the last is the current one
    answers: dict[str, list[str]] = field(default_factory=dict)
    status: str = "active"  # active | done | crisis

    @property
    def current(self) -> str:
        return self.path[-1]


class QuizSession:
    def __init__(self, request):
        self.session = request.session

    @property
    def state(self) -> QuizState | None:
        raw = self.session.get(SESSION_KEY)
        if not isinstance(raw, dict):
            return None
        try:
            state = QuizState(**raw)
        except TypeError:
            return None  # written by an older version of this code: treat as expired
        return state if state.path else None

    def save(self, state: QuizState) -> None:
        self.session[SESSION_KEY] = asdict(state)

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)
