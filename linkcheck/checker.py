"""Checking links: outside addresses over HTTP, this site's own in the process (internal.py).

Standard library only (urllib and a thread pool). Each address is fetched once per run, with a
per-request timeout, at most `concurrency` at a time (PER_HOST to any one host), and the whole
run stops at its time budget: what is left then is NOT_CHECKED and the run says it ran out of
time. A request never waits past the budget either: its timeout is cut to what is left of it.
"""

import contextlib
import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass

from django.conf import settings

from linkcheck import internal
from linkcheck.models import Kind, Outcome

DEFAULT_TIMEOUT = 10.0  # seconds per request
DEFAULT_CONCURRENCY = 8
DEFAULT_BUDGET = 600.0  # seconds for the whole run
MAX_REDIRECTS = 5
PER_HOST = 2  # requests at a time to any one host
# Servers that refuse HEAD say so with these; everything else HEAD answers is believed.
HEAD_REFUSED = (405, 501)


NOT_CHECKED = Outcome(Kind.NOT_CHECKED, detail="The time budget ran out first.")


@dataclass
class CheckReport:
    outcomes: dict  # link key (collect.Link.key) -> Outcome
    out_of_time: bool = False


def user_agent() -> str:
    """Names the site and who to contact, so a site owner seeing our requests can reach us."""
    contact = getattr(settings, "LINKCHECK_CONTACT", "") or settings.DEFAULT_FROM_EMAIL
    return f"SteadyPathLinkCheck/1.0 (+{settings.WAGTAILADMIN_BASE_URL}; link checker; contact: {contact})"


def check_keys(
    keys: Iterable[tuple],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    concurrency: int = DEFAULT_CONCURRENCY,
    budget: float = DEFAULT_BUDGET,
) -> CheckReport:
    """Check each key ("url", address), ("page", id) or ("document", id) once."""
    deadline = time.monotonic() + budget
    keys = list(dict.fromkeys(keys))
    site = internal.Resolver()
    outside = [k for k in keys if k[0] == "url" and not site.is_internal(k[1])]
    here = [k for k in keys if k not in outside]
    outcomes: dict = {}
    agent = user_agent()
    pool = ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="linkcheck")
    try:
        polite = _PerHost()
        futures = {
            pool.submit(polite.fetch, key[1], timeout=timeout, deadline=deadline, agent=agent): key for key in outside
        }
        # This site's links are read from the database in this thread while the pool works:
        # the pool's threads would have connections of their own, outside this one's transaction.
        for key in here:
            if time.monotonic() >= deadline:
                break
            outcomes[key] = site.check(key)
        pending = set(futures)
        while pending and time.monotonic() < deadline:
            done, pending = wait(pending, timeout=max(0, deadline - time.monotonic()), return_when=FIRST_COMPLETED)
            for future in done:
                outcomes[futures[future]] = future.result()
    finally:
        # Requests still running end by themselves at the deadline (their timeouts are cut to it).
        pool.shutdown(wait=False, cancel_futures=True)
    out_of_time = False
    for key in keys:
        if outcomes.get(key, NOT_CHECKED).kind == Kind.NOT_CHECKED:
            outcomes[key] = NOT_CHECKED
            out_of_time = True
    return CheckReport(outcomes=outcomes, out_of_time=out_of_time)


class _PerHost:
    """At most PER_HOST requests to one host at a time, however many of its pages we link to (a
    dozen NICE guidelines must not arrive at NICE at once)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    def fetch(self, url: str, *, deadline: float, **kwargs) -> Outcome:
        host = urllib.parse.urlsplit(url).netloc.lower()
        with self._lock:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(PER_HOST))
        if not slot.acquire(timeout=max(0, deadline - time.monotonic())):
            return NOT_CHECKED
        try:
            return fetch(url, deadline=deadline, **kwargs)
        finally:
            slot.release()


# --- One address over HTTP -------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as HTTPError, so that we count and follow them ourselves."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _request(url: str, method: str, *, timeout: float, agent: str) -> tuple[int, str]:
    """(status, Location header) for one request; the body is never read."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": agent, "Accept": "*/*"})
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, error.headers.get("Location", "") if error.headers else ""


def _status(url: str, *, timeout: float, agent: str) -> tuple[int, str]:
    status, location = _request(url, "HEAD", timeout=timeout, agent=agent)
    if status in HEAD_REFUSED:
        status, location = _request(url, "GET", timeout=timeout, agent=agent)
    return status, location


def fetch(url: str, *, timeout: float, deadline: float, agent: str, max_redirects: int = MAX_REDIRECTS) -> Outcome:
    """HEAD (GET where HEAD is refused), following up to `max_redirects` redirects."""
    current, first_status = url, None
    for hop in range(max_redirects + 1):
        left = deadline - time.monotonic()
        if left <= 0:
            return NOT_CHECKED
        try:
            current = _ascii(current)
            status, location = _status(current, timeout=min(timeout, left), agent=agent)
        except Exception as error:  # noqa: BLE001 - every failure to connect is a finding, not a crash
            outcome = _failure(error)
            return outcome if time.monotonic() < deadline or outcome.kind != Kind.TIMEOUT else NOT_CHECKED
        first_status = first_status or status
        if 300 <= status < 400 and location:
            current = urllib.parse.urljoin(current, location)
            continue
        after = f" (after redirects, at {current})" if hop else ""
        if status < 400:
            kind = Kind.REDIRECT if hop else Kind.OK
            return Outcome(kind, first_status if hop else status, f"Now at {current}" if hop else "")
        return Outcome(_kind_of(status), status, f"HTTP {status}{after}")
    return Outcome(Kind.TOO_MANY_REDIRECTS, first_status, f"More than {max_redirects} redirects")


def _kind_of(status: int) -> str:
    if status in (404, 410):
        return Kind.NOT_FOUND
    if status >= 500:
        return Kind.SERVER_ERROR
    return Kind.CLIENT_ERROR


def _failure(error: Exception) -> Outcome:
    reason = getattr(error, "reason", error)  # URLError wraps the socket's error
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return Outcome(Kind.TIMEOUT, detail="No answer in time")
    if isinstance(reason, ConnectionRefusedError):
        return Outcome(Kind.UNREACHABLE, detail="Connection refused")
    if isinstance(reason, socket.gaierror):
        return Outcome(Kind.UNREACHABLE, detail="No such host")
    if isinstance(reason, ssl.SSLError):
        return Outcome(Kind.UNREACHABLE, detail=f"Secure connection failed: {reason}"[:255])
    if isinstance(reason, (http.client.HTTPException, OSError)):
        return Outcome(Kind.UNREACHABLE, detail=f"Connection failed: {reason}"[:255])
    if isinstance(reason, ValueError):
        return Outcome(Kind.UNREACHABLE, detail="Not an address we can open")
    return Outcome(Kind.UNREACHABLE, detail=f"{type(reason).__name__}: {reason}"[:255])


def _ascii(url: str) -> str:
    """An address as it goes on the wire: non-ASCII host in IDNA, the rest percent-encoded."""
    parts = urllib.parse.urlsplit(url.strip())
    host = parts.hostname or ""
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    host = f"[{host}]" if ":" in host else host
    netloc = host + (f":{parts.port}" if parts.port else "")
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    safe = "/?#[]@!$&'()*+,;=%:~-._"
    return urllib.parse.urlunsplit(
        (
            parts.scheme,
            netloc,
            urllib.parse.quote(parts.path, safe=safe),
            urllib.parse.quote(parts.query, safe=safe),
            "",
        )
    )
