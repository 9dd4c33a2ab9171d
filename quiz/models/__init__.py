from quiz.models.content import Option, Question, Quiz, SupportLevel
from quiz.models.pages import QuizPage
from quiz.models.responses import QuizResponse, ResponseOutcome, ResponseStep, StepChoice

__all__ = [
    "Option",
    "Question",
    "Quiz",
    "QuizPage",
    "QuizResponse",
    "ResponseOutcome",
    "ResponseStep",
    "StepChoice",
    "SupportLevel",
]
