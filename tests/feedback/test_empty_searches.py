"""Searches that found nothing: counted per day, language and scrubbed words, never tied to a
person; a search that found something, or showed crisis help, is not counted."""

import pytest
from django.test import Client
from django.utils import timezone

from approaches.factories import ApproachPageFactory
from feedback.models import EmptySearch


@pytest.fixture
def library(index, crisis_page):
    return ApproachPageFactory(parent=index, title="Behavioral activation for low mood")


def search(query, prefix=""):
    response = Client().get(f"{prefix}/search/", {"q": query})
    assert response.status_code == 200
    assert not response.cookies, "searching sets no cookie"
    return response


@pytest.mark.django_db
def test_a_search_that_found_nothing_is_counted_with_the_email_taken_out(library):
    search("zzqxv qqzv jo.bloggs@example.com")
    search("ZZQXV qqzv  jo.bloggs@example.com")  # the same words, folded
    row = EmptySearch.objects.get()
    assert (row.day, row.language, row.query, row.count) == (timezone.localdate(), "en", "zzqxv qqzv email", 2)
    assert "example" not in row.query and "bloggs" not in row.query


@pytest.mark.django_db
def test_phone_numbers_and_links_are_taken_out_too(library):
    # The same rules as comments (feedback/scrub.py; each has its own test in test_scrub.py).
    search("zzqxv 555 123 4567")
    search("zzqxv https://qqzv.example/zq?id=7")
    assert sorted(EmptySearch.objects.values_list("query", flat=True)) == ["zzqxv link", "zzqxv phone"]


@pytest.mark.django_db
def test_nothing_about_the_person_is_kept(library):
    """The row has no field that could hold who searched: only the day, the language, the words
    and how many times; no address, agent, session, user or time of day."""
    fields = {field.name for field in EmptySearch._meta.get_fields()}
    assert fields == {"id", "day", "language", "query", "count"}
    Client(HTTP_USER_AGENT="UniqueAgent/1.0", REMOTE_ADDR="198.51.100.23").get("/search/", {"q": "zzqxv"})
    stored = " ".join(str(v) for v in EmptySearch.objects.values_list("day", "language", "query", "count").get())
    assert "198.51.100.23" not in stored and "UniqueAgent" not in stored


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["activation", "low mood", "suicide", "quiero morir", ""])
def test_a_search_that_found_something_or_showed_crisis_help_is_not_counted(library, query):
    search(query)
    assert not EmptySearch.objects.exists()


@pytest.mark.django_db
def test_spanish_searches_are_counted_under_spanish(library):
    search("zzqxv qqzv", prefix="/es")
    assert list(EmptySearch.objects.values_list("language", "query", "count")) == [("es", "zzqxv qqzv", 1)]


@pytest.mark.django_db
def test_a_counter_that_cannot_write_never_fails_the_search(library, monkeypatch):
    from django.db import OperationalError

    from feedback import services

    def broken(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "count_empty_search", broken)
    assert "zzqxv" in search("zzqxv").content.decode()
