"""Each page as schema.org MedicalWebPage: the page's own sections in its order, review dates,
licence and attribution, per-item alternates; conditions, provider types and crisis help."""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from approaches.factories import stream
from core.models import PortalSettings
from tests.api.conftest import publish, reviewed_page, spanish_twin
from tests.support import publish_wording

pytestmark = pytest.mark.django_db


def page_sections(client, page) -> list[tuple[str, str]]:
    """(id, heading) of every section the patient page shows, in its order."""
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    found = []
    # The link to the site's own "What matters to you" exercise is a tool of ours, not the page's content.
    selector = (
        "article.approach section[aria-labelledby], article.approach aside[aria-labelledby]:not(.what-matters-link)"
    )
    for part in soup.select(selector):
        heading = soup.find(id=part["aria-labelledby"])
        found.append((part["aria-labelledby"], re.sub(r"\s+", " ", heading.get_text()).strip()))
    return found


def api_sections(client, page) -> list[tuple[str, str]]:
    body = client.get(f"/api/v1/approaches/{page.pk}").json()
    return [(part["identifier"], part["name"]) for part in body["hasPart"]]


NG222 = {
    "citation": "Depression in adults: treatment and management",
    "publisher": "NICE",
    "year": 2022,
    "url": "https://www.nice.org.uk/guidance/ng222",
    "guideline_id": "NICE NG222",
}
OUTCOME = {
    "people": 50, "outcome": "feel better", "timeframe": "within 16 weeks", "comparison_people": 30,
    "comparison": "people who wait and see", "certainty": "low", "source": 1, "sample_figures": True,
}  # fmt: skip
FULL = {
    "decision": "Which kind of help to start with [1].",
    "outcomes": stream("outcome", [OUTCOME]),
    "sources": stream("source", [NG222]),
    "access": stream("access", [{"referral": "Ask your doctor.", "cost": "", "waits": "Weeks.", "telehealth": ""}]),
    "safety_notes": stream(
        "safety_note",
        [
            {"text": "Tell your provider if you feel worse.", "urgent": False, "action": ""},
            {"text": "If you think about suicide", "urgent": True, "action": "call {crisis_line_number} now."},
        ],
    ),
}


def test_has_part_is_the_pages_sections_in_the_pages_order(client, index, conditions, provider_types):
    page = reviewed_page(index, conditions=conditions[:2], provider_types=provider_types, **FULL)
    expected = page_sections(client, page)
    assert len(expected) == 13  # every section the page can show, so the comparison covers them all
    assert api_sections(client, page) == expected


def test_sections_the_page_leaves_out_are_left_out_of_has_part(client, index):
    page = reviewed_page(index, session_items=[], good_fit_items=[], pace_heading="", pace_text="", questions=[])
    assert api_sections(client, page) == page_sections(client, page)
    assert "sessions" not in dict(api_sections(client, page))


def test_the_spanish_page_has_its_sections_under_its_own_headings(client, index):
    english = reviewed_page(index, slug="sleep-therapy")
    twin = spanish_twin(english, title="Terapia del sueño", slug="terapia-del-sueno")
    assert api_sections(client, twin) == page_sections(client, twin)
    assert dict(api_sections(client, twin))["providers"] != dict(api_sections(client, english))["providers"]


def test_sources_are_the_pages_numbered_citations(client, index):
    page = reviewed_page(index, **FULL)
    body = client.get(f"/api/v1/approaches/{page.pk}").json()
    assert body["citation"] == [
        {
            "@type": "CreativeWork",
            "name": NG222["citation"],
            "publisher": "NICE",
            "datePublished": "2022",
            "url": NG222["url"],
            "identifier": "NICE NG222",
        }
    ]
    parts = {part["identifier"]: part for part in body["hasPart"]}
    assert parts["the-decision"]["text"] == "Which kind of help to start with [1]."  # [1] is citation 1
    assert parts["outcomes"]["items"][0]["source"] == 1 and parts["outcomes"]["items"][0]["sampleFigures"] is True
    assert parts["sources"]["items"][0]["text"].startswith(NG222["citation"])


def test_every_page_links_the_not_now_page_as_the_page_does(client, index):
    not_now = reviewed_page(index, title="Start on your own", is_not_now_option=True)
    page = reviewed_page(index)
    decision = client.get(f"/api/v1/approaches/{page.pk}").json()["hasPart"][0]
    assert decision["identifier"] == "the-decision"
    assert decision["items"][0]["name"] == "Start on your own" and decision["items"][0]["url"] == not_now.full_url
    own = client.get(f"/api/v1/approaches/{not_now.pk}").json()["hasPart"]
    assert "the-decision" not in [part["identifier"] for part in own]  # the page never links itself
    assert api_sections(client, page) == page_sections(client, page)


def test_safety_notes_fill_in_the_crisis_numbers_and_put_urgent_ones_first(client, index):
    settings = PortalSettings.load()
    settings.crisis_line_number = "555-0100"
    settings.save()
    page = reviewed_page(index, **FULL)
    parts = client.get(f"/api/v1/approaches/{page.pk}").json()["hasPart"]
    notes = next(part for part in parts if part["identifier"] == "safety-notes")
    assert notes["items"][0] == {"text": "If you think about suicide", "urgent": True, "action": "call 555-0100 now."}


def test_review_dates_licence_attribution_and_alternates(client, index):
    english = reviewed_page(index, slug="sleep-therapy", review_interval_months=6, days_ago=10)
    twin = spanish_twin(english, title="Terapia del sueño", slug="terapia-del-sueno")
    body = client.get(f"/api/v1/approaches/{english.pk}").json()
    status = english.review_status
    assert body["@type"] == "MedicalWebPage"
    assert body["lastReviewed"] == status.last_review.reviewed_at.date().isoformat()
    assert body["review"]["nextReviewDue"] == status.next_due.isoformat()
    assert body["reviewedBy"] == {"@type": "Person", "name": "Dr Ana Test, MD"}
    assert body["review"]["notice"].startswith("Page last reviewed:")
    assert body["license"]["name"]
    assert body["url"] in body["attribution"] and "911" in body["attribution"]
    assert body["citation"] == []  # this page names no sources
    assert [(a["inLanguage"], a["identifier"]) for a in body["alternates"]] == [("es", twin.pk)]
    spanish = client.get(f"/api/v1/approaches/{twin.pk}").json()
    assert spanish["inLanguage"] == "es" and "Contenido revisado de Steady Path" in spanish["attribution"]
    assert [a["identifier"] for a in spanish["alternates"]] == [english.pk]


def test_conditions_and_provider_types_per_language_with_alternates(client, conditions, provider_types):
    from wagtail.models import Locale

    spanish = Locale.objects.get(language_code="es")
    twin = conditions[0].copy_for_translation(spanish)
    twin.name = "Ansiedad grave"
    twin.save()
    twin.save_revision().publish()
    english = client.get("/api/v1/conditions").json()["results"]
    assert [c["identifier"] for c in english] == ["adhd", "severe-anxiety", "sleep-disruption"]
    anxiety = next(c for c in english if c["identifier"] == "severe-anxiety")
    assert anxiety["alternates"] == [{"inLanguage": "es", "name": "Ansiedad grave"}]
    assert [c["name"] for c in client.get("/api/v1/conditions", {"lang": "es"}).json()["results"]] == ["Ansiedad grave"]
    types = client.get("/api/v1/provider-types").json()["results"]
    assert {t["identifier"] for t in types} == {str(p.translation_key) for p in provider_types}


def test_get_help_gives_the_crisis_numbers_from_portal_settings_in_each_language(client, crisis_page):
    settings = PortalSettings.load()
    settings.emergency_number = "112"
    settings.save()
    body = client.get("/api/v1/get-help").json()
    assert body["emergency"] == {"number": "112", "tel": "tel:112"}
    assert body["url"].endswith("/get-help/")
    assert "112" in body["disclaimer"]  # the placeholder filled in, as the footer shows it
    publish_wording("es", crisis_line_name="988 Línea de crisis (prueba)")
    spanish = client.get("/api/v1/get-help", {"lang": "es"}).json()
    assert spanish["inLanguage"] == "es" and spanish["crisisLine"]["name"] == "988 Línea de crisis (prueba)"
    assert spanish["emergency"]["number"] == "112"


def test_a_list_costs_the_same_queries_for_two_pages_as_for_ten(client, index, conditions, provider_types):
    def queries_for_list() -> int:
        from api.http import memo

        memo.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/approaches").status_code == 200
        return len(queries)

    for _ in range(2):
        reviewed_page(index, conditions=conditions, provider_types=provider_types)
    queries_for_list()  # the site and settings lookups every first request makes
    two = queries_for_list()
    for _ in range(8):
        reviewed_page(index, conditions=conditions, provider_types=provider_types)
    assert queries_for_list() == two
    assert two <= 11


def test_a_repeat_request_is_answered_from_memory_until_content_changes(client, index):
    page = reviewed_page(index)
    PortalSettings.load()  # made on first use: a save, which moves the content generation
    client.get("/api/v1/approaches")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/approaches").status_code == 200
    assert len(queries) == 0  # anonymous: no key to look up, the generation read recently
    page.title = "New title"
    publish(page)
    assert client.get("/api/v1/approaches").json()["results"][0]["name"] == "New title"
