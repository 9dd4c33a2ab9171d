"""A full render of Steady Path's approach page beside a stock Wagtail site, in one run.

    .venv/bin/python bench/bakerydemo.py --copy PATH [--duration 6] [--connections 16]
    BAKERYDEMO_COPY=PATH make bench

The stock site is wagtail/bakerydemo, the Wagtail team's own demo, and the page is one of its
blog posts. It runs only when there is a copy of it on this machine: a checkout, or a bare
mirror (its git directory). Nothing here downloads bakerydemo; its Python packages come from
the package index, into a virtualenv of its own under var/bakerydemo/ (it needs a newer Django
than this project, so it gets the newest Python 3.12+ on PATH).

Both sites run the same way: their production settings, SQLite, gunicorn with 2 sync workers,
every worker warmed for a second, then wrk (16 connections) on the page with a query string.
Steady Path never stores a query-string URL, so every request is a full render, and bakerydemo
has no page cache at all. It prints one table with the ratio; nothing asserts a time.
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.http_bench import APPROACH, wrk  # noqa: E402
from bench.serve import ROOT, free_port, gunicorn_server, wait_until_healthy  # noqa: E402

WORK = ROOT / "var" / "bakerydemo"
FIND_POST = (
    "from bakerydemo.blog.models import BlogPage; print(BlogPage.objects.live().order_by('path').first().get_url())"
)


def newest_python() -> str:
    """BAKERYDEMO_PYTHON, else the newest python3.12+ that runs: on PATH, or one pyenv installed."""
    candidates = [os.environ.get("BAKERYDEMO_PYTHON", "")]
    candidates += [shutil.which(name) or "" for name in ("python3.13", "python3.12")]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += sorted((str(p) for p in pyenv.glob("3.1[2-9]*/bin/python3")), reverse=True)
    for found in filter(None, candidates):
        check = [found, "-c", "import sys, venv; assert sys.version_info >= (3, 12)"]
        if subprocess.run(check, capture_output=True).returncode == 0:
            return found
    sys.exit("bakerydemo needs Python 3.12 or newer: set BAKERYDEMO_PYTHON or put python3.12 on PATH")


def export(copy: Path, into: Path) -> None:
    """The copy's files at `into`: a checkout is copied, a git directory's HEAD is archived."""
    if into.exists():
        shutil.rmtree(into)
    if (copy / "manage.py").exists():
        shutil.copytree(copy, into, ignore=shutil.ignore_patterns(".git", "node_modules", "*.sqlite3"))
        return
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "--git-dir", str(copy), "archive", "HEAD"], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)


def install(source: Path) -> Path:
    venv = WORK / "venv"
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    requirements = (source / "requirements" / "base.txt").read_text()
    if not stamp.exists() or stamp.read_text() != requirements:
        subprocess.run([newest_python(), "-m", "venv", "--clear", str(venv)], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "-r", str(source / "requirements" / "base.txt"), "gunicorn", "whitenoise"], check=True)
        stamp.write_text(requirements)
    return python


def bakery_env(source: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-not-for-production",
        "DATABASE_URL": f"sqlite:///{WORK / 'bakerydemo.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(source),
    }


def run_bakerydemo(python: Path, source: Path, env: dict, port: int) -> subprocess.Popen:
    (WORK / "bakerydemo.sqlite3").unlink(missing_ok=True)
    manage = [str(python), "manage.py"]
    quiet = {"cwd": source, "env": env, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([*manage, "migrate", "--noinput"], **quiet)
    subprocess.run([*manage, "load_initial_data"], **quiet)
    subprocess.run([*manage, "collectstatic", "--noinput"], **quiet)
    command = [str(python), "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    return subprocess.Popen([*command, "bakerydemo.wsgi"], cwd=source, env=env, start_new_session=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copy", default=os.environ.get("BAKERYDEMO_COPY", ""), help="bakerydemo checkout or git dir")
    parser.add_argument("--duration", type=int, default=6, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    copy = Path(args.copy) if args.copy else None
    if copy is None or not copy.exists():
        print("bakerydemo: no copy on this machine (--copy or BAKERYDEMO_COPY), so no side-by-side row")
        return
    if not shutil.which("wrk"):
        sys.exit("Needs wrk: apt-get install wrk")

    WORK.mkdir(parents=True, exist_ok=True)
    source = WORK / "src"
    export(copy, source)
    python = install(source)
    env = bakery_env(source)
    port = free_port()
    rows = []
    process = run_bakerydemo(python, source, env, port)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, process, path="/")
        post = (
            subprocess.run(
                [str(python), "manage.py", "shell", "-c", FIND_POST],
                cwd=source,
                env=env,
                check=True,
                capture_output=True,
            )
            .stdout.decode()
            .strip()
            .splitlines()[-1]
        )
        url = base + post + "?bench=miss"
        # Its production settings redirect plain HTTP to HTTPS; wrk (bench.http_bench) says every
        # request came over TLS, as behind a proxy, for both sites.
        wrk(url, 1, args.connections)  # both workers load their templates first
        rows.append((f"bakerydemo blog post {post}", wrk(url, args.duration, args.connections)))
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)

    database = f"sqlite:///{WORK / 'steady-path.sqlite3'}"
    (WORK / "steady-path.sqlite3").unlink(missing_ok=True)
    plain_http = {"SECURE_SSL_REDIRECT": "false"}  # as in bench/topology.py: no TLS on loopback
    with gunicorn_server(database, port=free_port(), workers=2, redis_url="", env=plain_http) as base:
        url = base + APPROACH + "?bench=miss"
        wrk(url, 1, args.connections)
        figures = wrk(url, args.duration, args.connections)
        rows.append((f"Steady Path approach page {APPROACH}", figures))

    print()
    print(
        f"Full renders, one run: production settings, SQLite, gunicorn 2 sync workers each; "
        f"wrk {args.connections} connections, {args.duration}s per row, on {os.cpu_count()} cores"
    )
    header = f"| {'what':<60} | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} | {'× bakerydemo':>12} | errors |"
    print(header)
    print("|" + "|".join("-" * len(part) for part in header.split("|")[1:-1]) + "|")
    stock = rows[0][1]["rps"]
    for label, figures in rows:
        print(
            f"| {label:<60} | {figures['rps']:>8.1f} | {figures['p50']:>7.2f} | {figures['p99']:>7.2f} | "
            f"{figures['rps'] / stock:>11.2f}× | {figures['errors']:>6} |"
        )


if __name__ == "__main__":
    main()
