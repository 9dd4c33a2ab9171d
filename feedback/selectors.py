"""Reads: the figures clinicians and analysts see, protected so that no small count can be
worked out, on one screen or by comparing two (docs/feedback.md, "Small counts").

Every count is built from *atoms*: the yes and the no votes of one page, revision, language and
calendar month. An atom from 1 to the threshold − 1 is hidden. Filters only choose atoms
(whole months, a language, a page); a figure that adds atoms up is shown only when every atom
in it is shown. So every figure on any screen or export, with any filters, is a sum of shown
atoms, and no subtraction between figures, on one screen or across filters, can give a hidden
one back. Searches that found nothing follow the same rule per query and month.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from core.plumbing.suppression import HIDDEN
from feedback.models import EmptySearch, PageFeedback

COMMENTS_SHOWN = 20


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_after(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def threshold() -> int:
    return settings.QUIZ_ANALYTICS_SUPPRESS_BELOW


@dataclass
class Figure:
    """A sum of atoms: its value, or HIDDEN when any atom in it is hidden."""

    value: int = 0
    hidden: bool = False
    parts: list = field(default_factory=list)  # the atoms' keys, for the tests' subtraction attack

    def add(self, key, count: int, limit: int) -> None:
        self.parts.append(key)
        self.value += count
        self.hidden = self.hidden or 0 < count < limit

    @property
    def shown(self):
        return HIDDEN if self.hidden else self.value


@dataclass
class Row:
    page_id: int
    page_title: str
    revision_id: int | None
    total: bool = False  # all the page's revisions together (a revision row may have no id: deleted)
    yes: Figure = field(default_factory=Figure)
    no: Figure = field(default_factory=Figure)

    @property
    def share(self):
        """The share of "yes" (%), shown only when both counts are."""
        if self.yes.hidden or self.no.hidden:
            return HIDDEN
        total = self.yes.value + self.no.value
        return round(100 * self.yes.value / total, 1) if total else None

    def as_dict(self) -> dict:
        if self.total:
            revision = "all revisions"
        else:
            revision = f"revision {self.revision_id}" if self.revision_id else "unknown revision"
        return {
            "page": self.page_title,
            "page_id": self.page_id,
            "revision": revision,
            "yes": self.yes.shown,
            "no": self.no.shown,
            "share": self.share,
        }


PAGE_COLUMNS = [
    ("page", "Page"),
    ("page_id", "Page ID"),
    ("revision", "Revision"),
    ("yes", "Helpful: yes"),
    ("no", "Helpful: no"),
    ("share", "Yes (% of answers)"),
]
SEARCH_COLUMNS = [("query", "Search words"), ("count", "Searches that found nothing")]
COMMENT_COLUMNS = [
    ("day", "Day"),
    ("page", "Page"),
    ("revision", "Revision"),
    ("language", "Language"),
    ("crisis", "Crisis language"),
    ("status", "Status"),
    ("comment", "Comment (scrubbed)"),
]


def _votes(first, last, language, page_id):
    votes = PageFeedback.objects.filter(day__gte=month_start(first), day__lt=month_after(last))
    if language:
        votes = votes.filter(language=language)
    if page_id:
        votes = votes.filter(page_id=page_id)
    return votes


def page_rows(*, first: datetime.date, last: datetime.date, language: str = "", page_id: int | None = None):
    """Per page: a row for all its revisions together, then one per revision, newest first."""
    limit = threshold()
    atoms = (
        _votes(first, last, language, page_id)
        .annotate(month=TruncMonth("day"))
        .values("page_id", "page__title", "revision_id", "language", "month")
        .annotate(yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)))
        .order_by()
    )
    totals: dict[int, Row] = {}
    revisions: dict[tuple, Row] = {}
    for atom in atoms:
        key = (atom["page_id"], atom["revision_id"], atom["language"], atom["month"])
        page = totals.setdefault(atom["page_id"], Row(atom["page_id"], atom["page__title"], None, total=True))
        revision = revisions.setdefault(
            (atom["page_id"], atom["revision_id"]), Row(atom["page_id"], atom["page__title"], atom["revision_id"])
        )
        for row in (page, revision):
            row.yes.add((*key, "yes"), atom["yes"], limit)
            row.no.add((*key, "no"), atom["no"], limit)
    rows = []
    for page in sorted(totals.values(), key=lambda r: (r.page_title, r.page_id)):
        rows.append(page)
        mine = [r for (p, _), r in revisions.items() if p == page.page_id]
        rows += sorted(mine, key=lambda r: -(r.revision_id or 0))
    return rows


def empty_searches(*, first: datetime.date, last: datetime.date, language: str = ""):
    """Words searched for that found nothing: a query is listed only when each of its months
    holds at least the threshold (a rare query is the one that could say who typed it)."""
    limit = threshold()
    found = EmptySearch.objects.filter(day__gte=month_start(first), day__lt=month_after(last)).exclude(query="")
    if language:
        found = found.filter(language=language)
    months = (
        found.annotate(month=TruncMonth("day"))
        .values("query", "language", "month")
        .annotate(count=Sum("count"))
        .order_by()
    )
    figures: dict[str, Figure] = defaultdict(Figure)
    for atom in months:
        figures[atom["query"]].add((atom["query"], atom["language"], atom["month"]), atom["count"], limit)
    shown = [(query, f) for query, f in figures.items() if not f.hidden]
    return sorted(shown, key=lambda item: (-item[1].value, item[0]))


def newest_comments(*, first=None, last=None, language: str = "", page_id: int | None = None, limit=COMMENTS_SHOWN):
    """Comments with text, crisis ones first, then newest first (scrubbed when they were kept)."""
    comments = PageFeedback.objects.exclude(comment="").select_related("page")
    if first and last:
        comments = _votes(first, last, language, page_id).exclude(comment="").select_related("page")
    elif page_id:
        comments = comments.filter(page_id=page_id)
    return list(comments.order_by("-crisis", "-day", "-pk")[:limit])


def comment_dict(comment: PageFeedback) -> dict:
    return {
        "day": comment.day,
        "page": comment.page.title,
        "revision": comment.revision_id,
        "language": comment.language,
        "crisis": "yes" if comment.crisis else "",
        "status": comment.get_status_display(),
        "comment": comment.comment,
    }
