"""Reads for the quiz.

The reads that score and check a version of the quiz live below the quiz models, in
quiz.flow_reads, since the Quiz snippet asks for them itself; they are re-exported here, so
every other reader reads through this module.
"""

from dataclasses import replace

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Revision

from quiz import flow_reads
from quiz.flow import Flow, build_flow
from quiz.models.content import Quiz
from quiz.models.support import SupportLevel

# The reads the Quiz snippet makes itself, under the names every other reader knows them by.
published_support_levels = flow_reads.published_support_levels
weight_names = flow_reads.weight_names
editor_flow = flow_reads.editor_flow
not_now_page = flow_reads.not_now_page
case_results = flow_reads.case_results


class RevisionGone(Exception):
    """The revision a patient started on no longer exists (revisions were purged)."""


def flow_for_revision(revision_id: int) -> Flow:
    """The flow as published in this revision, with the support levels as published now.

    Every quiz request needs it, and restoring a quiz from its revision is a third of a step's
    work, so each process keeps the flow among its memos for the current content generation
    (core.delivery.page_cache: bounded, and dropped in every process within
    PAGE_CACHE_GENERATION_CHECK of a purge). A revision's content never changes once written;
    what could, the published support levels and the revision's existence, purges when it
    does (settings.PAGE_CACHE_PURGE_MODELS, and `forget_deleted_revision` below).
    """
    from core.delivery.page_cache import local_pages

    return local_pages.memo(("quiz:flow", revision_id), lambda: _read_flow(revision_id))


def _read_flow(revision_id: int) -> Flow:
    # The quiz is restored straight from the revision's content, without the per-row lookups
    # `Revision.as_object()` makes.
    revision = (
        Revision.objects.filter(pk=revision_id, base_content_type=ContentType.objects.get_for_model(Quiz))
        .only("content")
        .first()
    )
    if revision is None:
        raise RevisionGone(revision_id)
    quiz = Quiz.from_serializable_data(revision.content, check_fks=False)
    ranks, urgent = published_support_levels()
    return replace(build_flow(quiz, revision_id=revision_id), support_ranks=ranks, urgent_levels=urgent)


def forget_deleted_revision(sender, instance, **kwargs) -> None:
    """A deleted quiz revision (revisions purged) must answer "start again" in every process, as
    it did before flows were kept: the purge drops every process's copy with the rest."""
    from core.delivery.page_cache import purge

    if instance.base_content_type_id == ContentType.objects.get_for_model(Quiz).pk:
        purge()


def live_flow(quiz) -> Flow | None:
    """The published flow of this quiz, or None while it has never been published."""
    if quiz is None or not quiz.is_available:
        return None
    return flow_for_revision(quiz.live_revision_id)


def published_support_level(level_id: int | None) -> SupportLevel | None:
    """The support level as patients may see it: its published version, or None."""
    if level_id is None:
        return None
    return SupportLevel.objects.filter(pk=level_id, live=True).select_related("locale").first()


def suggested_pages(page_ids) -> dict:
    """The approach pages among `page_ids` that patients may see (approaches.selectors.public), by id.

    Results and their links show only these: a page unpublished or put behind a view
    restriction since the patient's results were computed is left out."""
    from approaches.models import ApproachPage
    from approaches.selectors import public

    return public(ApproachPage.objects.select_related("locale")).in_bulk(list(page_ids))


def sure_answered(response_id) -> bool:
    """Whether this response's SURE check has been counted (one query)."""
    from quiz.models.responses import QuizResponse

    return QuizResponse.objects.filter(pk=response_id, sure_answered=True).exists()


def stored_answers(response_id) -> dict[str, list[str]] | None:
    """The answers recorded for a response, by question key (a skipped question has none),
    or None when the response no longer exists. The patient's cookie holds no answers: these
    rows are the only copy, and earlier answers are prefilled from them."""
    from quiz.models.responses import QuizResponse

    # One query either way: the response joined to its answers gives no row when it is gone, and
    # one row of NULLs while nothing is answered yet.
    rows = list(
        QuizResponse.objects.filter(pk=response_id)
        .order_by("answers__position", "answers__option_key")
        .values_list("answers__question_key", "answers__option_key")
    )
    if not rows:
        return None
    answers: dict[str, list[str]] = {}
    for question_key, option_key in rows:
        if question_key is None:
            continue
        chosen = answers.setdefault(question_key, [])
        if option_key:
            chosen.append(option_key)
    return answers


def _language() -> str:
    from django.conf import settings
    from django.utils import translation

    return translation.get_language() or settings.LANGUAGE_CODE


def quiz_page():
    """The live quiz page in the visitor's language, else the default language's."""
    from django.conf import settings

    from quiz.models.pages import QuizPage

    pages = QuizPage.objects.live().filter(locale__language_code__in={_language(), settings.LANGUAGE_CODE})
    pages = list(pages.select_related("locale"))
    return next((p for p in pages if p.locale.language_code == _language()), pages[0] if pages else None)


def localized_pages(pages: dict) -> dict:
    """{id: page} with each page replaced by its translation in the visitor's language when
    patients may see that (live, public), else kept: the quiz weights the default language's
    pages, patients read their own language's. One query, none when nothing needs translating."""
    from approaches.models import ApproachPage
    from approaches.selectors import public

    language = _language()
    keys = [p.translation_key for p in pages.values() if p.locale.language_code != language]
    if not keys:
        return pages
    twins = public(ApproachPage.objects.filter(translation_key__in=keys, locale__language_code=language))
    by_key = {twin.translation_key: twin for twin in twins}
    return {pk: by_key.get(page.translation_key, page) for pk, page in pages.items()}


def localized_support_level(level: SupportLevel | None) -> SupportLevel | None:
    """The published translation of this support level in the visitor's language, else the level:
    a translation waiting for Clinical review (not live) is never shown."""
    if level is None:
        return None
    language = _language()
    if level.locale.language_code == language:
        return level
    twin = SupportLevel.objects.filter(
        translation_key=level.translation_key, locale__language_code=language, live=True
    ).first()
    return twin or level
