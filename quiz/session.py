"""A patient's place in the quiz, kept in a signed cookie on their own device: never in the
URL and no server-side session write per step.

The cookie is only a reference: the response's random id, the quiz revision it is pinned to
(so an edit published mid-quiz does not change their questions), the question keys shown so
far, the language and whether the quiz has ended. The answers themselves are only in the database
(quiz.models.ResponseAnswer), so someone who reads this browser's cookies learns nothing of
what was chosen. The cookie is signed, so it cannot be edited to skip the safety question;
it has no Max-Age, so it ends when the browser closes, and is refused after a few hours.

The value is Django's signing format (URL-safe base64 and colons), which RFC 6265 allows in a
cookie as it is: no quotes, backslashes or commas for a strict client or proxy to mangle.
"""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.core import signing

COOKIE_NAME = "steady_path_quiz"
COOKIE_SALT = "quiz.state"
MAX_AGE = 3 * 60 * 60


@dataclass
class QuizState:
    response_id: str
    revision_id: int
    path: list[str]  # question keys shown so far, in order; the last is the current one
    status: str = "active"  # active | done | crisis
    # The language the quiz was started in: every step, the results and crisis help stay in
    # it (quiz.views.in_quiz_language). Empty in cookies from before there were two.
    language: str = ""

    @property
    def current(self) -> str:
        return self.path[-1]


class QuizSession:
    def __init__(self, request):
        self.request = request

    @property
    def state(self) -> QuizState | None:
        try:
            raw = self.request.COOKIES[COOKIE_NAME]
            state = QuizState(**signing.loads(raw, salt=COOKIE_SALT, max_age=MAX_AGE))
        except (KeyError, signing.BadSignature, ValueError, TypeError):
            return None  # absent, expired, tampered with, or written by older code
        return state if state.path else None

    @staticmethod
    def save(response, state: QuizState):
        response.set_cookie(
            COOKIE_NAME,
            signing.dumps(asdict(state), salt=COOKIE_SALT, compress=True),
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response

    @staticmethod
    def clear(response):
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
        return response
