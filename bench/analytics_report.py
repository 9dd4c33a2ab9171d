"""Benchmark: the quiz analytics report at N synthetic responses, on SQLite and on PostgreSQL.

    .venv/bin/python bench/analytics_report.py --count 1000000

For each database it migrates, seeds, fills N responses over 365 days (bulk writer, same
scoring as real runs; skipped if already filled), then renders the report through the real
admin view: once cold (no rollups stored: every day read from the responses), then, after
`rollup_quiz_stats` has stored them as the nightly run does, several times warm. It prints one table
of render times and query counts. Nothing here asserts a time.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def run_case(label: str, database_url: str, count: int, days: int, repeats: int) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    manage = [PY, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "seed_portal"], env=env, check=True, stdout=subprocess.DEVNULL)
    have = int(
        subprocess.run(
            [*manage, "shell", "-c", "from quiz.models import QuizResponse; print(QuizResponse.objects.count())"],
            env=env, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    if have < count:
        print(f"[{label}] filling {count - have} responses…", flush=True)
        t = time.perf_counter()
        subprocess.run(
            [*manage, "generate_quiz_responses", "--bulk", f"--count={count - have}", f"--days={days}", "--seed=7"],
            env=env, check=True,
        )  # fmt: skip
        print(f"[{label}] filled in {time.perf_counter() - t:.0f} s", flush=True)
    out = subprocess.run(
        [*manage, "shell", "-c", MEASURE.replace("REPEATS", str(repeats))],
        env=env, check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    cold, warm, queries_cold, queries_warm, total = out.split()
    return {
        "db": label,
        "responses": int(total),
        "cold": float(cold),
        "warm": float(warm),
        "queries_cold": int(queries_cold),
        "queries_warm": int(queries_warm),
    }


MEASURE = """
import datetime, os, statistics, time
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from quiz.models import DailyFigure, QuizResponse, RolledUpDay
settings.ALLOWED_HOSTS = ["*"]
DailyFigure.objects.all().delete(); RolledUpDay.objects.all().delete()
user, _ = get_user_model().objects.get_or_create(
    username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
)
client = Client(); client.force_login(user)
first = datetime.date.today() - datetime.timedelta(days=364)
url = f"/admin/quiz/analytics/?start={first.isoformat()}"
def render():
    with CaptureQueriesContext(connection) as q:
        t = time.perf_counter(); r = client.get(url); elapsed = time.perf_counter() - t
    assert r.status_code == 200, r.status_code
    return elapsed, len(q)
cold, qc = render()
from django.core.management import call_command
call_command("rollup_quiz_stats", days=366, stdout=open(os.devnull, "w"))
warm = [render() for _ in range(REPEATS)]
print(f"{cold:.3f} {statistics.median(w for w, _ in warm):.3f} {qc} {warm[-1][1]} {QuizResponse.objects.count()}")
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sqlite", default=f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/steady_path_bench")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    if args.only != "sqlite":
        createdb = ["createdb", "-h", "127.0.0.1", "-U", "postgres", "steady_path_bench"]
        subprocess.run(createdb, stderr=subprocess.DEVNULL)
    cases = [("SQLite", args.sqlite), ("PostgreSQL", args.postgres)]
    rows = [run_case(label, url, args.count, args.days, args.repeats) for label, url in cases
            if not args.only or label.lower().startswith(args.only[:4])]  # fmt: skip
    print()
    print("Quiz analytics report, last 365 days, rendered through the admin view")
    print(f"{'database':<12}{'responses':>12}{'cold s':>9}{'warm s':>9}{'queries cold':>14}{'queries warm':>14}")
    for r in rows:
        print(
            f"{r['db']:<12}{r['responses']:>12,}{r['cold']:>9.3f}{r['warm']:>9.3f}"
            f"{r['queries_cold']:>14}{r['queries_warm']:>14}"
        )
    print("cold = render with no rollups stored (the report never writes them); warm = median after rollup_quiz_stats")


if __name__ == "__main__":
    main()
