"""Writes: one link-check run and a row per link found, kept for the latest few runs."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from linkcheck.checker import DEFAULT_BUDGET, DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, check_keys
from linkcheck.collect import Link, collect_links
from linkcheck.models import BROKEN, LinkCheckRun, LinkResult

KEEP_RUNS = 3


def run_link_check(
    *,
    timeout: float = DEFAULT_TIMEOUT,
    concurrency: int = DEFAULT_CONCURRENCY,
    budget: float = DEFAULT_BUDGET,
    links: Iterable[Link] | None = None,
    keep: int = KEEP_RUNS,
) -> LinkCheckRun:
    """Collect every link (or check `links`), check each address once, and store the run.

    The checking happens outside any transaction (it takes minutes, and holds nothing); the run
    and its rows are then written in one, so a report never reads half a run."""
    started_at = timezone.now()
    links = list(collect_links() if links is None else links)
    report = check_keys((link.key for link in links), timeout=timeout, concurrency=concurrency, budget=budget)
    results = []
    for link in links:
        outcome = report.outcomes[link.key]
        results.append(
            LinkResult(
                url=link.url[:2000],
                page_id=link.page_id,
                source=link.source[:255],
                edit_url=link.edit_url[:500],
                urgent=link.urgent,
                kind=outcome.kind,
                status_code=outcome.status_code,
                detail=outcome.detail[:255],
            )
        )
    with transaction.atomic():
        run = LinkCheckRun.objects.create(
            started_at=started_at,
            finished_at=timezone.now(),
            links=len(results),
            broken=sum(r.kind in BROKEN for r in results),
            out_of_time=report.out_of_time,
        )
        for result in results:
            result.run = run
        LinkResult.objects.bulk_create(results, batch_size=500)
        old = LinkCheckRun.objects.order_by("-started_at", "-pk").values_list("pk", flat=True)[keep:]
        LinkCheckRun.objects.filter(pk__in=list(old)).delete()
    return run
