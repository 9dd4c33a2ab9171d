"""The partner API in the deployed shape: an unpublished page is gone from the API within a
second on both app servers (every worker) and through nginx, as pages are, and a newly
reviewed one appears as fast. Changes are made as in test_freshness.py: a management command
in a process of its own. Requests carry a partner key, so the anonymous limit is not in play."""

import http.client
import json
import time
from urllib.parse import urlsplit

from tests.topology.test_freshness import ASKS_PER_WAY_IN, shell

ISSUE_KEY = """
import json
from api.services import issue_key
key, raw = issue_key(partner_name="Topology test")
print(json.dumps({"key": raw}))
"""

REVIEW_LIVE = """
import json
from approaches.models import ApproachPage
from governance.reviews import record_review
pages = ApproachPage.objects.live().filter(locale__language_code="en").order_by("-pk")[:{count}]
for page in pages:
    record_review(page=page, user=None)
print(json.dumps([page.pk for page in pages]))
"""


def api_get(base: str, path: str, key: str) -> tuple[int, dict]:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path, headers={"Connection": "close", "Authorization": f"Bearer {key}"})
        response = connection.getresponse()
        body = response.read()
        return response.status, json.loads(body) if body else {}
    except OSError as error:
        return 0, {"error": type(error).__name__}
    finally:
        connection.close()


def everywhere(deployed, path, key):
    for name, base in deployed.urls.items():
        for _ in range(ASKS_PER_WAY_IN):
            yield name, api_get(base, path, key)


def stale(deployed, path, key, is_fresh) -> list:
    """Every way in that still answers as before the last change, one second after it."""
    from tests.topology.test_freshness import _LastChange

    time.sleep(max(0.0, _LastChange.at + 1.0 - time.monotonic()))
    return [(name, status) for name, (status, body) in everywhere(deployed, path, key) if not is_fresh(status, body)]


def listed(body) -> set[int]:
    return {item["identifier"] for item in body.get("results", [])}


def test_an_unpublished_page_leaves_the_api_within_a_second_everywhere(deployed):
    key = shell(deployed, ISSUE_KEY, reads_only=True)["key"]
    reviewed = shell(deployed, REVIEW_LIVE.format(count=2))
    # The review stamps are changes too: both pages are in the API everywhere a second later.
    assert stale(deployed, "/api/v1/approaches?limit=50", key, lambda s, b: set(reviewed) <= listed(b)) == []
    gone, kept = reviewed
    detail = f"/api/v1/approaches/{gone}"
    assert all(status == 200 for _, (status, _) in everywhere(deployed, detail, key))  # warm every worker

    shell(
        deployed,
        "import json\nfrom wagtail.models import Page\n"
        f"Page.objects.get(pk={gone}).specific.unpublish()\nprint(json.dumps({{}}))",
    )
    assert stale(deployed, detail, key, lambda status, body: status == 404) == []
    assert (
        stale(
            deployed,
            "/api/v1/approaches?limit=50",
            key,
            lambda s, b: s == 200 and gone not in listed(b) and kept in listed(b),
        )
        == []
    )


def test_api_answers_are_never_stored_by_nginx_and_revalidate_with_a_304(deployed):
    key = shell(deployed, ISSUE_KEY, reads_only=True)["key"]
    parts = urlsplit(deployed.proxy_url)
    statuses = []
    for _ in range(2):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        connection.request("GET", "/api/v1/conditions", headers={"Authorization": f"Bearer {key}"})
        response = connection.getresponse()
        response.read()
        statuses.append((response.status, response.getheader("X-Proxy-Cache"), response.getheader("ETag")))
        connection.close()
    assert [s for s, _, _ in statuses] == [200, 200]
    assert all(cache != "HIT" for _, cache, _ in statuses)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request(
        "GET", "/api/v1/conditions", headers={"Authorization": f"Bearer {key}", "If-None-Match": statuses[0][2]}
    )
    assert connection.getresponse().status == 304
    connection.close()
