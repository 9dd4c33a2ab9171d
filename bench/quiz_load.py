"""Simulated patients taking the quiz at once against a running server: the client side of
the concurrency check and of `make bench`.

    summary = run_quiz_load("http://127.0.0.1:8123", patients=200)
    print("\n".join(summary.lines()))

    .venv/bin/python bench/quiz_load.py --patients 200 --database sqlite|postgres

The command is bench/concurrency.py's: it serves a fresh database with gunicorn, runs the
patients and checks the database. Standard library only: each patient is a thread with its
own cookie jar, and all start together at a barrier.

Each patient opens the quiz page, starts the quiz with the page's start form and answers
question by question, choosing from the options on the page: a different path per patient,
some skips, some Back-and-change, some double submits (the same post twice at once, as a
double click sends it). One patient in `crisis_every` gives a crisis answer to the first
question and must land on the crisis page (200, outside /quiz/); everyone else must reach
the results page (200), and some follow a suggestion. Requests say `X-Forwarded-Proto: https`
and send a same-origin Referer, as a browser behind the production proxy would.
"""

import base64
import http.client
import json
import random
import re
import sys
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
QUIZ_COOKIE = "steady_path_quiz"
# The seeded quiz's first question is the safety question; these of its answers are crisis answers.
SEEDED_CRISIS_ANSWERS = frozenset({"self-harm", "harm-others", "unsure"})
MAX_REQUESTS_PER_PATIENT = 40


# --- One patient's browser -------------------------------------------------------------


@dataclass
class Hit:
    kind: str  # start-page, start, step-get, step-post, results, follow, crisis-page
    status: int
    seconds: float


@dataclass
class Page:
    status: int
    location: str
    body: str
    sets_quiz_cookie: bool


class Browser:
    """Cookies, CSRF referers and the proxy header, over a fresh connection per request."""

    def __init__(self, base_url: str, timeout: float, claims_tls: bool = True):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        # Straight to gunicorn, it plays the TLS proxy and says https; through nginx, the proxy
        # says which scheme was used, and the browser's own address is what it sends.
        self.claims_tls = claims_tls
        self.origin = f"https://{parts.netloc}" if claims_tls else f"{parts.scheme}://{parts.netloc}"
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.hits: list[Hit] = []
        self.referer = "/"

    def get(self, path: str, kind: str) -> Page:
        page = self._send("GET", path, kind, None, dict(self.cookies))
        self.referer = path
        return page

    def post(self, path: str, kind: str, data: dict) -> Page:
        page = self._send("POST", path, kind, data, dict(self.cookies))
        self.referer = path
        return page

    def post_twice_at_once(self, path: str, kind: str, data: dict) -> Page:
        """A double click: the same post with the same cookies, twice at the same moment. The
        patient goes on from the answer that saved their progress (the first such); an error on
        either counts."""
        cookies, pages = dict(self.cookies), [None, None]
        ready = threading.Barrier(2)

        def send(i):
            ready.wait()
            try:
                pages[i] = self._send("POST", path, kind, data, cookies)
            except (OSError, http.client.HTTPException) as error:
                pages[i] = error

        threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for page in pages:
            if isinstance(page, Exception):
                raise page
        kept = next((p for p in pages if p.sets_quiz_cookie), pages[0])
        kept = next((p for p in pages if p.status >= 400), kept)
        self.referer = path
        return kept

    def quiz_state(self) -> dict | None:
        """The quiz progress the server signed into the cookie (signed, not secret): a
        reference to the response (its id, revision, path and status), never the answers."""
        raw = self.cookies.get(QUIZ_COOKIE)
        if not raw:
            return None
        # Django's signing format: base64 payload (a leading "." when compressed), timestamp, signature.
        payload = raw.split(":", 1)[0]
        data = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload.lstrip(".")) % 4))
        return json.loads(zlib.decompress(data) if payload.startswith(".") else data)

    def _send(self, method, path, kind, data, cookies) -> Page:
        headers = {
            "Host": f"{self.host}:{self.port}",
            **({"X-Forwarded-Proto": "https"} if self.claims_tls else {}),
            "Referer": self.origin + self.referer,
            "User-Agent": "steady-path-quiz-load",
        }
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
            set_cookies = response.msg.get_all("Set-Cookie") or []
            status, location = response.status, response.getheader("Location", "")
        finally:
            connection.close()
        self.hits.append(Hit(kind, status, time.perf_counter() - started))
        sets_quiz_cookie = False
        for header in set_cookies:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value
                sets_quiz_cookie |= name == QUIZ_COOKIE
        target = urlsplit(urljoin(self.origin + path, location)).path if location else ""
        return Page(status, target, content, sets_quiz_cookie)


class QuestionForm(HTMLParser):
    """A quiz page's form: where it posts, its form token, answer inputs, and whether Skip is offered."""

    def __init__(self, html: str):
        super().__init__()
        self.action, self.token, self.choices, self.multiple, self.can_skip = "", "", [], False, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post" and not self.action:
            self.action = a.get("action") or ""
        elif tag == "input" and a.get("name") == "form_token":
            self.token = a.get("value", "")
        elif tag == "input" and a.get("name") == "answer":
            self.choices.append(a.get("value", ""))
            self.multiple |= a.get("type") == "checkbox"
        elif tag == "button" and a.get("name") == "skip":
            self.can_skip = True


# --- One patient's visit -----------------------------------------------------------------


@dataclass
class Visit:
    patient: int
    outcome: str = "failed"  # results | crisis | failed
    problem: str = ""
    response_id: str = ""
    state: dict | None = None  # the final quiz progress from the cookie
    answers: dict[str, list[str]] = field(default_factory=dict)  # the last answer posted per question
    backs: int = 0
    skips: int = 0
    double_submits: int = 0
    followed_suggestion: bool = False
    hits: list[Hit] = field(default_factory=list)

    def expected_rows(self) -> list[tuple[int, str, str]]:
        """The answer rows the database must hold: one per option on the answered path."""
        if not self.state:
            return []
        path = self.state["path"] if self.state["status"] != "active" else self.state["path"][:-1]
        return sorted(
            (position, key, option)
            for position, key in enumerate(path, start=1)
            for option in (self.answers.get(key) or [""])
        )


class PatientProblem(Exception):
    pass


def _expect(page: Page, status: int, what: str) -> Page:
    if page.status != status:
        raise PatientProblem(f"{what}: HTTP {page.status} {page.location}".strip())
    return page


@dataclass(frozen=True)
class Plan:
    """How the simulated patients behave; see run_quiz_load."""

    seed: int
    quiz_path: str
    crisis_every: int
    crisis_answers: frozenset
    skip_share: float
    back_share: float
    double_submit_share: float
    follow_share: float
    timeout: float
    claims_tls: bool = True


def visit(base_url: str, index: int, plan: Plan) -> Visit:
    """One patient, from the quiz page to the results or the crisis page."""
    rng = random.Random(plan.seed * 1_000_003 + index)
    browser, record = Browser(base_url, plan.timeout, plan.claims_tls), Visit(patient=index)
    in_crisis = plan.crisis_every > 0 and index % plan.crisis_every == plan.crisis_every - 1
    quiz_path, crisis_answers = plan.quiz_path, plan.crisis_answers
    try:
        form = QuestionForm(_expect(browser.get(quiz_path, "start-page"), 200, "quiz page").body)
        start = form.action or quiz_path
        url = _expect(browser.post(start, "start", {"form_token": form.token}), 302, "start").location
        record.response_id = (browser.quiz_state() or {}).get("response_id", "")
        trail: list[str] = []  # questions answered, for the Back link
        while len(browser.hits) < MAX_REQUESTS_PER_PATIENT:
            form = QuestionForm(_expect(browser.get(url, "step-get"), 200, f"question {url}").body)
            if trail and not record.backs and rng.random() < plan.back_share:
                record.backs += 1
                url = trail.pop()
                continue
            data = {"form_token": form.token}
            if not trail:  # the safety question
                safe = [c for c in form.choices if c not in crisis_answers]
                data["answer"] = rng.choice(sorted(crisis_answers & set(form.choices))) if in_crisis else safe[0]
            elif form.can_skip and rng.random() < plan.skip_share:
                data["skip"] = "1"
                record.skips += 1
            elif form.multiple:
                data["answer"] = rng.sample(form.choices, rng.randint(1, len(form.choices)))
            else:
                data["answer"] = rng.choice(form.choices)
            trail.append(url)
            if rng.random() < plan.double_submit_share:
                record.double_submits += 1
                page = browser.post_twice_at_once(url, "step-post", data)
            else:
                page = browser.post(url, "step-post", data)
            posted = url.rstrip("/").rsplit("/", 1)[-1]
            url = _expect(page, 302, f"answer to {url}").location
            chosen = data.get("answer", [])
            record.answers[posted] = list(chosen) if isinstance(chosen, list) else [chosen]
            if not url.startswith("/quiz/"):
                if not in_crisis:
                    raise PatientProblem(f"sent to {url} without a crisis answer")
                _expect(browser.get(url, "crisis-page"), 200, "crisis page")
                record.outcome = "crisis"
                break
            if url.startswith("/quiz/results/"):
                if in_crisis:
                    raise PatientProblem("a crisis answer reached the results page")
                results = _expect(browser.get(url, "results"), 200, "results").body
                links = re.findall(r'href="(/quiz/suggestion/\d+/)"', results)
                if links and rng.random() < plan.follow_share:
                    _expect(browser.get(links[0], "follow"), 302, "suggestion")
                    record.followed_suggestion = True
                record.outcome = "results"
                break
        else:
            raise PatientProblem(f"still in the quiz after {MAX_REQUESTS_PER_PATIENT} requests")
    except PatientProblem as problem:
        record.problem = str(problem)
    except (OSError, http.client.HTTPException) as error:
        record.problem = f"connection: {error!r}"
    record.state = browser.quiz_state()
    record.hits = browser.hits
    return record


# --- Many patients -------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class LoadSummary:
    patients: int
    concurrency: int
    seconds: float  # from the barrier to the last patient's last response
    visits: list[Visit]

    @property
    def hits(self) -> list[Hit]:
        return [hit for visit in self.visits for hit in visit.hits]

    @property
    def outcomes(self) -> Counter:
        return Counter(visit.outcome for visit in self.visits)

    @property
    def statuses(self) -> Counter:
        return Counter(hit.status for hit in self.hits)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def runs_per_second(self) -> float:
        """Full quiz runs (results or crisis page reached) per second."""
        finished = self.outcomes["results"] + self.outcomes["crisis"]
        return finished / self.seconds if self.seconds else 0.0

    def latency_ms(self, share: float, kind: str | None = None) -> float:
        return 1000 * _percentile([h.seconds for h in self.hits if kind in (None, h.kind)], share)

    @property
    def p50_ms(self) -> float:
        return self.latency_ms(0.50)

    @property
    def p99_ms(self) -> float:
        return self.latency_ms(0.99)

    def lines(self) -> list[str]:
        outcomes, statuses = self.outcomes, self.statuses
        unexpected = sum(n for status, n in statuses.items() if status not in (200, 302) and status < 500)
        problems = Counter(v.problem for v in self.visits if v.problem)
        lines = [
            f"patients {self.patients} ({self.concurrency} at once): results {outcomes['results']}, "
            f"crisis page {outcomes['crisis']}, failed {outcomes['failed']}; "
            f"backs {sum(v.backs for v in self.visits)}, skips {sum(v.skips for v in self.visits)}, "
            f"double submits {sum(v.double_submits for v in self.visits)}, "
            f"suggestions followed {sum(v.followed_suggestion for v in self.visits)}",
            f"requests {len(self.hits)}: server errors (5xx) {self.server_errors}, other unexpected {unexpected} "
            f"({', '.join(f'{s}×{n}' for s, n in sorted(statuses.items()))}); "
            f"p50 {self.p50_ms:.0f} ms, p99 {self.p99_ms:.0f} ms, "
            f"answer p50 {self.latency_ms(0.5, 'step-post'):.0f} ms; "
            f"{self.runs_per_second:.1f} full runs/s over {self.seconds:.1f} s",
        ]
        lines += [f"  failed ×{n}: {problem}" for problem, n in problems.most_common(5)]
        return lines


def run_quiz_load(
    base_url: str,
    patients: int = 200,
    concurrency: int | None = None,
    *,
    seed: int = 1,
    quiz_path: str = "/quiz/",
    crisis_every: int = 20,
    crisis_answers: frozenset = SEEDED_CRISIS_ANSWERS,
    skip_share: float = 0.3,
    back_share: float = 0.15,
    double_submit_share: float = 0.05,
    follow_share: float = 0.3,
    timeout: float = 120.0,
    claims_tls: bool = True,
) -> LoadSummary:
    """Run `patients` simulated patients through the quiz at `base_url` (e.g.
    "http://127.0.0.1:8123"), `concurrency` at a time (default: all of them), and return a
    `LoadSummary`.

    The server must run the seeded quiz at `quiz_path` with `QUIZ_RATE_LIMIT=0` (every patient
    comes from one address). The summary gives `outcomes` (results / crisis / failed),
    `statuses`, `server_errors`, `runs_per_second` (full quiz runs per second), `p50_ms` and
    `p99_ms` per request, `latency_ms(share, kind)`, `lines()` for printing, and each patient's
    `visits` for `check_database`. The same seed gives the same paths.
    """
    concurrency = max(1, min(concurrency or patients, patients))
    plan = Plan(
        seed=seed,
        quiz_path=quiz_path,
        crisis_every=crisis_every,
        crisis_answers=crisis_answers,
        skip_share=skip_share,
        back_share=back_share,
        double_submit_share=double_submit_share,
        follow_share=follow_share,
        timeout=timeout,
        claims_tls=claims_tls,
    )
    queue = list(range(patients))
    lock, visits = threading.Lock(), []
    barrier = threading.Barrier(concurrency + 1)

    def worker():
        barrier.wait()
        while True:
            with lock:
                if not queue:
                    return
                index = queue.pop(0)
            result = visit(base_url, index, plan)
            with lock:
                visits.append(result)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    barrier.wait()  # everyone starts at once
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return LoadSummary(patients, concurrency, seconds, sorted(visits, key=lambda v: v.patient))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    from bench.concurrency import main

    sys.exit(main())
