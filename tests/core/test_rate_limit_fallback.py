"""The per-client limit still holds when Redis is down: each process counts on its own."""

import pytest
from django.test import RequestFactory
from django.test.utils import override_settings

from bench.serve import free_port
from core.delivery import security
from core.delivery.security import over_limit
from portal.settings.base import redis_cache


@pytest.fixture(autouse=True)
def _fresh_local_counts():
    security._local_counts.clear()
    yield
    security._local_counts.clear()


@pytest.fixture
def dead_redis():
    with override_settings(CACHES={"default": redis_cache(f"redis://127.0.0.1:{free_port()}/0", prefix="dead")}):
        yield


def request_from(address):
    return RequestFactory().post("/quiz/", REMOTE_ADDR=address)


def test_the_limit_holds_with_redis_unreachable(dead_redis):
    verdicts = [over_limit(request_from("203.0.113.7"), "quiz", limit=3) for _ in range(5)]
    assert verdicts == [False, False, False, True, True]
    assert over_limit(request_from("198.51.100.2"), "quiz", limit=3) is False  # another client, its own count


def test_the_local_count_expires_with_the_window(dead_redis, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(security.time, "monotonic", lambda: clock[0])
    for _ in range(3):
        over_limit(request_from("203.0.113.7"), "quiz", limit=2, window=60)
    assert over_limit(request_from("203.0.113.7"), "quiz", limit=2, window=60) is True
    clock[0] += 61
    assert over_limit(request_from("203.0.113.7"), "quiz", limit=2, window=60) is False


def test_the_local_counts_stay_bounded(dead_redis, monkeypatch):
    monkeypatch.setattr(security._LocalCounts, "MAX_KEYS", 50)
    for i in range(500):
        over_limit(request_from(f"10.0.{i // 250}.{i % 250}"), "quiz", limit=3)
    assert len(security._local_counts._counts) <= 50


def test_a_count_read_back_with_redis_down_is_the_local_one(dead_redis):
    # The sign-in address cap counts with counted_over and checks with counted: both sides
    # must use the same counter while Redis is unreachable, or the cap never trips.
    for _ in range(4):
        security.counted_over(security._client_key(request_from("203.0.113.8"), "signin"), 10, 60)
    assert security.counted(request_from("203.0.113.8"), "signin") == 4
    assert security.counted(request_from("198.51.100.8"), "signin") == 0


def test_a_working_cache_is_used_and_the_local_count_is_not(settings):
    verdicts = [over_limit(request_from("203.0.113.9"), "quiz", limit=2) for _ in range(3)]
    assert verdicts == [False, False, True]
    assert security._local_counts._counts == {}


@pytest.mark.django_db
def test_quiz_starts_are_limited_with_redis_down(dead_redis, patient, settings):
    settings.QUIZ_RATE_LIMIT = 3
    statuses = [patient.start().status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
