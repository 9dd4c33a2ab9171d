"""A web server on this machine that answers every way a link can fail, and a guard that no
link check in these tests goes anywhere else."""

import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from linkcheck import checker

SLOW_SECONDS = 3.0
# path -> (status, extra headers); the slow path and the HEAD-refusing one are handled below.
ANSWERS = {
    "/ok": (200, {}),
    "/gone-404": (404, {}),
    "/gone-410": (410, {}),
    "/forbidden": (403, {}),
    "/broken-server": (500, {}),
    "/moved": (301, {"Location": "/ok"}),
    "/moved-to-404": (302, {"Location": "/gone-404"}),
    "/loop-a": (302, {"Location": "/loop-b"}),
    "/loop-b": (302, {"Location": "/loop-a"}),
}


class _Handler(BaseHTTPRequestHandler):
    requests: list  # (method, path, user agent), set per server

    def _answer(self, method):
        path = urllib.parse.urlsplit(self.path).path
        self.requests.append((method, self.path, self.headers.get("User-Agent", "")))
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            status, headers = 200, {}
        elif path == "/pause":  # a short wait, counting how many requests overlap
            with self.lock:
                self.active[0] += 1
                self.active[1] = max(self.active)
            time.sleep(0.2)
            with self.lock:
                self.active[0] -= 1
            status, headers = 200, {}
        elif path == "/no-head":
            status, headers = (405, {"Allow": "GET"}) if method == "HEAD" else (200, {})
        else:
            status, headers = ANSWERS.get(path, (404, {}))
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            if method == "GET":
                self.wfile.write(b"ok")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the checker gave up waiting, as it should

    def do_HEAD(self):
        self._answer("HEAD")

    def do_GET(self):
        self._answer("GET")

    def log_message(self, *args):
        pass


class LocalServer:
    def __init__(self, server):
        self.server = server
        self.requests = server.RequestHandlerClass.requests
        self.active = server.RequestHandlerClass.active
        host, port = server.server_address[:2]
        self.base = f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="module")
def local_server():
    # active: [requests being answered now, the most at once]
    handler = type("Handler", (_Handler,), {"requests": [], "active": [0, 0], "lock": threading.Lock()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LocalServer(server)
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _nothing_leaves_the_machine(monkeypatch):
    """Every request the checker makes must go to this machine: a test that collected a real
    address by mistake fails here instead of reaching it (the checker reports a failed request
    as a finding, so the attempt is noted and the test failed after it)."""
    real = checker._request
    outside = []

    def local_only(url, method, **kwargs):
        if urllib.parse.urlsplit(url).hostname != "127.0.0.1":
            outside.append(url)
            raise ConnectionRefusedError(f"not from a test: {url}")
        return real(url, method, **kwargs)

    monkeypatch.setattr(checker, "_request", local_only)
    yield
    assert not outside, f"the link check tried to reach addresses outside this machine: {outside}"


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


@pytest.fixture
def local_site(home, crisis_page, index, local_server):
    """A small portal whose every outside address is on the local server: Portal settings, the
    wording, the crisis page (with a dead link), a page showing the crisis resources block, an
    approach page citing a source, a snippet naming an address, and an ordinary page."""
    from approaches.factories import ApproachPageFactory, ConditionFactory, StandardPageFactory, stream
    from core.models import PortalSettings, PortalWording

    url = local_server.url
    portal = PortalSettings.load()
    portal.crisis_chat_url = url("/gone-404?chat")
    portal.quick_exit_url = url("/ok?exit")
    portal.save()
    wording = {"outside_us_text": f"Outside the US? Find a helpline at {url('/ok?helplines')}."}
    if not PortalWording.objects.filter(live=True).exists():
        PortalWording.objects.create(locale=home.locale, live=True, **wording)
    PortalWording.objects.update(**wording)

    crisis_page.body = [paragraph(f'<p>Or see <a href="{url("/gone-410?on-crisis-page")}">the helpline list</a>.</p>')]
    crisis_page.save_revision().publish()
    unpublished = StandardPageFactory(parent=home, title="Not yet", slug="not-yet", live=False)
    resources = StandardPageFactory(
        parent=home,
        title="When it is hard",
        slug="when-it-is-hard",
        body=[
            {"type": "crisis_resources", "value": {"intro": "Help is here."}},
            {"type": "resource_link", "value": {"title": "Peer line", "url": url("/broken-server?peer"), "page": None}},
        ],
    )
    ordinary = StandardPageFactory(
        parent=home,
        title="Sleep and mood",
        slug="sleep-and-mood",
        body=[
            paragraph(
                f'<p>See <a href="{url("/ok?paragraph")}">this guide</a>, <a href="/no-such-page/">an old page</a>, '
                f'<a linktype="page" id="{unpublished.pk}">a draft</a> and <a href="tel:988">988</a>.</p>'
            ),
            {"type": "resource_link", "value": {"title": "Get help", "page": crisis_page.pk, "url": ""}},
        ],
    )
    approach = ApproachPageFactory(
        parent=index,
        title="Talking therapy",
        slug="talking-therapy",
        sources=stream(
            "source",
            [
                {
                    "citation": "A guide",
                    "publisher": "NICE",
                    "year": 2022,
                    "url": url("/moved?source"),
                    "guideline_id": "",
                }
            ],
        ),
    )
    condition = ConditionFactory(name="Low mood", slug="low-mood", description=f"More at {url('/gone-404?condition')}")
    return {
        "crisis": crisis_page,
        "resources": resources,
        "ordinary": ordinary,
        "unpublished": unpublished,
        "approach": approach,
        "condition": condition,
    }
