"""Seeding the demo quiz: support levels, the quiz, and the quiz page. Only adds what is missing."""

import tomllib
from pathlib import Path

from approaches.models import ApproachPage
from quiz.factories import QuizFactory, QuizPageFactory, weights
from quiz.flow import build_flow, validate_flow
from quiz.models import Quiz, QuizPage, SupportLevel

SEED_DIR = Path(__file__).resolve().parent / "seed_content"


def _load(name: str) -> dict:
    with open(SEED_DIR / name, "rb") as fh:
        return tomllib.load(fh)


def seed_quiz(*, home, created: list[str]) -> QuizPage | None:
    for row in _load("support_levels.toml")["support_levels"]:
        level, new = SupportLevel.objects.get_or_create(
            slug=row["slug"],
            defaults={k: row[k] for k in ("name", "rank", "patient_text") if k in row}
            | {"is_urgent": row.get("is_urgent", False)},
        )
        if new:
            # Seeded content is the demo's starting point: published, with a revision to compare later edits with.
            level.save_revision().publish()
            created.append(f"support level {row['name']}")

    data = _load("demo_quiz.toml")
    quiz = Quiz.objects.filter(title=data["title"]).first()
    if quiz is None:
        quiz = _create_quiz(data)
        created.append(f"quiz {quiz.title}")

    page = QuizPage.objects.child_of(home).first()
    if page is None:
        page = QuizPageFactory.create(parent=home, quiz=quiz, **data["page"])
        page.save_revision().publish()
        created.append(f"page {page.url_path}")
    return page


def _create_quiz(data: dict) -> Quiz:
    approaches = {p.slug: p.pk for p in ApproachPage.objects.live()}
    levels = dict(SupportLevel.objects.values_list("slug", "pk"))
    questions = []
    for question in data["questions"]:
        question = dict(question)
        question["options"] = [
            {
                **{k: v for k, v in option.items() if k not in ("approaches", "support", "at_least")},
                "weights": weights(
                    {approaches[slug]: w for slug, w in option.get("approaches", {}).items()},
                    {levels[slug]: w for slug, w in option.get("support", {}).items()},
                    at_least=[levels[slug] for slug in option.get("at_least", [])],
                ),
            }
            for option in question["options"]
        ]
        questions.append(question)
    quiz = QuizFactory.create(title=data["title"], intro=data.get("intro", ""), questions=questions)
    errors = validate_flow(build_flow(quiz), live_approach_ids=set(approaches.values()))
    if errors:
        raise ValueError("The demo quiz does not validate: " + "; ".join(e.message for e in errors))
    quiz.save_revision().publish()
    quiz.refresh_from_db()
    return quiz
