"""Seeding the demo quiz: support levels, the quiz, and the quiz page. Only adds what is missing."""

from django.conf import settings
from wagtail.models import Locale

from approaches.models import ApproachPage, HomePage
from core.site.seeding import SeedReport, link_settings_pages
from quiz.factories import QuizFactory, QuizPageFactory, build_test_case, weights
from quiz.flow import build_flow, validate_flow
from quiz.models import Quiz, QuizPage, SupportLevel
from quiz.seed_files import SEED_DIR, load_seed
from quiz.seeding_translations import seed_quiz_language
from quiz.selectors import case_results


def seed(report: SeedReport) -> None:
    """Support levels, the demo quiz and its page under the home page approaches seeded, then
    their twins in each other language with seed files (seed_content/es/, ...)."""
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        return
    page = seed_quiz(home=home, created=report.created)
    link_settings_pages(report, {"quiz": page})
    if page is None:
        return

    for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code != Locale.get_default().language_code and (SEED_DIR / code).is_dir():
            seed_quiz_language(report, page=page, language_code=code, seed_dir=SEED_DIR / code)


def seed_quiz(*, home, created: list[str]) -> QuizPage | None:
    english = Locale.get_default()
    for row in load_seed("support_levels.toml")["support_levels"]:
        level, new = SupportLevel.objects.get_or_create(
            slug=row["slug"],
            locale=english,
            defaults={k: row[k] for k in ("name", "rank", "patient_text") if k in row}
            | {"is_urgent": row.get("is_urgent", False)},
        )
        if new:
            # Seeded content is the demo's starting point: published, with a revision to compare later edits with.
            level.save_revision().publish()
            created.append(f"support level {row['name']}")

    data = load_seed("demo_quiz.toml")
    # The demo quiz is the one the quiz page shows: editors (and generate_quiz_responses, which
    # labels a second revision's title) may rename it, and seeding again must not add another.
    page = QuizPage.objects.child_of(home).select_related("quiz").first()
    quiz = page.quiz if page and page.quiz_id else Quiz.objects.filter(title=data["title"], locale=english).first()
    if quiz is None:
        quiz = _create_quiz(data)
        created.append(f"quiz {quiz.title}")
    elif _add_test_cases(quiz):
        created.append(f"test cases for quiz {quiz.title}")

    if page is None:
        page = QuizPageFactory.create(parent=home, quiz=quiz, **data["page"])
        page.save_revision().publish()
        created.append(f"page {page.url_path}")
    return page


def _create_quiz(data: dict) -> Quiz:
    # The quiz weights the default language's pages and levels; other languages show their twins.
    english = Locale.get_default()
    approaches = {p.slug: p.pk for p in ApproachPage.objects.live().filter(locale=english)}
    levels = dict(SupportLevel.objects.filter(locale=english).values_list("slug", "pk"))
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
    quiz = QuizFactory.create(
        title=data["title"], intro=data.get("intro", ""), questions=questions, test_cases=_test_cases()
    )
    errors = validate_flow(build_flow(quiz), live_approach_ids=set(approaches.values()))
    if errors:
        raise ValueError("The demo quiz does not validate: " + "; ".join(e.message for e in errors))
    _check_test_cases(quiz)
    quiz.save_revision().publish()
    quiz.refresh_from_db()
    return quiz


def _test_cases() -> list[dict]:
    """The demo test cases, from public guidance, marked as demo content for clinical review."""
    english = Locale.get_default()
    approaches = dict(ApproachPage.objects.filter(locale=english).values_list("slug", "pk"))
    levels = dict(SupportLevel.objects.filter(locale=english).values_list("slug", "pk"))
    cases = []
    for case in load_seed("demo_test_cases.toml")["cases"]:
        in_top = [approaches[slug] for slug in case.get("in_top", [])]
        cases.append(
            {
                "name": case["name"],
                "answers": case["answers"].strip(),
                "expect_in_top": in_top[0] if in_top else None,
                "expect_in_top_or": in_top[1] if len(in_top) > 1 else None,
                "expect_not_in_top": approaches[case["not_in_top"]] if "not_in_top" in case else None,
                "expect_support_level": levels[case["support"]] if "support" in case else None,
                "expect_crisis": case.get("crisis", False),
                "expect_not_now": case.get("not_now", False),
                "source": case["source"],
                "is_demo": True,
            }
        )
    return cases


def _check_test_cases(quiz):
    failing = [
        f"{result.case.name} ({'; '.join(f'{c.expectation}: {c.outcome}' for c in result.checks if not c.passed)})"
        for result in case_results(quiz)
        if not result.passed
    ]
    if failing:
        raise ValueError("Demo test cases fail on the demo quiz: " + "; ".join(failing))


def _add_test_cases(quiz) -> bool:
    """Give a demo quiz seeded before test cases existed its cases, in a new published revision.

    Only a quiz with no cases at all and no draft waiting: a clinician's own cases, or a case
    they removed, are theirs, and a waiting draft is reviewed as it was submitted.
    """
    if quiz.test_cases.exists() or quiz.has_unpublished_changes:
        return False
    # Not checked here: on an older demo quiz a failing case is news for its reviewers.
    quiz.test_cases = [build_test_case(case, i) for i, case in enumerate(_test_cases())]
    quiz.save()
    quiz.save_revision().publish()
    return True
