"""Every change reaches every app server, every worker and the proxy within a second.

Changes are made the way an operator or a cron job makes them: a management command in a
process of its own, which shares nothing with the app servers but the database (and Redis,
when there is one). After each one, every way in (through nginx, and straight to each app
server, several times so both workers of each answer) must show the new content one second
later: page bodies, listings, the crisis numbers in the footer, the 404 and quiz pages.
"""

import itertools
import json
import time

import pytest

from bench.topology import get_page

ASKS_PER_WAY_IN = 6  # with 2 workers an app server, enough that both answer
_numbers = itertools.count(101)


def everywhere(deployed, path):
    for name, base in deployed.urls.items():
        for _ in range(ASKS_PER_WAY_IN):
            yield name, get_page(base, path)


def warm(deployed, *paths):
    """Fill every cache there is (each worker's and nginx's) with the current content."""
    for path in paths:
        for _ in everywhere(deployed, path):
            pass


class _LastChange:
    at = 0.0  # time.monotonic() when the last change was made (its process had ended)


def changed_now() -> None:
    _LastChange.at = time.monotonic()


def shell(deployed, code: str, reads_only: bool = False) -> dict:
    """Run Python in a new process under the production settings; it prints one JSON line.
    Unless it only reads, it is a change: the second `stale_copies` allows starts when it ends."""
    output = deployed.manage("shell", "-c", code)
    if not reads_only:
        changed_now()
    return json.loads(output.strip().splitlines()[-1])


def stale_copies(deployed, path, is_fresh) -> list:
    """Every way in that still shows `path` as it was before the last change, one second after
    it: never looked at sooner, and the first look no later (a later one would give a stale copy
    more time to expire). Several paths checked after one change share the second."""
    time.sleep(max(0.0, _LastChange.at + 1.0 - time.monotonic()))
    return [(name, status) for name, (status, body) in everywhere(deployed, path) if not is_fresh(status, body)]


LIVE_APPROACHES = """
import json
from approaches.models import ApproachPage
pages = ApproachPage.objects.live().filter(locale__language_code="en").order_by("{order}")[:{count}]
print(json.dumps([{{"id": page.pk, "url": page.url, "title": page.title}} for page in pages]))
"""


def live_approaches(deployed, count, order="pk"):
    approaches = shell(deployed, LIVE_APPROACHES.format(order=order, count=count), reads_only=True)
    assert len(approaches) == count
    return approaches


def an_approach(deployed, order="pk"):
    return live_approaches(deployed, 1, order)[0]


def new_crisis_number(deployed, statuses=(200,)):
    """Save a new crisis line number, as an operator would; returns the check that a page shows it
    (with one of `statuses`: an error page shows the crisis numbers too)."""
    number = f"555-0{next(_numbers)}"
    shell(
        deployed,
        "import json\nfrom core.models import PortalSettings\n"
        f"s = PortalSettings.load(); s.crisis_line_number = {number!r}; s.save()\nprint(json.dumps({{}}))",
    )
    tel = f'href="tel:{number.replace("-", "")}"'
    return lambda status, body: status in statuses and tel in body


def test_a_new_crisis_number_is_on_every_page_everywhere_within_a_second(deployed):
    approach = an_approach(deployed)
    paths = ["/", approach["url"], "/approaches/", "/quiz/", "/search/?q=sleep", "/no-such-page/"]
    warm(deployed, *paths)

    shows_it = new_crisis_number(deployed, statuses=(200, 404))  # the 404 page shows it too
    for path in paths:
        assert stale_copies(deployed, path, shows_it) == [], path


def test_a_published_edit_and_a_scheduled_publish_show_everywhere_within_a_second(deployed):
    approach = an_approach(deployed, order="-pk")
    warm(deployed, approach["url"], "/approaches/")
    title = f"Edited title {next(_numbers)}"
    shell(
        deployed,
        "import json\nfrom approaches.models import ApproachPage\n"
        f"p = ApproachPage.objects.get(pk={approach['id']}); p.title = {title!r}\n"
        "p.save_revision().publish()\nprint(json.dumps({}))",
    )
    for path in (approach["url"], "/approaches/"):
        assert stale_copies(deployed, path, lambda status, body: title in body) == [], path

    scheduled = f"Scheduled title {next(_numbers)}"
    go_live_at = shell(
        deployed,
        "import json, datetime\nfrom django.utils import timezone\nfrom approaches.models import ApproachPage\n"
        f"p = ApproachPage.objects.get(pk={approach['id']}); p.title = {scheduled!r}\n"
        "p.go_live_at = timezone.now() + datetime.timedelta(seconds=1)\n"
        "p.save_revision().publish()\nprint(json.dumps({'go_live_at': p.go_live_at.timestamp()}))",
    )["go_live_at"]
    warm(deployed, approach["url"])
    assert all(title in body for _, (_, body) in everywhere(deployed, approach["url"]))
    time.sleep(max(0.0, go_live_at + 0.2 - time.time()))  # the same clock: one machine
    deployed.manage("publish_scheduled")
    changed_now()
    assert stale_copies(deployed, approach["url"], lambda status, body: scheduled in body) == []


def test_a_snippet_change_shows_on_the_pages_that_use_it_within_a_second(deployed):
    found = shell(
        deployed,
        "import json\nfrom approaches.models import ApproachPage\n"
        "page = ApproachPage.objects.live().filter(condition_links__isnull=False).order_by('pk').first()\n"
        "c = page.condition_links.order_by('pk').first().condition\n"
        "print(json.dumps({'url': page.url, 'condition': c.pk}))",
        reads_only=True,
    )
    warm(deployed, found["url"])
    name = f"Renamed concern {next(_numbers)}"
    shell(
        deployed,
        "import json\nfrom approaches.models import Condition\n"
        f"c = Condition.objects.get(pk={found['condition']}); c.name = {name!r}; c.save()\nprint(json.dumps({{}}))",
    )
    assert stale_copies(deployed, found["url"], lambda status, body: name in body) == []


def test_unpublish_move_and_delete_leave_no_copy_behind(deployed):
    # Read once: the first is unpublished, then the second is moved, then deleted.
    approach, moved = live_approaches(deployed, 2)
    warm(deployed, approach["url"], "/approaches/")
    shell(
        deployed,
        "import json\nfrom wagtail.models import Page\n"
        f"Page.objects.get(pk={approach['id']}).specific.unpublish()\nprint(json.dumps({{}}))",
    )
    assert stale_copies(deployed, approach["url"], lambda status, body: status == 404) == []
    assert stale_copies(deployed, "/approaches/", lambda status, body: approach["url"] not in body) == []

    warm(deployed, moved["url"])
    new_url = shell(
        deployed,
        "import json\nfrom wagtail.models import Page\n"
        f"page = Page.objects.get(pk={moved['id']})\nhome = page.get_parent().get_parent()\n"
        "page.move(home, pos='last-child')\nprint(json.dumps({'url': Page.objects.get(pk=page.pk).url}))",
    )["url"]
    assert new_url != moved["url"]
    # Wagtail's redirects app sends the old address on to the new one, on every way in: each
    # process's kept set of redirect addresses (core/delivery/redirects.py) is read again.
    assert stale_copies(deployed, moved["url"], lambda status, body: status == 301) == []

    deleted = {"id": moved["id"], "url": new_url}  # still live, and the first by pk now
    warm(deployed, deleted["url"])
    shell(
        deployed,
        "import json\nfrom wagtail.models import Page\n"
        f"Page.objects.get(pk={deleted['id']}).delete()\nprint(json.dumps({{}}))",
    )
    assert stale_copies(deployed, deleted["url"], lambda status, body: status == 404) == []


def test_pages_stay_fresh_through_a_redis_outage_and_recovery(deployed):
    if deployed.variant != "redis":
        pytest.skip("only the Redis variant has a Redis to lose")
    approach = an_approach(deployed)
    warm(deployed, approach["url"])

    deployed.redis.stop()
    during = new_crisis_number(deployed)
    assert stale_copies(deployed, approach["url"], during) == []
    deployed.redis.start()
    changed_now()
    assert stale_copies(deployed, approach["url"], during) == []  # nothing old comes back
    after = new_crisis_number(deployed)
    assert stale_copies(deployed, approach["url"], after) == []


class PatientsReading:
    """Keep-alive connections reading pages through nginx as fast as they go, until the block
    ends: the load under which the proxy's copies are renewed every second."""

    def __init__(self, base: str, paths: list[str], connections: int = 6):
        from urllib.parse import urlsplit

        parts = urlsplit(base)
        self.host, self.port, self.paths, self.connections = parts.hostname, parts.port, paths, connections
        self.statuses: dict[int, int] = {}
        self.failures = 0
        self._stop = None
        self._threads = []

    def _read(self):
        import http.client

        connection, turn = None, 0
        while not self._stop.is_set():
            path = self.paths[turn % len(self.paths)]
            turn += 1
            try:
                connection = connection or http.client.HTTPConnection(self.host, self.port, timeout=10)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                with self._lock:
                    self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
            except (OSError, http.client.HTTPException):
                with self._lock:
                    self.failures += 1
                connection = None

    def __enter__(self):
        import threading

        self._stop, self._lock = threading.Event(), threading.Lock()
        self._threads = [threading.Thread(target=self._read, daemon=True) for _ in range(self.connections)]
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=15)


def test_a_new_crisis_number_is_everywhere_within_a_second_while_patients_read(deployed):
    # The proxy renews its copy of each page every second under load, and the app servers confirm
    # the generation for it once a second (core/delivery/page_cache.py): neither may stretch the bound.
    approach = an_approach(deployed)
    paths = ["/", approach["url"], "/approaches/"]
    with PatientsReading(deployed.proxy_url, paths) as load:
        time.sleep(1.5)  # every path stored by nginx and renewed at least once
        shows_it = new_crisis_number(deployed)
        for path in paths:
            assert stale_copies(deployed, path, shows_it) == [], path
    assert load.failures == 0 and set(load.statuses) == {200}, (load.statuses, load.failures)
    assert sum(load.statuses.values()) > 100, "the load ran"
