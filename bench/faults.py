"""Faults in the deployed shape, measured: what patients see and what the database keeps.

    .venv/bin/python bench/faults.py [--patients 120] [--skip-postgres]

Runs the production topology (bench/topology.py: nginx, two app servers with 2 workers each,
PostgreSQL, a Redis of its own) with simulated patients taking the quiz through nginx
(bench/quiz_load.py), and in the middle of the load:

1. kills one app server outright (SIGKILL, no graceful shutdown);
2. stops Redis, changes the crisis line number, starts Redis again;
3. restarts PostgreSQL (pg_ctlcluster; this disturbs every database user on the machine).

For each it prints the patients' outcomes and statuses, the database check (lost responses,
lost answers, duplicated steps; bench/concurrency.py) and what the fault showed: which
answers failed, whether the new crisis number was everywhere within a second, whether the
503 page during the database gap carried 911 and 988, and whether the app servers recovered
without a restart. Loopback only, bounded load. Nothing asserts a time.
"""

import argparse
import contextlib
import glob
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.concurrency import check_database, fresh_postgres_database  # noqa: E402
from bench.quiz_load import run_quiz_load  # noqa: E402
from bench.topology import DEFAULT_POSTGRES, PrivateRedis, get_page, topology  # noqa: E402

APPROACH = "/approaches/medication-management/"


def load_during(deployed, patients: int, fault, *, after: float = 1.5):
    """Run the patients through nginx; call `fault()` `after` seconds in. Returns both results."""
    outcome = {}

    def patients_run():
        outcome["summary"] = run_quiz_load(
            deployed.proxy_url, patients=patients, concurrency=16, timeout=60, claims_tls=False
        )

    thread = threading.Thread(target=patients_run)
    thread.start()
    time.sleep(after)
    observed = fault()
    thread.join()
    return outcome["summary"], observed


def report(title: str, summary, check, observed: list[str]) -> None:
    print(f"\n== {title}")
    for line in summary.lines() + check.lines() + observed:
        print(f"  {line}")


def kill_an_app_server(deployed, database_url, patients):
    def fault():
        deployed.apps[0].kill()
        return [f"killed app server 1 (port {deployed.apps[0].port}) with SIGKILL"]

    summary, observed = load_during(deployed, patients, fault)
    after = Counter(get_page(deployed.proxy_url, APPROACH)[0] for _ in range(20))
    observed.append(f"after the kill, 20 page requests through nginx: {dict(after)}")
    report("one app server killed mid-load", summary, check_database(database_url, summary), observed)
    deployed.apps[0].start()


def redis_outage(deployed, database_url, patients, redis):
    number = "555-0177"

    def fault():
        redis.stop()
        deployed.manage(
            "shell", "-c", f"from core.models import PortalSettings\ns = PortalSettings.load()\n"
            f"s.crisis_line_number = {number!r}\ns.save()",
        )  # fmt: skip
        time.sleep(1.0)
        tel = f'href="tel:{number.replace("-", "")}"'
        ways = {name: [get_page(base, APPROACH) for _ in range(6)] for name, base in deployed.urls.items()}
        stale = {name: sum(tel not in body for _, body in answers) for name, answers in ways.items()}
        time.sleep(1.0)
        redis.start()
        time.sleep(1.0)
        after = {
            name: sum(tel not in get_page(base, APPROACH)[1] for _ in range(6)) for name, base in deployed.urls.items()
        }
        return [
            f"Redis stopped, crisis line changed to {number}; 1 s later, old copies out of 6 per way in: {stale}",
            f"Redis started again; 1 s later, old copies out of 6 per way in: {after}",
        ]

    summary, observed = load_during(deployed, patients, fault)
    report("Redis stopped and started mid-load", summary, check_database(database_url, summary), observed)


def restart_postgres(deployed, database_url, patients):
    clusters = sorted(glob.glob("/etc/postgresql/*/main"))
    if not clusters:
        print("\n== PostgreSQL restart: skipped (no local cluster to restart)")
        return
    version = Path(clusters[-1]).parent.name
    gap_pages = []

    def sample_during_gap(stop):
        while not stop.is_set():
            status, body = get_page(deployed.proxy_url, "/quiz/")
            if status == 503:
                gap_pages.append(body)
            time.sleep(0.05)

    def fault():
        stop = threading.Event()
        sampler = threading.Thread(target=sample_during_gap, args=(stop,))
        sampler.start()
        started = time.monotonic()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "--", "-m", "fast"], check=True
        )
        took = time.monotonic() - started
        time.sleep(1.0)
        stop.set()
        sampler.join()
        return [f"PostgreSQL {version} restarted in {took:.1f} s (fast shutdown)"]

    summary, observed = load_during(deployed, patients, fault)
    with_numbers = sum('href="tel:911"' in body and 'href="tel:988"' in body for body in gap_pages)
    observed.append(f"503 pages seen on /quiz/ during the gap: {len(gap_pages)}, with 911 and 988: {with_numbers}")
    recovered = Counter(get_page(base, "/quiz/")[0] for base in deployed.urls.values() for _ in range(4))
    observed.append(f"afterwards, /quiz/ on every way in, no app server restarted: {dict(recovered)}")
    report("PostgreSQL restarted mid-load", summary, check_database(database_url, summary), observed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patients", type=int, default=120)
    parser.add_argument("--skip-postgres", action="store_true", help="don't restart the machine's PostgreSQL")
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "")
    server = server if server.startswith("postgres") else DEFAULT_POSTGRES
    with contextlib.ExitStack() as stack:
        redis = PrivateRedis(Path(stack.enter_context(tempfile.TemporaryDirectory())))
        redis.start()
        stack.callback(redis.stop)
        database_url = stack.enter_context(fresh_postgres_database(server, "steady_path_faults"))
        deployed = stack.enter_context(
            topology(database_url, redis_url=redis.url, extra_env={"QUIZ_RATE_LIMIT": "0", "LOG_LEVEL": "CRITICAL"})
        )
        kill_an_app_server(deployed, database_url, args.patients)
        redis_outage(deployed, database_url, args.patients, redis)
        if not args.skip_postgres:
            restart_postgres(deployed, database_url, args.patients)
    return 0


if __name__ == "__main__":
    sys.exit(main())
