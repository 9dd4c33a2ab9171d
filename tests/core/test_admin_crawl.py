"""Every admin screen a demo role can reach from the dashboard opens without a server error.

The crawl signs in as each demo account that `seed_portal --demo-users` creates, starts at
/admin/ and follows same-site admin links breadth-first: anchors in the HTML and the sidebar
menu, which Wagtail renders from JSON rather than as anchors. It only sends GETs and skips
links to screens that change data, so what it proves is "nothing a role can click on crashes",
the check that would have caught the quiz list answering 500 to everyone.

It samples, and says how: every distinct screen (a path with its ids replaced) is opened, but
at most INSTANCES_PER_PATH instances of it, one per page type for a page's explorer, editor and
preview, and one query-string variant (sorting, paging, searching). Each role crawls on its own,
so what one role may open is checked as that role. The portal is seeded once for the module.
"""

import io
import json
import re
import time
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from core.site.services import DEMO_USERS

MAX_DEPTH = 3
# A pattern is a URL with its numbers replaced. Two instances of a path exercise a view and its
# templates; a page's explorer, editor and preview keep the page type in their pattern, so one
# instance of each page type's screen is enough; one query-string variant of a path (?ordering=, ?p=, ?q=) is enough
# for its sorting, paging and searching. That keeps /pages/<id>/ variants from multiplying and
# the crawl of all roles within a minute on SQLite.
INSTANCES_PER_PATH = 2
INSTANCES_PER_PAGE_TYPE = 1
QUERY_VARIANTS_PER_PATH = 1
PAGE_TYPE_SCREEN = re.compile(r"^/admin/pages/(\d+)/(edit/|edit/preview/|view_draft/)?$")
# Where to return to after a form: says nothing about the screen itself.
IGNORED_QUERY_KEYS = {"next"}
# Screens that change data on GET, or whose GET is the first step of an action we must not take.
SKIP = re.compile(
    r"/(delete|unpublish|lock|unlock|logout|revert|unschedule|enable|disable|remove|cancel|"
    r"convert_alias|bulk|workflow/action|workflow/collect_action_data|confirm_cancellation)(/|$)"
)
# Admin pages run to hundreds of kilobytes; a full HTML parse of each would double the crawl's
# time, and Django's templates always quote attributes with double quotes.
ANCHOR_HREF = re.compile(r'<a\b[^>]*?\shref="([^"]*)"', re.IGNORECASE)
SIDEBAR_PROPS = re.compile(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.DOTALL)
# Fewer visits than this, or a role's own work missing from the visits, means the crawl stopped
# following links (a changed menu format, a login that failed), not that the admin is small.
MINIMUM_VISITS = {"clinician": 60, "reviewer": 60, "analyst": 3, "siteadmin": 100}
MUST_REACH = {
    "clinician": {"/admin/pages/", "/admin/snippets/quiz/quiz/", "/admin/snippets/approaches/condition/"},
    "reviewer": {
        *("/admin/pages/", "/admin/snippets/quiz/quiz/", "/admin/reports/content-health/"),
        "/admin/reports/broken-links/",
    },
    "analyst": {"/admin/quiz/analytics/"},
    "siteadmin": {
        "/admin/settings/core/portalsettings/",
        "/admin/users/",
        "/admin/snippets/governance/clinicalreviewer/",
    },
}


@dataclass
class Crawl:
    visited: dict[str, int] = field(default_factory=dict)  # url -> status
    errors: list[str] = field(default_factory=list)


def admin_url(href: str) -> str | None:
    """The admin path and query of a same-site link, or None for anything else."""
    parts = urlsplit(href)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    if not parts.path.startswith("/admin/") or SKIP.search(parts.path):
        return None
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(key == "export" for key, _ in query):
        return None
    return parts.path + (f"?{urlencode(query)}" if query else "")


def sidebar_urls(html: str) -> list[str]:
    """Menu URLs from the sidebar's telepath JSON (Quiz → Quizzes, Reports, Settings...)."""
    script = SIDEBAR_PROPS.search(html)
    if script is None:
        return []
    found = []

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and value.startswith("/admin/"):
            found.append(value)

    walk(json.loads(script.group(1)))
    return found


def links(html: str) -> list[str]:
    return [unescape(href) for href in ANCHOR_HREF.findall(html)] + sidebar_urls(html)


def page_type_of(page_id: int, cache: dict[int, str]) -> str:
    if page_id not in cache:
        page = Page.objects.filter(pk=page_id).first()
        cache[page_id] = page.specific_class.__name__ if page and page.specific_class else "?"
    return cache[page_id]


def pattern(url: str, page_types: dict[int, str]) -> tuple[str, bool]:
    """The URL's path with numbers replaced, and whether it has a query string that matters.

    On the screens that render a page type's own panels or template, the page id becomes its
    type, so that every page type's editor is visited, not just two approach pages. History,
    copy, move and the rest are the same code for every type, and so are sorting and paging."""
    parts = urlsplit(url)
    keys = {key for key, _ in parse_qsl(parts.query, keep_blank_values=True)} - IGNORED_QUERY_KEYS
    path = parts.path
    page = PAGE_TYPE_SCREEN.match(path)
    if page and not keys:
        path = path.replace(page.group(1), f"<{page_type_of(int(page.group(1)), page_types)}>", 1)
    return re.sub(r"/\d+(?=/|$)", "/<n>", path), bool(keys)


def instances_wanted(path: str, has_query: bool) -> int:
    if has_query:
        return QUERY_VARIANTS_PER_PATH
    return INSTANCES_PER_PAGE_TYPE if path.startswith("/admin/pages/<") else INSTANCES_PER_PATH


def crawl(client: Client) -> Crawl:
    result = Crawl()
    seen: dict[tuple[str, bool], int] = {}
    page_types: dict[int, str] = {}
    queue = deque([("/admin/", 0)])
    queued = {"/admin/"}
    while queue:
        url, depth = queue.popleft()
        response = client.get(url)
        result.visited[url] = response.status_code
        if response.status_code >= 500:
            exc = response.exc_info[1] if response.exc_info else None
            result.errors.append(f"{url} -> {response.status_code}: {exc!r}")
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            # Where a redirect lands is the screen the user meets: no extra click, same depth.
            found, next_depth = [response["Location"]], depth
        elif depth < MAX_DEPTH and response.status_code == 200 and "html" in response.get("Content-Type", ""):
            found, next_depth = links(response.content.decode()), depth + 1
        else:
            continue
        for link in filter(None, map(admin_url, found)):
            key = pattern(link, page_types)
            if link in queued or seen.get(key, 0) >= instances_wanted(*key):
                continue
            seen[key] = seen.get(key, 0) + 1
            queued.add(link)
            queue.append((link, next_depth))
    return result


@pytest.fixture(scope="module")
def demo_portal(seeded_portal_with_users, module_db):
    """The demo portal with its demo accounts, seeded once for every role's crawl (see
    `module_db` in tests/conftest.py: each crawl's own transaction nests inside)."""
    with module_db.unblock():
        # Analytics draws its charts and tables only when there are answers to count.
        call_command("generate_quiz_responses", "--count", "60", "--bulk", "-v0", stdout=io.StringIO())


@pytest.mark.parametrize("username", [user[0] for user in DEMO_USERS])
def test_no_admin_screen_reachable_from_the_dashboard_answers_5xx(demo_portal, db, username):
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))

    started = time.monotonic()
    result = crawl(client)
    print(f"{username}: {len(result.visited)} admin URLs in {time.monotonic() - started:.1f}s")

    assert not result.errors, f"{username} met server errors:\n" + "\n".join(result.errors)
    assert len(result.visited) >= MINIMUM_VISITS[username], sorted(result.visited)
    assert MUST_REACH[username] <= set(result.visited), sorted(result.visited)
