"""Thin views for patient tools that are not pages: compare, the questions sheet, search."""

import logging
import unicodedata

from django.db import DatabaseError
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from approaches import selectors
from approaches.search import found_nothing, signals_crisis

MAX_QUERY = 100
logger = logging.getLogger(__name__)


@require_GET
def compare(request):
    result = selectors.comparison(request.GET.getlist("approach"))
    return TemplateResponse(
        request,
        "approaches/compare.html",
        {"comparison": result, "choices": selectors.compare_choices()},
    )


@require_GET
def questions_sheet(request):
    sections = selectors.questions_sheet(request.GET.getlist("q"))
    return TemplateResponse(request, "approaches/questions_sheet.html", {"sections": sections})


def _clean_query(raw: str) -> str:
    # Quotes, brackets, operators and control characters mean something to full-text query
    # parsers (an unbalanced quote is an error in SQLite FTS5) and nothing to a patient.
    text = "".join(ch if unicodedata.category(ch)[0] in "LNZ" or ch in "'’-" else " " for ch in raw[: MAX_QUERY * 2])
    return " ".join(text.split())[:MAX_QUERY]


@require_GET
def search(request):
    typed = request.GET.get("q") or ""
    query = _clean_query(typed)
    outcome, index = None, ""
    if query:
        try:
            outcome = selectors.search_portal(query, request=request)
            index = selectors.index_url(request)
        except DatabaseError:
            logger.warning("Search failed for a query of %d characters", len(query))
            # Crisis help never depends on the database: the built-in list still shows it.
            outcome = selectors.SearchOutcome(crisis=signals_crisis(query), promotions=[], pages=[], conditions=[])
        else:
            if not (outcome.crisis or outcome.promotions or outcome.pages or outcome.conditions):
                # The words as typed (bounded): cleaning drops the "@" and "." a counter needs
                # to see an email address, and leaves "jo bloggs example com" behind.
                typed = typed[: MAX_QUERY * 2]
                found_nothing.send(sender=search, query=typed, language=translation.get_language() or "")
    return TemplateResponse(request, "approaches/search.html", {"query": query, "outcome": outcome, "index_url": index})
