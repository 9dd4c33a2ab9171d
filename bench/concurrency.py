"""The concurrency check: many patients take the quiz at once against gunicorn on a fresh
database, then the database is checked for lost responses and duplicated steps.

    .venv/bin/python bench/quiz_load.py --patients 200 --database sqlite
    .venv/bin/python bench/quiz_load.py --patients 200 --database postgres   # on DATABASE_URL's server

(`bench/concurrency.py` takes the same options.) SQLite runs on a temporary file; PostgreSQL
on a database created for the run and dropped after it. The server is gunicorn with the
production settings (bench/serve.py); the patients are bench/quiz_load.py's. The counts are
printed in one block; the exit status is 1 if a patient failed, a response or answer was
lost, a step was duplicated or the server answered 5xx. tests/quiz/test_concurrency.py runs
the same check in CI.
"""

import argparse
import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.quiz_load import LoadSummary, Visit, run_quiz_load  # noqa: E402

# --- What the database kept ------------------------------------------------------------------

READ_DATABASE = """
import json, sys
import django
django.setup()
from quiz.models import QuizResponse, ResponseAnswer
ids = json.load(open(sys.argv[1]))
found = {
    str(pk): {"completed": bool(done), "crisis": bool(crisis)}
    for pk, done, crisis in QuizResponse.objects.filter(pk__in=ids).values_list("pk", "completed_at", "crisis_at")
}
rows = {}
for pk, position, key, option in ResponseAnswer.objects.filter(response_id__in=ids).values_list(
    "response_id", "position", "question_key", "option_key"
):
    rows.setdefault(str(pk), []).append([position, key, option])
print(json.dumps({"responses": found, "rows": rows, "total": QuizResponse.objects.count()}))
"""


@dataclass
class DatabaseCheck:
    started: int  # patients whose quiz started (a response id in their cookie)
    responses_found: int
    responses_in_database: int  # every response in the database, this run's or not
    completed_expected: int
    completed_found: int
    crisis_expected: int
    crisis_found: int
    lost_responses: int  # started, or finished on screen, but not so in the database
    lost_answers: int  # answer rows the patient's progress shows that the database lacks
    duplicated_steps: int  # a question at two positions, two questions at one, or rows beyond the path

    @property
    def ok(self) -> bool:
        return not (self.lost_responses or self.lost_answers or self.duplicated_steps)

    def lines(self) -> list[str]:
        return [
            f"database: responses {self.responses_found}/{self.started} (all rows {self.responses_in_database}), "
            f"completed {self.completed_found}/{self.completed_expected}, "
            f"crisis {self.crisis_found}/{self.crisis_expected}; "
            f"lost responses {self.lost_responses}, lost answers {self.lost_answers}, "
            f"duplicated steps {self.duplicated_steps}"
        ]


def read_database(database_url: str, response_ids: list[str]) -> dict:
    """The stored state of these responses, read by a separate Django process."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(response_ids, handle)
    try:
        env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
        out = subprocess.run(
            [sys.executable, "-c", READ_DATABASE, handle.name],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(handle.name)
    return json.loads(out.strip().splitlines()[-1])


def compare(visits: list[Visit], stored: dict) -> DatabaseCheck:
    """Compare each patient's own record (the progress the server signed into their cookie)
    with the database: every answer on their path stored once, every ending recorded."""
    started = [v for v in visits if v.response_id]
    responses, rows = stored["responses"], stored["rows"]
    lost_responses = lost_answers = duplicated = 0
    for v in started:
        found = responses.get(v.response_id)
        if found is None:
            lost_responses += 1
            continue
        if (v.outcome == "results" and not found["completed"]) or (v.outcome == "crisis" and not found["crisis"]):
            lost_responses += 1
        kept = [tuple(row) for row in rows.get(v.response_id, [])]
        positions_per_question = Counter(key for key, _ in {(key, pos) for pos, key, _ in kept})
        questions_per_position = Counter(pos for pos, _ in {(pos, key) for pos, key, _ in kept})
        duplicated += sum(n - 1 for n in positions_per_question.values() if n > 1)
        duplicated += sum(n - 1 for n in questions_per_position.values() if n > 1)
        duplicated += len(kept) - len(set(kept))
        if v.outcome != "failed":
            expected = set(v.expected_rows())
            lost_answers += len(expected - set(kept))
            duplicated += len(set(kept) - expected)
    return DatabaseCheck(
        started=len(started),
        responses_found=sum(v.response_id in responses for v in started),
        responses_in_database=stored["total"],
        completed_expected=sum(v.outcome == "results" for v in started),
        completed_found=sum(responses.get(v.response_id, {}).get("completed", False) for v in started),
        crisis_expected=sum(v.outcome == "crisis" for v in started),
        crisis_found=sum(responses.get(v.response_id, {}).get("crisis", False) for v in started),
        lost_responses=lost_responses,
        lost_answers=lost_answers,
        duplicated_steps=duplicated,
    )


def check_database(database_url: str, summary: LoadSummary) -> DatabaseCheck:
    ids = [v.response_id for v in summary.visits if v.response_id]
    return compare(summary.visits, read_database(database_url, ids))


# --- Against gunicorn, on a fresh database ---------------------------------------------------------


@contextlib.contextmanager
def fresh_postgres_database(server_url: str, name: str, template: str = ""):
    """An empty database `name` on the PostgreSQL server of `server_url` (any leftover of that
    name is dropped first), or a copy of the database `template`; yields its URL and drops it
    afterwards. A copy is a file copy on the server, seconds instead of a migration."""
    import psycopg

    for given in filter(None, (name, template)):
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", given):
            raise ValueError(f"not a plain database name: {given!r}")
    parts = urlsplit(server_url)
    maintenance = parts._replace(path="/postgres").geturl()

    def run(sql):
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(sql)

    run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    run(f"CREATE DATABASE {name} TEMPLATE {template}" if template else f"CREATE DATABASE {name}")
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run_against_gunicorn(
    database_url: str,
    *,
    label: str,
    patients: int = 200,
    port: int = 8123,
    workers: int = 2,
    prepared: bool = False,
    **options,
) -> tuple[LoadSummary, DatabaseCheck, str]:
    """Serve a fresh, seeded database with gunicorn (production settings), run the patients,
    check the database. Returns the summary, the check and the printable counts.

    prepared: the database is migrated and seeded, and static files collected, already."""
    from bench.serve import gunicorn_server

    with gunicorn_server(
        database_url=database_url,
        port=port,
        workers=workers,
        seed=True,
        prepared=prepared,
        env={"QUIZ_RATE_LIMIT": "0"},
    ) as base_url:
        summary = run_quiz_load(base_url, patients, **options)
    check = check_database(database_url, summary)
    title = f"quiz load on {label} (gunicorn, {workers} workers)"
    text = "\n".join([title, *(f"  {line}" for line in summary.lines() + check.lines())])
    return summary, check, text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=None, help="patients at once (default: all)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", help="for postgres: a URL on the server to use (default: DATABASE_URL)")
    parser.add_argument(
        "--database-name", default="steady_path_quiz_load", help="for postgres: the database to create and drop"
    )
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        if args.database == "sqlite":
            url = f"sqlite:///{Path(stack.enter_context(tempfile.TemporaryDirectory())) / 'quiz_load.sqlite3'}"
        else:
            server = args.database_url or os.environ.get("DATABASE_URL", "")
            if not server.startswith("postgres"):
                parser.error("--database postgres needs --database-url or DATABASE_URL (its server is used)")
            url = stack.enter_context(fresh_postgres_database(server, args.database_name))
        summary, check, text = run_against_gunicorn(
            url,
            label=args.database,
            patients=args.patients,
            port=args.port,
            workers=args.workers,
            concurrency=args.concurrency,
            seed=args.seed,
        )
    print(text)
    return 0 if check.ok and not summary.server_errors and not summary.outcomes["failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
