"""Seeding the quiz's twins in another language, from seed_content/<language>/.

Each record is a translation of its English source (same translation key, the other locale):
support levels found by slug, the quiz by its page, questions and answers by key. The quiz is a
full copy of the English quiz as published: the same question and answer keys, flow (`jump_to`),
crisis flags, weights and test cases, so scoring and flow validation work as they do in English;
only the words are the seed file's. Weights keep naming the English pages and support levels,
and patients read their translations (quiz.selectors.localized_pages, localized_support_level).

Like the English seed it only adds what is missing and publishes what it adds, as demo content:
the Spanish quiz page says on it that its translation is not yet clinically reviewed until a
reviewer approves it, and the copied test cases stay marked as demo content to confirm.
"""

from pathlib import Path

from wagtail.models import Locale

from core.site.seeding import SeedReport
from quiz.flow import build_flow, validate_flow
from quiz.models import Option, Question, Quiz, QuizPage, QuizTestCase, SupportLevel
from quiz.seed_files import load_seed


def seed_quiz_language(report: SeedReport, *, page: QuizPage, language_code: str, seed_dir: Path) -> None:

    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    default = Locale.get_default()
    _translate_support_levels(report, load_seed("support_levels.toml", seed_dir), default, locale)

    data = load_seed("demo_quiz.toml", seed_dir)
    quiz = None
    if page.quiz is not None:
        quiz = page.quiz.get_translation_or_none(locale) or _translate_quiz(report, page.quiz, data, locale)
    _translate_page(report, page, locale, data["page"], quiz)


def _translate_support_levels(report, seed: dict, default: Locale, locale: Locale) -> None:
    for row in seed["support_levels"]:
        english = SupportLevel.objects.filter(slug=row["slug"], locale=default).first()
        if english is None or english.get_translation_or_none(locale) is not None:
            continue
        level = english.copy_for_translation(locale)
        level.name, level.patient_text = row["name"], row["patient_text"]
        # Rank and urgency as patients meet them in English (the copy starts from the latest draft).
        level.rank, level.is_urgent = english.rank, english.is_urgent
        level.save()
        level.save_revision().publish()
        report.created.append(f"support level {level.name} ({locale.language_code})")


def _translate_quiz(report, english: Quiz, data: dict, locale: Locale) -> Quiz | None:
    """A copy of the English quiz as published, in the seed file's words; None when the English
    quiz is not published or its questions and answers are not the seed file's (an editor
    changed them): a half-translated quiz is worse than the English one."""
    if english.live_revision_id is None:
        return None
    source = english.live_revision.as_object()
    texts = {q["key"]: q for q in data["questions"]}
    questions = []
    for order, question in enumerate(source.questions.all()):
        text = texts.get(question.key)
        labels = {o["key"]: o["label"] for o in (text or {}).get("options", [])}
        options = list(question.options.all())
        if text is None or any(o.key not in labels for o in options):
            return None
        copy = Question(
            key=question.key,
            text=text["text"],
            help_text=text.get("help_text", ""),
            allow_multiple=question.allow_multiple,
            required=question.required,
            sort_order=order,
        )
        copy.options = [
            Option(
                key=option.key,
                label=labels[option.key],
                is_crisis=option.is_crisis,
                jump_to=option.jump_to,
                weights=option.weights.get_prep_value(),
                sort_order=i,
            )
            for i, option in enumerate(options)
        ]
        questions.append(copy)

    quiz = Quiz(
        title=data["title"], intro=data.get("intro", ""), locale=locale, translation_key=english.translation_key
    )
    quiz.questions = questions
    quiz.test_cases = [_copy_case(case, i) for i, case in enumerate(source.test_cases.all())]
    quiz.save()
    # The English quiz validated with the same flow and weights; a failure here is a seeding bug.
    errors = validate_flow(build_flow(quiz), live_approach_ids=_weighted_ids(quiz))
    if errors:
        raise ValueError("The translated demo quiz does not validate: " + "; ".join(e.message for e in errors))
    quiz.save_revision().publish()
    quiz.refresh_from_db()
    report.created.append(f"quiz {quiz.title} ({locale.language_code})")
    return quiz


def _weighted_ids(quiz: Quiz) -> set[int]:
    from approaches.models import ApproachPage

    wanted = {pid for q in build_flow(quiz).questions for o in q.options for pid, _ in o.approach_weights}
    return set(ApproachPage.objects.live().filter(pk__in=wanted).values_list("pk", flat=True))


def _copy_case(case: QuizTestCase, order: int) -> QuizTestCase:
    skip = {"id", "quiz_id", "sort_order"}
    fields = {f.attname: getattr(case, f.attname) for f in QuizTestCase._meta.concrete_fields if f.attname not in skip}
    return QuizTestCase(sort_order=order, **fields)


def _translate_page(report, english: QuizPage, locale: Locale, data: dict, quiz: Quiz | None) -> None:
    if english.get_translation_or_none(locale) is not None:
        return
    if english.get_parent().get_translation_or_none(locale) is None:
        return  # no home page in this language to put it under
    page = english.copy_for_translation(locale).specific
    page.slug = data["slug"]
    for name in ("title", "intro", "privacy_note"):
        if name in data:
            setattr(page, name, data[name])
    if quiz is not None:
        page.quiz = quiz
    page.save()
    page.save_revision().publish()
    report.created.append(f"page {page.url_path} ({locale.language_code})")
    report.translated_pages.append(page)
