"""Search: crisis searches lead to help first; word forms, typos and synonyms find the page."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from approaches.factories import ApproachPageFactory, ConditionFactory, StandardPageFactory
from approaches.search import expand, parse_synonyms, signals_crisis, stem
from approaches.seeding import SeedReport, ensure_crisis_promotions
from core.models import PortalSettings


@pytest.mark.parametrize(
    "query",
    [
        "suicide",
        "Suicidal thoughts",
        "I want to kill myself",
        "self-harm",
        "self harm",
        "selfharm",
        "harming myself",
        "I just want to die",
        "overdose",
        "overdosed on pills",
        "sucide",  # a typo
        "SUICIDE!!",
    ],
)
def test_crisis_queries_are_recognised(query):
    assert signals_crisis(query)


@pytest.mark.parametrize("query", ["sleep", "family therapy", "killer whales", "cutting back on coffee", "die cast"])
def test_everyday_queries_are_not_crisis(query):
    assert not signals_crisis(query)


def test_an_editors_crisis_phrase_counts_in_any_word_form():
    assert not signals_crisis("thinking about jumping")
    assert signals_crisis("thinking about jumping", ["jump"])


def test_word_forms_share_a_stem():
    assert stem("depressed") == stem("depression")
    assert stem("anxious") == stem("anxiety")


@pytest.mark.parametrize(
    ("query", "means"),
    [("depressed", "depression"), ("anxious", "anxiety"), ("anxeity", "anxiety"), ("Depresion", "depression")],
)
def test_word_forms_and_typos_expand_to_the_portals_words(query, means):
    assert means in expand(query, vocabulary=["Depression", "Anxiety"], synonyms={})


def test_editors_synonyms_parse_one_line_each():
    assert parse_synonyms("Blue: depression, low mood\n\nnot a rule\nworn out: fatigue") == {
        "blue": ("depression", "low mood"),
        "worn out": ("fatigue",),
    }
    assert "depression" in expand("feeling blue", vocabulary=[], synonyms=parse_synonyms("blue: depression"))


# --- The search page, with factory data ---------------------------------------------------


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def library(index):
    depression = ConditionFactory(name="Depression", slug="depression")
    anxiety = ConditionFactory(name="Anxiety", slug="anxiety")
    return {
        "depression": depression,
        "anxiety": anxiety,
        "mood": ApproachPageFactory(parent=index, title="Support for depression", conditions=[depression]),
        "calm": ApproachPageFactory(parent=index, title="Anxiety skills", conditions=[anxiety]),
        "safety": ApproachPageFactory(parent=index, title="Skills after self-harm and suicide attempts"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "condition", "page"),
    [
        ("depressed", "Depression", "Support for depression"),
        ("anxious", "Anxiety", "Anxiety skills"),
        ("anxeity", "Anxiety", "Anxiety skills"),
    ],
)
def test_word_forms_and_typos_find_the_concern_and_the_page(client, library, crisis_page, query, condition, page):
    html = soup(client.get("/search/", {"q": query}))
    assert condition in [a.get_text() for a in html.select("main ul a[href^='/approaches/?condition=']")]
    assert page in [a.get_text() for a in html.select(".search-results a")]
    assert not html.select(".search-crisis")


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["suicide", "self-harm", "I want to kill myself", "want to die", "overdose"])
def test_a_crisis_search_shows_911_and_988_above_every_result(client, library, crisis_page, query):
    html = soup(client.get("/search/", {"q": query}))
    panel = html.select_one(".search-crisis")
    assert panel is not None, query
    assert panel.select_one("a[href='tel:911']") and panel.select_one("a[href='tel:988']")
    assert panel.select_one(f"a[href='{crisis_page.url}']")
    everything = html.select("main .search-crisis, main .search-results, main .search-promotions, main h2")
    assert everything[0] is panel, "crisis help comes before any result"


@pytest.mark.django_db
def test_the_crisis_panel_follows_the_numbers_in_settings(client, library, crisis_page):
    settings = PortalSettings.load()
    settings.crisis_line_number = "0800 123 456"
    settings.save()
    panel = soup(client.get("/search/", {"q": "suicide"})).select_one(".search-crisis")
    assert panel.select_one("a[href='tel:0800123456']")


@pytest.mark.django_db
def test_an_editors_promotion_to_the_crisis_page_makes_a_new_phrase_a_crisis_search(client, library, crisis_page):
    assert not soup(client.get("/search/", {"q": "thinking about jumping"})).select(".search-crisis")
    query = Query.objects.create(query_string="jump")
    SearchPromotion.objects.create(query=query, page=crisis_page, description="Talk to someone now.")
    html = soup(client.get("/search/", {"q": "thinking about jumping"}))
    assert html.select_one(".search-crisis")
    assert "Talk to someone now." in html.select_one(".search-promotions").get_text()


@pytest.mark.django_db
def test_other_promotions_show_above_the_results(client, library, home):
    guide = StandardPageFactory(parent=home, title="Choosing a therapist", slug="choosing")
    SearchPromotion.objects.create(query=Query.objects.create(query_string="therapist"), page=guide)
    html = soup(client.get("/search/", {"q": "find a therapist"}))
    assert [a.get_text() for a in html.select(".search-promotions a")] == ["Choosing a therapist"]
    assert not html.select(".search-crisis")


@pytest.mark.django_db
def test_searching_stores_no_search_text(client, library, crisis_page):
    client.get("/search/", {"q": "something private"})
    assert not Query.objects.filter(query_string__icontains="private").exists()


@pytest.mark.django_db
def test_editors_synonyms_in_settings_find_the_concern(client, library):
    settings = PortalSettings.load()
    settings.search_synonyms = "blue: depression"
    settings.save()
    html = soup(client.get("/search/", {"q": "blue"}))
    assert "Depression" in [a.get_text() for a in html.select("main ul a")]


@pytest.mark.django_db
def test_a_synonym_line_without_a_colon_is_refused_with_an_example(home):
    settings = PortalSettings.load()
    settings.search_synonyms = "blue: depression\nsad low mood"
    with pytest.raises(ValidationError) as excinfo:
        settings.full_clean()
    message = " ".join(excinfo.value.message_dict["search_synonyms"])
    assert "Line 2 (“sad low mood”)" in message and "for example" in message


@pytest.mark.django_db
def test_seeding_crisis_promotions_is_idempotent_and_keeps_editors_changes(crisis_page):
    ensure_crisis_promotions(SeedReport(), crisis_page)
    first = SearchPromotion.objects.count()
    assert first >= 5
    assert set(SearchPromotion.objects.values_list("page_id", flat=True)) == {crisis_page.pk}
    SearchPromotion.objects.filter(query__query_string="overdose").update(description="Edited by an editor")
    report = SeedReport()
    ensure_crisis_promotions(report, crisis_page)
    assert not report.changed
    assert SearchPromotion.objects.count() == first
    assert SearchPromotion.objects.get(query__query_string="overdose").description == "Edited by an editor"
