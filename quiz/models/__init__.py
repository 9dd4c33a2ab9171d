from quiz.models.content import Option, Question, Quiz, SupportLevel
from quiz.models.pages import QuizPage
from quiz.models.responses import QuizResponse, ResponseAnswer, ResponseOutcome

__all__ = [
    "Option",
    "Question",
    "Quiz",
    "QuizPage",
    "QuizResponse",
    "ResponseAnswer",
    "ResponseOutcome",
    "SupportLevel",
]
