"""Requests per second and latency for the deployed shape, side by side with nginx.

    python bench/http_bench.py [--duration 10] [--connections 16] [--close]

Runs the production topology (bench/topology.py): the shipped nginx config in front of two
gunicorn app servers (production settings, 2 sync workers each) on a fresh PostgreSQL
database and Redis when it answers on 127.0.0.1:6379. wrk measures, both straight to one app
server and through nginx:

- the approach page when stored (a page-cache hit: the worker's memory, or nginx's own cache),
- the same page rendered in full every time (a query string is never looked up or stored),
- a full quiz run (start, every step, results) by simulated patients (bench/quiz_load.py),
  through nginx.

In the same run nginx serves the approach page's saved HTML as a static file on loopback: the
most this machine can serve that page. Each figure is also printed as a share of that rate. A
row shows gunicorn itself, with the same config and workers, answering the same bytes from a
three-line WSGI app: the most any Python app behind gunicorn gets here. wrk, nginx and the
app servers share the machine's cores. `--close` sends `Connection: close` on every request.
It prints one table; nothing asserts a time.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.concurrency import fresh_postgres_database  # noqa: E402
from bench.quiz_load import run_quiz_load  # noqa: E402
from bench.serve import FORWARDED_HTTPS, ROOT, free_port  # noqa: E402
from bench.topology import DEFAULT_POSTGRES, topology  # noqa: E402

WORK = ROOT / "var" / "bench-http"
APPROACH = "/approaches/medication-management/"
BAD_HOST = {"Host": "made-up.example"}  # not in ALLOWED_HOSTS: the 400 page
REDIS_URL = "redis://127.0.0.1:6379/9"

NGINX_CONF = """
worker_processes {workers};
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {work}/tmp;
    proxy_temp_path {work}/tmp;
    fastcgi_temp_path {work}/tmp;
    uwsgi_temp_path {work}/tmp;
    scgi_temp_path {work}/tmp;
    server {{
        listen 127.0.0.1:{port};
        root {work}/html;
        location / {{ default_type text/html; }}
    }}
}}
"""


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(urllib.request.Request(url, headers=FORWARDED_HTTPS), timeout=10) as response:
        return response.read()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str, output: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise RuntimeError(f"Unexpected wrk latency {text!r}:\n{output}")
    return float(match.group(1)) * UNITS[match.group(2)]


def wrk(url: str, duration: int, connections: int, threads: int = 2, close: bool = False, extra_headers=None) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url]
    headers = {**FORWARDED_HTTPS, **({"Connection": "close"} if close else {}), **(extra_headers or {})}
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        # gunicorn's sync workers close every connection; wrk counts those closes as read errors.
        errors += int(socket_errors.group(1)) + int(socket_errors.group(4))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1), output),
        "p99": _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1), output),
        "errors": errors,
    }


def query_counts(env: dict) -> dict:
    """SQL queries per page on a cache miss, counted in-process with the same settings."""
    script = f"""
import json, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from core.delivery.page_cache import local_pages, purge
client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
counts = {{}}
for path in ["/", "/approaches/", "{APPROACH}"]:
    client.get(path)
    purge()
    local_pages.generation_now()  # read every quarter second per process, not once per miss
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    counts[path] = len(queries)
print(json.dumps(counts))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


CEILING_APP = """
BODY = open({path!r}, "rb").read()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]
def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
"""


@contextlib.contextmanager
def gunicorn_ceiling(workers: int, worker_class: str):
    """gunicorn with the project's config, serving the saved page from a bare WSGI app."""
    (WORK / "ceiling.py").write_text(CEILING_APP.format(path=str(WORK / "html" / "approach.html")))
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py")]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", worker_class]
    env = {**os.environ, "PYTHONPATH": str(WORK), "GUNICORN_ACCESS_LOG": "", "DJANGO_SETTINGS_MODULE": "unused"}
    process = subprocess.Popen([*command, "ceiling:application"], cwd=WORK, env=env, start_new_session=True)
    try:
        for _ in range(100):
            try:
                fetch(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


class Nginx:
    def __init__(self, html: bytes, workers: int):
        self.port = free_port()
        (WORK / "html").mkdir(parents=True, exist_ok=True)
        (WORK / "tmp").mkdir(exist_ok=True)
        (WORK / "html" / "approach.html").write_bytes(html)
        # Run as root, nginx hands requests to workers under another user, who must read the file.
        user = "user root;" if os.geteuid() == 0 else ""
        conf = NGINX_CONF.format(workers=workers, work=WORK, port=self.port, user=user)
        (WORK / "nginx.conf").write_text(conf)
        self.url = f"http://127.0.0.1:{self.port}/approach.html"

    def __enter__(self):
        command = ["nginx", "-p", str(WORK), "-c", str(WORK / "nginx.conf")]
        self.process = subprocess.Popen(command, start_new_session=True)
        for _ in range(50):
            try:
                fetch(self.url)
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nginx did not start; see var/bench-http/nginx-error.log")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument("--patients", type=int, default=200, help="simulated patients for the quiz run")
    parser.add_argument("--close", action="store_true", help="Connection: close on every request")
    parser.add_argument(
        "--only",
        choices=["stored", "rendered", "errors", "quiz"],
        action="append",
        help="run only these groups of rows (repeatable); nginx static is always measured",
    )
    args = parser.parse_args()
    groups = set(args.only or ["stored", "rendered", "errors", "quiz"])

    missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool)]
    if missing:
        sys.exit(f"Needs {' and '.join(missing)}: apt-get install {' '.join(missing)}")

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    redis_url = REDIS_URL if redis_answers() else ""
    extra = {"QUIZ_RATE_LIMIT": "0"}
    if redis_url:
        subprocess.run(["redis-cli", "-n", "9", "flushdb"], check=False, stdout=subprocess.DEVNULL)
    server = os.environ.get("DATABASE_URL", "")
    server = server if server.startswith("postgres") else DEFAULT_POSTGRES

    rows = []
    run = lambda url: wrk(url, args.duration, args.connections, close=args.close)  # noqa: E731
    with (
        fresh_postgres_database(server, "steady_path_bench") as database_url,
        topology(database_url, redis_url=redis_url, workers=args.workers, extra_env=extra) as deployed,
    ):
        counts = query_counts(deployed.env)
        direct, proxy = deployed.apps[0].url, deployed.proxy_url
        html = fetch(direct + APPROACH)
        # Every worker of both app servers answers a while before anything is measured: a
        # worker's first requests load templates and open its database connection, and with
        # 16 connections those stalls made the p99 of the first row through nginx.
        for path in (APPROACH, APPROACH + "?bench=miss", "/approaches/?bench=miss", "/?bench=miss"):
            for base in (proxy, *(app.url for app in deployed.apps)):
                wrk(base + path, 1, args.connections, close=args.close)
        with Nginx(html, workers=2) as nginx:
            rows.append(("nginx: approach page as a static file", run(nginx.url), None))
            with gunicorn_ceiling(args.workers, "sync") as ceiling:
                rows.append(("gunicorn: same bytes from a bare WSGI app", run(ceiling), None))
        for label, base in [("through nginx", proxy), ("straight to one app server", direct)]:
            if "stored" in groups:
                fetch(base + APPROACH)  # fill the page cache
                rows.append((f"approach page stored, {label}", run(base + APPROACH), None))
            if "rendered" in groups:
                miss = base + APPROACH + "?bench=miss"
                rows.append((f"approach page rendered, {label}", run(miss), counts[APPROACH]))
        if "rendered" in groups:
            for path, label in [("/approaches/", "index"), ("/", "home")]:
                rows.append(
                    (f"{label} rendered, straight to one app server", run(direct + path + "?bench=miss"), counts[path])
                )
        if "errors" in groups:
            # Error pages: every answer is an "error" to wrk, so the column counts them all here.
            errors = [
                ("404 page, straight to one app server", run(direct + "/no-such-page/?bench=miss")),
                (
                    "400 page (made-up Host), straight to one app server",
                    wrk(direct + "/", args.duration, args.connections, close=args.close, extra_headers=BAD_HOST),
                ),
            ]
            rows += [(label, figures, None) for label, figures in errors]

        if "quiz" in groups:
            started, client_cpu = time.monotonic(), time.process_time()
            summary = run_quiz_load(proxy, patients=args.patients, concurrency=args.connections, claims_tls=False)
            elapsed = time.monotonic() - started
            # The simulated patients run here, on the same cores as the servers: what they cost
            # is time the servers could not have.
            client_share = (time.process_time() - client_cpu) / elapsed
            quiz = {
                "rps": len(summary.hits) / elapsed,
                "p50": summary.p50_ms,
                "p99": summary.p99_ms,
                "errors": summary.server_errors,
            }
            runs = f"{summary.runs_per_second:.1f} runs/s, client {client_share:.0%} of a core"
            label = f"quiz requests through nginx ({runs})"
            rows.append((label, quiz, None))

    nginx_rps = rows[0][1]["rps"]
    print()
    print(
        f"Steady Path: nginx + 2 app servers ({args.workers} sync workers each, production settings, PostgreSQL, "
        f"{'Redis' if redis_url else 'no Redis'}) vs nginx static, on {os.cpu_count()} cores, "
        f"{platform.machine()}, Python {platform.python_version()}; wrk {args.connections} connections, "
        f"{args.duration}s per row{', Connection: close' if args.close else ', keep-alive'}"
    )
    header = (
        f"| {'what':<72} | {'req/s':>9} | {'p50 ms':>7} | {'p99 ms':>7} | {'of nginx':>8} | {'queries':>7} | errors |"
    )
    print(header)
    print("|" + "|".join("-" * (len(part)) for part in header.split("|")[1:-1]) + "|")
    for label, figures, queries in rows:
        print(
            f"| {label:<72} | {figures['rps']:>9.1f} | {figures['p50']:>7.2f} | {figures['p99']:>7.2f} | "
            f"{figures['rps'] / nginx_rps:>8.1%} | {'' if queries is None else queries:>7} | {figures['errors']:>6} |"
        )


if __name__ == "__main__":
    main()
