"""Every page a patient can open, in each language, stays light: a patient on a slow phone plan
in a hard moment should not wait for it. The weight is the HTML plus every stylesheet, script and
image it asks for, uncompressed (what gzip saves varies; the budget holds without it). Everything
comes from this site: a third-party request would tell another company who reads what."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from wagtail.models import Page

# The heaviest seeded pages (the longer Spanish approach pages) weigh about 26 KB, stylesheet and
# scripts included; the budget leaves room for content to grow and fails a stray framework or image.
BUDGET_BYTES = 60_000


def asset_size(url: str) -> int:
    parts = urlsplit(url)
    assert not parts.netloc, f"{url}: a patient page asks nothing of another site"
    if parts.path.startswith(settings.STATIC_URL):
        found = finders.find(parts.path.removeprefix(settings.STATIC_URL))
        assert found, f"{url} is not a static file"
        with open(found, "rb") as file:
            return len(file.read())
    if parts.path.startswith(settings.MEDIA_URL):
        return default_storage.size(parts.path.removeprefix(settings.MEDIA_URL))
    raise AssertionError(f"{url}: not a static or media file")


def weight(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content
    soup = BeautifulSoup(html, "html.parser")
    assets = {tag["href"] for tag in soup.find_all("link", rel="stylesheet")}
    assets |= {tag["src"] for tag in soup.find_all(["script", "img"], src=True)}
    return len(html) + sum(asset_size(url) for url in assets), soup.html["lang"]


@pytest.fixture
def patient_urls(seeded_portal, module_db, db):
    pages = Page.objects.live().public().specific().filter(depth__gt=1)
    return sorted(page.url for page in pages)


def test_every_seeded_page_in_every_language_is_within_the_weight_budget(client, patient_urls):
    languages = set()
    for url in patient_urls:
        total, lang = weight(client, url)
        languages.add(lang)
        assert total <= BUDGET_BYTES, f"{url} ({lang}) weighs {total:,} bytes, over {BUDGET_BYTES:,}"
    assert languages == {code for code, _ in settings.LANGUAGES}, "every language's pages were weighed"
