"""Reads of the latest link check, for the report, Content health, the reminders and the editor."""

from django.db.models import Count, Q

from linkcheck.models import BROKEN, LinkCheckRun, LinkResult


def latest_run() -> LinkCheckRun | None:
    return LinkCheckRun.objects.order_by("-started_at", "-pk").first()


def latest_results():
    """Every row of the latest run, urgent first (the model's ordering)."""
    run = latest_run()
    if run is None:
        return LinkResult.objects.none()
    return LinkResult.objects.filter(run=run).select_related("run")


def broken_links():
    return latest_results().filter(kind__in=BROKEN)


def urgent_broken_links() -> list[LinkResult]:
    """Broken links in crisis resources: what Content health and the reminders put first."""
    return list(broken_links().filter(urgent=True))


def broken_links_on(page_id: int) -> list[LinkResult]:
    return list(broken_links().filter(page_id=page_id))


def broken_counts_by_page() -> dict[int, tuple[int, int]]:
    """page id -> (broken links on it, how many of them urgent)."""
    rows = (
        broken_links()
        .exclude(page=None)
        .values("page_id")
        .order_by()
        .annotate(count=Count("pk"), urgent_count=Count("pk", filter=Q(urgent=True)))
    )
    return {row["page_id"]: (row["count"], row["urgent_count"]) for row in rows}
