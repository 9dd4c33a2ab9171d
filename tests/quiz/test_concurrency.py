"""Many patients at once: nothing lost, nothing doubled, no server errors.

The slow test serves a fresh database with gunicorn (production settings, 2 workers) and
sends 200 simulated patients through the quiz at the same moment (bench/quiz_load.py), then
reads the database back (bench/concurrency.py). It runs on a temporary SQLite file always,
and on PostgreSQL whenever one answers (DATABASE_URL's server, or 127.0.0.1:5432), in a
database of its own; CI runs the slow tests once, in its SQLite pass.
"""

import os

import pytest

from bench.serve import free_port
from tests.support import stored_cache_keys

PATIENTS = 200
CRISIS_EVERY = 20


@pytest.mark.django_db
def test_a_zero_rate_limit_means_no_limit(patient, client, settings):
    # Load tests send every simulated patient from one loopback address.
    settings.QUIZ_RATE_LIMIT = 0
    patient.start()
    statuses = {client.post("/quiz/step/safety/", {"answer": "safe"}).status_code for _ in range(60)}
    assert 429 not in statuses
    assert not [key for key in stored_cache_keys() if "ratelimit" in key]


@pytest.fixture(params=["sqlite", "postgres"])
def load_database(request, tmp_path):
    """A database for gunicorn, migrated and seeded and touched by no other test: a temporary
    SQLite file (migrated and seeded here), or a PostgreSQL database of its own on the suite's
    server, a copy of the session's seeded one (tests/slow_databases.py), dropped after.
    Yields the label and the URL."""
    from bench.serve import prepare, production_env
    from tests.slow_databases import background_done, collect_static_once, postgres_missing, seeded_postgres

    if request.param == "sqlite":
        collect_static_once(request.config)
        url = f"sqlite:///{tmp_path / 'concurrency.sqlite3'}"
        prepare(production_env(url), collect_static=False)
        background_done(request.config)
        yield "sqlite", url
        return
    missing = postgres_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is needed in CI: {missing}")
        pytest.skip(f"PostgreSQL run: {missing}")
    collect_static_once(request.config)
    with seeded_postgres(request.config, "steady_path_concurrency") as url:
        yield "postgres", url


@pytest.mark.slow
def test_200_patients_at_once_lose_nothing_and_double_nothing(load_database, capsys):
    from bench.concurrency import run_against_gunicorn

    label, url = load_database
    summary, check, text = run_against_gunicorn(
        url,
        label=label,
        patients=PATIENTS,
        port=free_port(),
        crisis_every=CRISIS_EVERY,
        prepared=True,  # by load_database
    )
    with capsys.disabled():
        print(f"\n{text}")

    outcomes = summary.outcomes
    assert outcomes["failed"] == 0, summary.lines()
    assert outcomes["crisis"] == PATIENTS // CRISIS_EVERY
    assert outcomes["results"] == PATIENTS - PATIENTS // CRISIS_EVERY
    assert summary.server_errors == 0
    assert set(summary.statuses) <= {200, 302}
    # The run really went back, skipped and double-submitted.
    assert all(sum(getattr(v, what) for v in summary.visits) for what in ("backs", "skips", "double_submits"))

    assert check.responses_found == check.responses_in_database == PATIENTS
    assert check.completed_found == outcomes["results"]
    assert check.crisis_found == outcomes["crisis"]
    assert (check.lost_responses, check.lost_answers, check.duplicated_steps) == (0, 0, 0)


def test_the_database_check_catches_lost_and_duplicated_steps():
    from bench.concurrency import compare
    from bench.quiz_load import Visit

    # The cookie holds the path only; the answers are what the simulated patient posted.
    state = {"status": "done", "path": ["safety", "pace"]}
    answers = {"safety": ["safe"], "pace": ["weekly"]}
    patient = Visit(patient=0, outcome="results", response_id="r1", state=state, answers=answers)

    def check(rows, completed=True, stored=True):
        responses = {"r1": {"completed": completed, "crisis": False}} if stored else {}
        return compare([patient], {"responses": responses, "rows": {"r1": rows}, "total": len(responses)})

    kept = [[1, "safety", "safe"], [2, "pace", "weekly"]]
    assert check(kept).ok
    assert check(kept[:1]).lost_answers == 1
    assert check([*kept, [3, "pace", "weekly"]]).duplicated_steps > 0
    assert check([*kept, [2, "safety", "safe"]]).duplicated_steps > 0
    assert check(kept, completed=False).lost_responses == 1
    assert check([], stored=False).lost_responses == 1
