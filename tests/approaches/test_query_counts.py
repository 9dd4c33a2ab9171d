"""Approach pages stay lean: a fixed number of queries however much content there is."""

import pytest

from approaches.factories import ApproachPageFactory, ConditionFactory, ProviderTypeFactory
from core.delivery.page_cache import STATUS_HEADER, local_pages, purge

# Ten, plus two for the languages (issue 17): Wagtail's routing looks up the visitor's locale
# and the home page in it, and hreflang and the language switcher read the page's translations.
# Plus one for the Portal wording (issue 17): the crisis and disclaimer words are a reviewed row
# per language, read with their English fallback in one query, once per process and language
# until the next purge (core.site.selectors.current_portal_info); a cold page after a publish pays it.
# Plus one for the "not now" option (issue 25): every approach page and the index link to the
# live page marked as it, in the page's language (approaches.selectors.not_now_page).
LIMIT = 14
# An approach page, plus one for its personal stories (issue 25): live, with consent, in one
# query (approaches.selectors.live_stories).
APPROACH_LIMIT = LIMIT + 1


def cold_get(client, url, assert_max_queries, limit: int):
    """A page cache miss: what the first patient after a publish costs.

    The content generation is read at most every PAGE_CACHE_GENERATION_CHECK seconds per
    process, not once per miss, so it is read before counting.
    """
    purge()
    local_pages.generation_now()
    with assert_max_queries(limit):
        response = client.get(url)
    assert response[STATUS_HEADER] == "miss"
    return response


@pytest.fixture
def busy_index(index, crisis_page):
    conditions = [ConditionFactory() for _ in range(8)]
    providers = [ProviderTypeFactory() for _ in range(5)]
    return [
        ApproachPageFactory(parent=index, conditions=conditions[i % 3 :], provider_types=providers[: i % 5 + 1])
        for i in range(12)
    ]


@pytest.mark.django_db
def test_approach_page_renders_in_at_most_15_queries(client, busy_index, django_assert_max_num_queries):
    url = busy_index[5].url
    client.get(url)  # warm Wagtail's site-root cache, as on any running server
    response = cold_get(client, url, django_assert_max_num_queries, APPROACH_LIMIT)
    assert response.status_code == 200


@pytest.mark.django_db
def test_index_query_count_does_not_grow_with_the_number_of_approaches(
    client, index, busy_index, django_assert_max_num_queries
):
    client.get(index.url)
    response = cold_get(client, index.url, django_assert_max_num_queries, LIMIT)
    assert response.content.count(b'class="card"') == 12

    for _ in range(10):
        ApproachPageFactory(parent=index, conditions=[], provider_types=[ProviderTypeFactory()])
    response = cold_get(client, index.url, django_assert_max_num_queries, LIMIT)
    assert response.content.count(b'class="card"') == 22


@pytest.mark.django_db
def test_home_page_renders_in_at_most_14_queries(client, home, busy_index, django_assert_max_num_queries):
    client.get("/")
    assert cold_get(client, "/", django_assert_max_num_queries, LIMIT).status_code == 200


# What a full render costs a running server, with the memos of the current generation warm (the
# rendered rows of `make bench`: a query string is never stored, so every request renders).
# Fewer than a cold render: the "not now" and "About" links, the Portal wording, the site and the
# quiz flow are read once per process per generation.
WARM = {"approach": 10, "index": 10, "home": 8}


@pytest.mark.django_db
def test_a_full_render_with_the_generation_memos_warm(client, home, index, busy_index, django_assert_max_num_queries):
    for name, url in [("approach", busy_index[5].url), ("index", index.url), ("home", "/")]:
        client.get(url + "?warm=1")
        with django_assert_max_num_queries(WARM[name]):
            response = client.get(url + "?full=1")
        assert response.status_code == 200 and STATUS_HEADER not in response, name
