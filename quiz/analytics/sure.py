"""The SURE check in the analytics report: how many answered it, and how many said yes to all
four, per quiz revision and language (quiz.models.sure.SureCount).

The counts keep no dates, so this part of the report covers every response since a revision
went live, whatever the date range. Its cells are always the same whatever the filters: every
revision and language of the quiz, with their totals, protected together; a filter only picks
which of the protected rows to show. So no two filtered views give more away than the whole
table does, and the whole table is protected against subtraction like the rest of the report.
"""

from dataclasses import dataclass

from django.db.models import Q, Sum

from quiz.models import SureCount
from quiz.models.sure import SURE_FIELDS

ALL = "*"  # every revision, or every language
PARTS = ("answered", "all_yes", "not_all_yes")


@dataclass(frozen=True)
class SureRow:
    revision_id: int
    language: str
    answered: int
    all_yes: int

    @property
    def not_all_yes(self) -> int:
        return self.answered - self.all_yes


def read_sure(quiz_ids) -> list[SureRow]:
    """One row per revision and language that has SURE counts. One query."""
    everything_yes = Q(**dict.fromkeys(SURE_FIELDS, True))
    rows = (
        SureCount.objects.filter(quiz_id__in=list(quiz_ids))
        .values("revision_id", "language")
        .annotate(answered=Sum("count"), all_yes=Sum("count", filter=everything_yes, default=0))
        .order_by("revision_id", "language")
    )
    return [SureRow(r["revision_id"], r["language"], r["answered"] or 0, r["all_yes"] or 0) for r in rows]


def add_cells(cells, rows: list[SureRow]) -> None:
    """Every row, each revision's and each language's totals and the grand total, and the sums
    between them: answered = all yes + not all yes; languages add up to their revision; revisions
    add up to their language; both add up to the grand total."""
    revisions = sorted({r.revision_id for r in rows})
    languages = sorted({r.language for r in rows})
    totals: dict[tuple, int] = {}
    for row in rows:
        for part in PARTS:
            value = getattr(row, part)
            cells.add(("sure", row.revision_id, row.language, part), value)
            for key in ((row.revision_id, ALL), (ALL, row.language), (ALL, ALL)):
                totals[(*key, part)] = totals.get((*key, part), 0) + value
    for (rev, lang, part), value in totals.items():
        cells.add(("sure", rev, lang, part), value)
    for rev in [*revisions, ALL]:
        for lang in [*languages, ALL]:
            cells.group([("sure", rev, lang, "answered")], [("sure", rev, lang, p) for p in PARTS[1:]])
    for part in PARTS:
        for rev in revisions:
            cells.group([("sure", rev, ALL, part)], [("sure", rev, lang, part) for lang in languages])
        for lang in languages:
            cells.group([("sure", ALL, lang, part)], [("sure", rev, lang, part) for rev in revisions])
        cells.group([("sure", ALL, ALL, part)], [("sure", rev, ALL, part) for rev in revisions])
        cells.group([("sure", ALL, ALL, part)], [("sure", ALL, lang, part) for lang in languages])


def share(cells, revision, language):
    """The % of those who answered that said yes to all four, if both counts may be shown."""
    answered, all_yes = (("sure", revision, language, p) for p in ("answered", "all_yes"))
    if answered not in cells.values:
        return None
    total = cells.values[answered]
    return cells.percent(round(100 * cells.values[all_yes] / total, 1) if total else None, all_yes, answered)


def table_rows(cells, rows: list[SureRow], *, revision_id=None, language=None, labels=None) -> list[dict]:
    """The protected rows the filters ask for: each revision and language, each revision's total
    over languages (when no language is chosen), and the total over revisions (when no revision is)."""
    labels = labels or {}
    revisions = sorted({r.revision_id for r in rows}, reverse=True)
    languages = sorted({r.language for r in rows})
    if revision_id:
        revisions = [r for r in revisions if r == revision_id]
    if language:
        languages = [lang for lang in languages if lang == language]
    keys = []
    for rev in revisions:
        keys += [(rev, lang) for lang in languages if ("sure", rev, lang, "answered") in cells.values]
        if not language and len(languages) > 1:
            keys.append((rev, ALL))
    if not revision_id and len(revisions) > 1:
        keys += [(ALL, lang) for lang in ([language] if language else [*languages, ALL])]
    result = []
    for rev, lang in keys:
        if ("sure", rev, lang, "answered") not in cells.values:
            continue
        result.append(
            {
                "revision": "All revisions" if rev == ALL else labels.get(rev, f"Revision {rev}"),
                "language": "All languages" if lang == ALL else lang,
                **{part: cells.show(("sure", rev, lang, part)) for part in PARTS},
                "share": share(cells, rev, lang),
            }
        )
    return result


COLUMNS = [
    ("revision", "Revision"),
    ("language", "Language"),
    ("answered", "Answered the SURE check"),
    ("all_yes", "Yes to all four"),
    ("not_all_yes", "Not yes to all four"),
    ("share", "Yes to all four (% of those who answered)"),
]
