"""The checker against a web server on this machine: each way a link fails, found as such,
within the time budget."""

import socket
import time

import pytest

from linkcheck.checker import PER_HOST, check_keys
from linkcheck.collect import Link
from linkcheck.models import BROKEN, Kind, LinkCheckRun
from linkcheck.services import run_link_check

EXPECTED = {
    "/ok": Kind.OK,
    "/gone-404": Kind.NOT_FOUND,
    "/gone-410": Kind.NOT_FOUND,
    "/forbidden": Kind.CLIENT_ERROR,
    "/broken-server": Kind.SERVER_ERROR,
    "/moved": Kind.REDIRECT,
    "/moved-to-404": Kind.NOT_FOUND,
    "/loop-a": Kind.TOO_MANY_REDIRECTS,
    "/slow": Kind.TIMEOUT,
    "/no-head": Kind.OK,
}


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db
def test_each_kind_of_answer_is_found(local_server):
    refused = f"http://127.0.0.1:{closed_port()}/"
    keys = [("url", local_server.url(path)) for path in EXPECTED] + [("url", refused)]
    report = check_keys(keys, timeout=0.5, concurrency=4, budget=30)
    found = {key[1].removeprefix(local_server.base): outcome.kind for key, outcome in report.outcomes.items()}
    assert found == {**EXPECTED, refused: Kind.UNREACHABLE}
    assert not report.out_of_time
    assert report.outcomes[("url", local_server.url("/gone-410"))].status_code == 410
    moved = report.outcomes[("url", local_server.url("/moved"))]
    assert moved.status_code == 301 and moved.detail == f"Now at {local_server.url('/ok')}"
    assert Kind.REDIRECT not in BROKEN and Kind.TOO_MANY_REDIRECTS in BROKEN


@pytest.mark.django_db
def test_head_refused_is_asked_again_with_get_and_every_request_names_us(local_server):
    check_keys([("url", local_server.url("/no-head?asked"))], timeout=2, budget=10)
    asked = [(method, agent) for method, path, agent in local_server.requests if path == "/no-head?asked"]
    assert [method for method, _ in asked] == ["HEAD", "GET"]
    assert all("SteadyPathLinkCheck" in agent and "contact:" in agent for _, agent in asked)


@pytest.mark.django_db
def test_a_tiny_budget_leaves_the_rest_not_checked_and_says_so(local_server):
    slow = [("url", local_server.url(f"/slow?n={n}")) for n in range(6)]
    started = time.monotonic()
    report = check_keys(slow, timeout=10, concurrency=2, budget=0.5)
    elapsed = time.monotonic() - started
    assert report.out_of_time
    assert {outcome.kind for outcome in report.outcomes.values()} == {Kind.NOT_CHECKED}
    assert set(report.outcomes) == set(slow)
    # Generous: the budget is half a second and each slow answer takes three.
    assert elapsed < 2.5


@pytest.mark.django_db
def test_each_address_is_fetched_once_and_stored_for_every_place_it_is(local_server):
    url = local_server.url("/ok?shared")
    links = [Link(url=url, source="Page: A"), Link(url=url, source="Page: B", urgent=True)]
    run = run_link_check(links=links, timeout=2, budget=10)
    assert [p for _, p, _ in local_server.requests].count("/ok?shared") == 1
    assert sorted(run.results.values_list("source", "kind")) == [("Page: A", Kind.OK), ("Page: B", Kind.OK)]
    assert (run.links, run.broken, run.out_of_time) == (2, 0, False)


@pytest.mark.django_db
def test_a_run_out_of_time_is_stored_as_such(local_server):
    links = [Link(url=local_server.url(f"/slow?stored={n}"), source="Page: slow") for n in range(3)]
    run = run_link_check(links=links, timeout=10, concurrency=1, budget=0.3)
    assert run.out_of_time
    assert set(run.results.values_list("kind", flat=True)) == {Kind.NOT_CHECKED}
    assert run.broken == 0


@pytest.mark.django_db
def test_only_the_latest_runs_are_kept(local_server):
    links = [Link(url=local_server.url("/gone-404?kept"), source="Page: A")]
    runs = [run_link_check(links=links, timeout=2, budget=10, keep=2) for _ in range(3)]
    assert list(LinkCheckRun.objects.order_by("started_at")) == runs[1:]


@pytest.mark.django_db
def test_one_host_gets_at_most_two_requests_at_a_time(local_server):
    keys = [("url", local_server.url(f"/pause?n={n}")) for n in range(6)]
    report = check_keys(keys, timeout=5, concurrency=8, budget=30)
    assert {outcome.kind for outcome in report.outcomes.values()} == {Kind.OK}
    assert local_server.active[1] == PER_HOST == 2
