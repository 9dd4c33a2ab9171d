"""Partner API throughput in the deployed shape, beside an approach page.

    python bench/api_bench.py [--seconds 5] [--connections 8]

Runs the production topology (bench/topology.py: nginx in front of two gunicorn app servers,
PostgreSQL, Redis when one answers on 127.0.0.1:6379), stamps a clinical review on every live
English approach page (the seed has none, and the API shows reviewed pages only), issues a
partner key, then measures through nginx with keep-alive Python clients (wrk is not needed):

- the API list (`/api/v1/approaches`) and one page's detail (`/api/v1/approaches/<id>`),
- the same detail with `If-None-Match` (a 304, as a partner's repeat request),
- the approach page itself, stored (for comparison with the page figures of bench/http_bench.py).

Every API request reaches an app server (nginx stores none, so every request counts against
its key): the figures are the app servers' memory of the built JSON plus the key lookup. The
clients share the machine's cores with nginx and the app servers, so the figures are lower
bounds; it prints one table and asserts nothing about time.
"""

import argparse
import http.client
import json
import os
import platform
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.concurrency import fresh_postgres_database  # noqa: E402
from bench.http_bench import REDIS_URL, redis_answers  # noqa: E402
from bench.topology import DEFAULT_POSTGRES, topology  # noqa: E402

SETUP = """
import json
from approaches.models import ApproachPage
from api.services import issue_key
from governance.reviews import record_review
pages = list(ApproachPage.objects.live().filter(locale__language_code="en").order_by("path"))
for page in pages:
    record_review(page=page, user=None)
key, raw = issue_key(partner_name="Benchmark")
print(json.dumps({"key": raw, "page": pages[0].pk, "url": pages[0].url}))
"""


def measure(base: str, path: str, headers: dict, seconds: float, connections: int) -> dict:
    parts = urlsplit(base)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine, codes = [], {}
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                status = 0
            mine.append((time.perf_counter() - started) * 1000)
            codes[status] = codes.get(status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for code, count in codes.items():
                statuses[code] = statuses.get(code, 0) + count

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else 0.0  # noqa: E731
    return {"rps": len(latencies) / seconds, "p50": pick(0.5), "p99": pick(0.99), "statuses": statuses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5, help="seconds per row")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    args = parser.parse_args()
    redis_url = REDIS_URL if redis_answers() else ""
    server = os.environ.get("DATABASE_URL", "")
    server = server if server.startswith("postgres") else DEFAULT_POSTGRES
    extra = {"API_KEY_RATE_LIMIT": "0"}  # a benchmark sends far more than a partner may
    with (
        fresh_postgres_database(server, os.environ.get("BENCH_DATABASE", "steady_path_api_bench")) as database_url,
        topology(database_url, redis_url=redis_url, workers=args.workers, extra_env=extra) as deployed,
    ):
        setup = json.loads(deployed.manage("shell", "-c", SETUP).strip().splitlines()[-1])
        auth = {"Authorization": f"Bearer {setup['key']}"}
        detail = f"/api/v1/approaches/{setup['page']}"
        proxy = deployed.proxy_url
        etag = None
        conn = http.client.HTTPConnection(urlsplit(proxy).hostname, urlsplit(proxy).port, timeout=10)
        conn.request("GET", detail, headers=auth)
        response = conn.getresponse()
        response.read()
        etag = response.getheader("ETag")
        conn.close()
        rows = [
            ("approach page stored, through nginx", setup["url"], {}),
            ("API list (20 pages), through nginx", "/api/v1/approaches", auth),
            ("API detail, through nginx", detail, auth),
            ("API detail revalidated (304), through nginx", detail, {**auth, "If-None-Match": etag}),
        ]
        results = []
        for label, path, headers in rows:
            measure(proxy, path, headers, 0.5, args.connections)  # warm every worker
            results.append((label, measure(proxy, path, headers, args.seconds, args.connections)))

    print()
    print(
        f"Steady Path API: nginx + 2 app servers ({args.workers} sync workers each, production settings, PostgreSQL, "
        f"{'Redis' if redis_url else 'no Redis'}), on {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}; {args.connections} keep-alive Python clients, {args.seconds:g}s per row"
    )
    header = f"| {'what':<46} | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} | statuses |"
    print(header)
    print("|" + "|".join("-" * len(part) for part in header.split("|")[1:-1]) + "|")
    for label, figures in results:
        codes = ", ".join(f"{code}×{count}" for code, count in sorted(figures["statuses"].items()))
        print(f"| {label:<46} | {figures['rps']:>8.1f} | {figures['p50']:>7.2f} | {figures['p99']:>7.2f} | {codes} |")


if __name__ == "__main__":
    main()
