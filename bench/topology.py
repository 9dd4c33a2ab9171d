"""The production topology on one machine: nginx in front of two app servers.

    .venv/bin/python bench/topology.py                 # PostgreSQL + Redis, until Ctrl-C
    .venv/bin/python bench/topology.py --no-redis      # the supported variant without Redis
    make topology

nginx (Debian's) runs the shipped `deploy/nginx/steady-path.conf`, rendered with this run's
ports. Behind it, two separate gunicorn masters (two ports, 2 workers each) run
`portal.settings.production` against one PostgreSQL database (created for the run on the
server in DATABASE_URL, or 127.0.0.1:5432) and, unless --no-redis, one Redis. Tests use
`topology()` as a context manager (tests/topology/).

Plain HTTP on loopback: TLS would end at nginx, which is why SECURE_SSL_REDIRECT is off here.
"""

import argparse
import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.concurrency import fresh_postgres_database  # noqa: E402
from bench.serve import free_port, prepare, production_env  # noqa: E402

SITE_CONF = ROOT / "deploy" / "nginx" / "steady-path.conf"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/12"

# The http-level settings match bench/http_bench.py's static nginx, so "of nginx static" compares
# like with like (nginx's default keepalive_requests of 1000 made wrk reconnect a few times a
# second per connection here; a browser never gets near it).
MAIN_CONF = """
worker_processes 2;
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
    include {work}/steady-path.conf;
}}
"""


def render_site_conf(
    *,
    app_servers: list[str],
    listen: str,
    cache_dir: str,
    server_name: str = "_",
    media_root: str = str(ROOT / "var" / "media"),
) -> str:
    text = SITE_CONF.read_text()
    values = {
        "APP_SERVER_1": app_servers[0],
        "APP_SERVER_2": app_servers[1],
        "LISTEN": listen,
        "CACHE_DIR": cache_dir,
        "SERVER_NAME": server_name,
        "MEDIA_ROOT": media_root.rstrip("/"),
    }
    for name, value in values.items():
        text = text.replace(f"@@{name}@@", value)
    if "@@" in text:
        raise ValueError("deploy/nginx/steady-path.conf has a value the topology does not fill")
    return text


def get_page(base: str, path: str) -> tuple[int, str]:
    """One GET on a fresh connection (no redirects followed): status and body; status 0 if the
    connection itself failed."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path, headers={"Connection": "close"})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    except OSError as error:
        return 0, type(error).__name__
    finally:
        connection.close()


def _get(url: str, timeout: float = 2) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wait_for(url: str, process: subprocess.Popen, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        with contextlib.suppress(OSError):
            if _get(url) == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer at {url} within {timeout}s")


def _stop(*processes: subprocess.Popen | None, sig=signal.SIGTERM) -> None:
    """Signal every process group first, then wait for each: a gunicorn master takes a couple of
    seconds to see its workers out, and several shut down side by side."""
    running = [process for process in processes if process is not None and process.poll() is None]
    for process in running:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
    for process in running:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class PrivateRedis:
    """A Redis of this test's own, so stopping it disturbs nothing else on the machine."""

    def __init__(self, tmp_dir):
        self.port = free_port()
        self.dir = tmp_dir
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self.dir)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        for _ in range(50):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@dataclass
class AppServer:
    port: int
    env: dict
    workers: int = 2
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py")]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers), "portal.wsgi"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True)
        _wait_for(f"{self.url}/healthz", self.process, f"app server on {self.port}")

    def kill(self) -> None:
        """Stop at once, as a crashed machine would: no graceful shutdown."""
        _stop(self.process, sig=signal.SIGKILL)

    def stop(self) -> None:
        _stop(self.process)


@dataclass
class Topology:
    proxy_url: str
    apps: list[AppServer]
    env: dict
    work: Path
    nginx: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def urls(self) -> dict[str, str]:
        """Every way in: through the proxy and straight to each app server."""
        return {"proxy": self.proxy_url, **{f"app{i + 1}": app.url for i, app in enumerate(self.apps)}}

    def manage(self, *args: str, stdin: str | None = None) -> str:
        """A management command in a process of its own, as an operator or a cron job runs it."""
        command = [sys.executable, "manage.py", *args]
        result = subprocess.run(command, cwd=ROOT, env=self.env, input=stdin, capture_output=True, text=True)
        if result.returncode:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
        return result.stdout


@contextlib.contextmanager
def topology(
    database_url: str,
    *,
    redis_url: str = "",
    workers: int = 2,
    seed: bool = True,
    prepared: bool = False,
    extra_env: dict | None = None,
    proxy_port: int | None = None,
):
    if not shutil.which("nginx"):
        raise RuntimeError("The topology needs Debian's nginx: apt-get install nginx")
    env = production_env(
        database_url,
        redis_url,
        {
            "SECURE_SSL_REDIRECT": "false",
            "TRUSTED_PROXIES": "127.0.0.1,::1",
            **(extra_env or {}),
        },
    )
    if not prepared:  # migrated, seeded and static files collected already
        prepare(env, seed=seed)
    with tempfile.TemporaryDirectory(prefix="steady-path-topology-") as work_dir:
        work = Path(work_dir)
        (work / "tmp").mkdir()
        (work / "cache").mkdir()
        if os.geteuid() == 0:
            # nginx's workers run as nobody unless told otherwise; they write the cache here.
            os.chmod(work, 0o755)
        apps = [AppServer(free_port(), env, workers) for _ in range(2)]
        port = proxy_port or free_port()
        (work / "steady-path.conf").write_text(
            render_site_conf(
                app_servers=[f"127.0.0.1:{app.port}" for app in apps],
                listen=f"127.0.0.1:{port}",
                cache_dir=str(work / "cache"),
            )
        )
        user = "user root;" if os.geteuid() == 0 else ""
        (work / "nginx.conf").write_text(MAIN_CONF.format(work=work, user=user))
        result = Topology(proxy_url=f"http://127.0.0.1:{port}", apps=apps, env=env, work=work)
        try:
            for app in apps:
                app.start()
            command = ["nginx", "-p", str(work), "-c", str(work / "nginx.conf")]
            result.nginx = subprocess.Popen(command, start_new_session=True)
            _wait_for(f"{result.proxy_url}/healthz", result.nginx, "nginx")
            yield result
        finally:
            _stop(result.nginx)
            _stop(*(app.process for app in apps))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-redis", action="store_true", help="run without Redis (the supported variant)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port on 127.0.0.1")
    parser.add_argument("--database-name", default="steady_path_topology")
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "")
    server = server if server.startswith("postgres") else DEFAULT_POSTGRES
    redis_url = "" if args.no_redis else os.environ.get("REDIS_URL", DEFAULT_REDIS)
    with (
        fresh_postgres_database(server, args.database_name) as database_url,
        topology(database_url, redis_url=redis_url, proxy_port=args.port) as running,
    ):
        print(f"PostgreSQL: {urlsplit(database_url).path.lstrip('/')}; Redis: {redis_url or 'none'}")
        for name, url in running.urls.items():
            print(f"{name:>6}: {url}/")
        print("Ctrl-C stops everything.")
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
    return 0


if __name__ == "__main__":
    sys.exit(main())
