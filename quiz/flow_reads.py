"""The reads that score and check a version of the quiz: the support levels as published now
(every flow is scored with them), a version's flow as patients would meet it, what its weights
name, and its test cases checked against it.

The Quiz snippet asks for these itself (its preview, `failing_test_cases`, CaseResultsPanel),
and a model may not import the selectors that read it (tests/test_import_cycles.py): so they sit
below the quiz models, importing none of them but the support levels, and quiz.selectors
re-exports them for every other reader.
"""

from dataclasses import replace

from quiz.flow import Flow, build_flow
from quiz.models.support import SupportLevel


def published_support_levels() -> tuple[dict[int, int], frozenset[int]]:
    """Ranks (id -> rank) and urgent ids of the published support levels.

    One small entry kept per process until the next content purge: saving a support level
    (publishing, unpublishing, deleting) purges, as settings.PAGE_CACHE_PURGE_MODELS lists it,
    and every app server sees a purge within PAGE_CACHE_GENERATION_CHECK (core.delivery.page_cache).
    """
    from core.delivery.page_cache import local_pages

    return local_pages.memo("quiz:published-support-levels", _read_published_support_levels)


def _read_published_support_levels():
    # The row of a support level is its published version; drafts wait in revisions for review.
    levels = list(SupportLevel.objects.filter(live=True).values_list("pk", "rank", "is_urgent"))
    return {pk: rank for pk, rank, _urgent in levels}, frozenset(pk for pk, _rank, urgent in levels if urgent)


def weight_names(flow: Flow, *, page_ids=(), level_ids=()) -> dict:
    """What editors call the approach pages and support levels the flow's answers weight (and
    any others asked for): {("approach", id): title, ("support_level", id): name}. Two queries."""
    from approaches.models import ApproachPage

    options = [o for q in flow.questions for o in q.options]
    page_ids = {pid for o in options for pid, _ in o.approach_weights} | set(page_ids)
    level_ids = {lid for o in options for lid, _ in o.support_weights} | set(level_ids)
    names = {
        ("approach", pk): title for pk, title in ApproachPage.objects.filter(pk__in=page_ids).values_list("pk", "title")
    }
    for pk, name, live in SupportLevel.objects.filter(pk__in=level_ids).values_list("pk", "name", "live"):
        names[("support_level", pk)] = name if live else f"{name} (not published)"
    return names


def editor_flow(quiz) -> Flow:
    """The flow of this version of the quiz (a draft, a revision or the live row), scored with the
    support levels as published now, as patients would meet it if it went live."""
    ranks, urgent = published_support_levels()
    return replace(build_flow(quiz), support_ranks=ranks, urgent_levels=urgent)


def not_now_page():
    """The published "not now / start on my own" approach page every results page offers, in the
    visitor's language where its translation is live; None while there is none."""
    from django.conf import settings

    from approaches.selectors import not_now_page as find

    return find() or find(locale=settings.LANGUAGE_CODE)


def case_results(quiz, *, flow: Flow | None = None) -> list:
    """Each of this version's test cases checked against this version's own questions and weights."""
    from quiz.cases import evaluate_cases, referenced_ids

    cases = [case.as_spec() for case in quiz.test_cases.all()]
    if not cases:
        return []
    flow = flow or editor_flow(quiz)
    page_ids, level_ids = referenced_ids(cases)
    not_now = not_now_page() if any(case.not_now for case in cases) else None
    names = weight_names(flow, page_ids=page_ids, level_ids=level_ids)
    return evaluate_cases(flow, cases, names, not_now_id=not_now.pk if not_now else None)
