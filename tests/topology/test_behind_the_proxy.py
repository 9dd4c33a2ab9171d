"""Through the shipped nginx config: each patient counted as themself, crisis help never
limited, and a quiz cookie that strict HTTP clients carry unchanged."""

import http.client
import re
from http.cookiejar import DefaultCookiePolicy

import requests

from quiz.session import COOKIE_NAME

# The topology runs with QUIZ_RATE_LIMIT=10 (tests/topology/conftest.py), so a test can go over it.
QUIZ = "/quiz/"


def send(source: str, base: str, method: str, path: str, body: str = "", cookies=(), forwarded: str = "", origin=""):
    """A request from a client at `source` (any 127.0.0.0/8 address is this machine)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0))
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Connection": "close"}
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    if origin:
        headers["Origin"] = origin
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.text = response.read().decode()
        return response
    finally:
        connection.close()


def cookie(response, name) -> str:
    for header in response.msg.get_all("Set-Cookie") or []:
        if header.startswith(f"{name}="):
            return header.split(";", 1)[0]
    return ""


def start_form(html: str) -> tuple[str, str]:
    """The quiz page's start form: where it posts, and its cookie-free form token (core.delivery.origin)."""
    form = re.search(r'<form method="post" action="([^"]+)">.*?name="form_token" value="([^"]+)"', html, re.S)
    return form.group(1), form.group(2)


class Patient:
    """A browser at one address: reads the quiz page (its start form and token), then posts.

    Like a privacy tool that strips Origin and Referer, it relies on the form token alone.
    """

    def __init__(self, source, base, forwarded=""):
        self.source, self.base, self.forwarded = source, base, forwarded
        page = send(source, base, "GET", QUIZ)
        assert not page.msg.get_all("Set-Cookie"), "no cookie before the patient starts"
        self.start_url, token = start_form(page.text)
        self.cookies = []
        self.token = f"form_token={token}"

    def post(self, path, answer=""):
        body = self.token + (f"&answer={answer}" if answer else "")
        response = send(self.source, self.base, "POST", path, body, self.cookies, self.forwarded)
        if cookie(response, COOKIE_NAME):
            self.cookies = [c for c in self.cookies if not c.startswith(COOKIE_NAME)] + [cookie(response, COOKIE_NAME)]
        return response


def test_one_clients_60_starts_do_not_stop_another_address(deployed):
    busy = Patient("127.0.0.2", deployed.proxy_url)
    assert 429 in [busy.post(busy.start_url).status for _ in range(60)]
    # A different patient behind the same proxy is not held back, even if it claims to be
    # the busy one: nginx appends the address it saw, and that is the one believed.
    other = Patient("127.0.0.3", deployed.proxy_url, forwarded="127.0.0.2")
    assert [other.post(other.start_url).status for _ in range(3)] == [302, 302, 302]


def test_a_crisis_answer_over_the_limit_lands_on_crisis_help(deployed):
    patient = Patient("127.0.0.4", deployed.proxy_url)
    started = patient.post(patient.start_url)
    assert started.status == 302
    first_question = started.getheader("Location")
    crowd = Patient("127.0.0.4", deployed.proxy_url)  # others on the same address use it up
    assert 429 in [crowd.post(crowd.start_url).status for _ in range(60)]

    if deployed.variant == "redis":
        # One count for every app server. Without Redis each process counts on its own
        # (core.delivery.security.over_limit), so whether this answer is over the limit depends on which of
        # the four processes takes it: only the crisis answer below holds either way.
        assert patient.post(first_question, "safe").status == 429
    crisis = patient.post(first_question, "self-harm")
    assert crisis.status == 302
    assert re.search(r"/get-help/?$", crisis.getheader("Location")), crisis.getheader("Location")


def test_a_browser_posting_from_the_proxys_own_origin_can_start(deployed):
    # What a browser sends: Origin is the address in its bar, port included.
    page = send("127.0.0.5", deployed.proxy_url, "GET", QUIZ)
    start_url, _ = start_form(page.text)
    response = send("127.0.0.5", deployed.proxy_url, "POST", start_url, origin=deployed.proxy_url)
    assert response.status == 302, response.status
    cross_site = send("127.0.0.5", deployed.proxy_url, "POST", start_url, origin="https://elsewhere.example")
    assert cross_site.status == 403


def test_the_quiz_cookie_survives_a_strict_client(deployed, monkeypatch):
    # Python's requests drops backslashes from quoted cookie values; the quiz must not mind.
    # TLS would end at nginx; on loopback there is none, so let requests send the production
    # cookies (all Secure) over plain HTTP. How it parses and sends them is its own.
    monkeypatch.setattr(DefaultCookiePolicy, "return_ok_secure", lambda self, cookie, request: True)
    with requests.Session() as patient:
        page = patient.get(deployed.proxy_url + QUIZ, timeout=10)
        start_url, token = start_form(page.text)
        start = patient.post(
            deployed.proxy_url + start_url, data={"form_token": token}, allow_redirects=False, timeout=10
        )
        assert start.status_code == 302
        value = patient.cookies.get(COOKIE_NAME)
        assert value and re.fullmatch(r"[A-Za-z0-9_\-.:]+", value)
        step = deployed.proxy_url + start.headers["Location"]
        assert patient.get(step, timeout=10).status_code == 200
        answered = patient.post(step, data={"answer": "safe", "form_token": token}, allow_redirects=False, timeout=10)
        assert answered.status_code == 302, answered.status_code
        assert patient.get(deployed.proxy_url + answered.headers["Location"], timeout=10).status_code == 200
