"""Factories for quizzes: tests and `seed_portal` build quizzes the same way.

`QuizFactory(questions=[...])` takes plain dicts, so a test reads like the quiz it builds:

    {"key": "safety", "text": "Are you safe right now?", "options": [
        {"label": "Yes"}, {"label": "No", "is_crisis": True}]}
"""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from quiz.models import Option, Question, Quiz, QuizPage, QuizTestCase, SupportLevel


class SupportLevelFactory(DjangoModelFactory):
    class Meta:
        model = SupportLevel
        django_get_or_create = ("slug", "locale")

    # English unless told: its translations share the slug.
    locale = factory.LazyFunction(Locale.get_default)
    name = factory.Sequence(lambda n: f"Support level {n}")
    slug = factory.Sequence(lambda n: f"support-level-{n}")
    rank = factory.Sequence(lambda n: n + 1)
    patient_text = "What this level of support looks like."

    @classmethod
    def _create(cls, model_class, *args, publish=True, **kwargs):
        """Published, as patients would see it, unless `publish=False` (a draft never published)."""
        level = super()._create(model_class, *args, **({"live": False} if not publish else {}) | kwargs)
        if publish and level.live_revision_id is None:
            level.save_revision().publish()
            level.refresh_from_db()
        return level


def weights(approaches: dict | None = None, support: dict | None = None, at_least=()) -> list[dict]:
    """Option weights in StreamField form from {page_or_id: weight} and {level_or_id: weight};
    the support levels in `at_least` are ticked "at least this level"."""
    floors = {getattr(level, "pk", level) for level in at_least}
    out = []
    for target, weight in (approaches or {}).items():
        out.append({"type": "approach", "value": {"approach": getattr(target, "pk", target), "weight": weight}})
    for target, weight in (support or {}).items():
        pk = getattr(target, "pk", target)
        out.append(
            {"type": "support_level", "value": {"support_level": pk, "weight": weight, "at_least": pk in floors}}
        )
    return out


def build_question(data: dict, order: int) -> Question:
    question = Question(
        key=data.get("key", ""),
        text=data["text"],
        help_text=data.get("help_text", ""),
        allow_multiple=data.get("allow_multiple", False),
        required=data.get("required", True),
        sort_order=order,
    )
    question.options = [
        Option(
            key=option.get("key", ""),
            label=option["label"],
            is_crisis=option.get("is_crisis", False),
            jump_to=option.get("jump_to", ""),
            weights=option.get("weights", []),
            sort_order=i,
        )
        for i, option in enumerate(data["options"])
    ]
    return question


SAFETY_QUESTION = {
    "key": "safety",
    "text": "Are you safe right now?",
    "options": [
        {"key": "safe", "label": "Yes, I’m safe right now"},
        {"key": "not-safe", "label": "No, I might hurt myself", "is_crisis": True},
    ],
}


def build_test_case(data: dict, order: int) -> QuizTestCase:
    """A test case from a dict of its fields; approach pages and support levels as objects or ids."""
    fields = {key: getattr(value, "pk", value) for key, value in data.items()}
    for relation in ("expect_in_top", "expect_in_top_or", "expect_not_in_top", "expect_support_level"):
        if relation in fields:
            fields[f"{relation}_id"] = fields.pop(relation)
    return QuizTestCase(sort_order=order, **fields)


class QuizFactory(DjangoModelFactory):
    """Builds and saves a quiz; pass `publish=True` to publish its first revision, and
    `test_cases=[{"name": ..., "answers": "safety: safe", "expect_crisis": False, ...}]`."""

    class Meta:
        model = Quiz

    title = factory.Sequence(lambda n: f"Quiz {n}")
    intro = ""

    @classmethod
    def _create(cls, model_class, *args, questions=None, test_cases=(), publish=False, **kwargs):
        quiz = model_class(*args, **kwargs)
        quiz.questions = [build_question(q, i) for i, q in enumerate(questions or [SAFETY_QUESTION])]
        quiz.test_cases = [build_test_case(case, i) for i, case in enumerate(test_cases)]
        quiz.save()
        if publish:
            quiz.save_revision().publish()
            quiz.refresh_from_db()
        return quiz


class QuizPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = QuizPage

    title = "Find a steady starting point"
    slug = "quiz"
