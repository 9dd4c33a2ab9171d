from quiz.models.analytics import DailyFigure, RolledUpDay
from quiz.models.cases import QuizTestCase
from quiz.models.content import Option, Question, Quiz
from quiz.models.pages import QuizPage
from quiz.models.responses import QuizResponse, ResponseAnswer, ResponseOutcome
from quiz.models.support import SupportLevel
from quiz.models.sure import SureCount

__all__ = [
    "DailyFigure",
    "RolledUpDay",
    "Option",
    "Question",
    "Quiz",
    "QuizPage",
    "QuizResponse",
    "QuizTestCase",
    "ResponseAnswer",
    "ResponseOutcome",
    "SupportLevel",
    "SureCount",
]
