"""Run the portal under gunicorn with production settings, for benchmarks and load tests.

    with gunicorn_server(database_url="sqlite:////tmp/bench.sqlite3", port=8123) as base_url:
        ...  # send `X-Forwarded-Proto: https`: production settings sit behind a TLS proxy

The database is migrated (and seeded with the demo content unless seed=False) and static files
are collected before gunicorn starts; the server is stopped when the block ends.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORWARDED_HTTPS = {"X-Forwarded-Proto": "https"}
# Not a secret: only ever used by these local runs.
BENCH_SECRET_KEY = "bench-only-5f3c0d1e9a7b4c2d8e6f1a0b3c5d7e9f-not-for-production-use"


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url: str, redis_url: str = "", extra: dict | None = None) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": BENCH_SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "GUNICORN_ACCESS_LOG": "",
        "LOG_LEVEL": "WARNING",
    }
    env.update(extra or {})
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env: dict, seed: bool = True, collect_static: bool = True) -> None:
    manage(env, "migrate", "--noinput")
    if seed:
        manage(env, "seed_portal")
    if collect_static:  # into var/static, whatever the database: once per run is enough
        manage(env, "collectstatic", "--noinput")


def wait_until_healthy(base_url: str, process: subprocess.Popen, timeout: float = 60, path: str = "/healthz") -> None:
    """Until `path` answers 200 (HTTPS claimed, as behind the proxy); RuntimeError if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode}")
        try:
            request = urllib.request.Request(f"{base_url}{path}", headers=FORWARDED_HTTPS)
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not become healthy at {base_url} within {timeout}s")


@contextmanager
def gunicorn_server(
    database_url: str,
    port: int = 8123,
    workers: int = 2,
    seed: bool = True,
    env: dict | None = None,
    redis_url: str | None = None,
    worker_class: str = "sync",
    threads: int = 1,
    prepared: bool = False,
):
    if redis_url is None:  # CI's PostgreSQL run sets REDIS_URL: the server shares that Redis
        redis_url = os.environ.get("REDIS_URL", "")
    environment = production_env(database_url, redis_url, env)
    if not prepared:  # else migrated, seeded and static files collected already
        prepare(environment, seed=seed)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "portal.wsgi",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, process)
        yield base_url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
