"""Headers on every page type, rate limits, health checks and data retention."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from approaches.factories import StandardPageFactory
from core.delivery.security import PATIENT_CSP
from tests.support import database_down, stored_cache_keys


@pytest.mark.django_db
def test_every_page_type_sends_strict_security_headers(client, home, index, approach, crisis_page):
    info = StandardPageFactory(parent=home, slug="about")
    for url in [home.url, index.url, approach.url, crisis_page.url, info.url, "/compare/", "/search/?q=x", "/nope/"]:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "script-src 'self'" in csp, url
        assert "frame-ancestors 'none'" in csp, url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_admin_has_its_own_policy(admin_client):
    csp = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "'unsafe-inline'" in csp and "object-src 'none'" in csp


@pytest.mark.django_db
def test_quiz_posts_are_rate_limited_with_a_kind_page(patient, client, settings):
    settings.QUIZ_RATE_LIMIT = 3
    patient.start()
    statuses = [client.post("/quiz/step/concern/", {"answer": "low"}).status_code for _ in range(4)]
    assert statuses[-1] == 429
    limited = client.post("/quiz/step/concern/", {"answer": "low"})
    assert limited["Retry-After"] == "60"
    html = limited.content.decode()
    assert "Please wait a moment" in html and 'href="tel:988"' in html
    # Reading the question is never limited, so the way to help stays open.
    assert client.get("/quiz/step/safety/").status_code == 200


@pytest.mark.django_db
def test_rate_limits_keep_no_address(patient, client, settings):
    settings.QUIZ_RATE_LIMIT = 100
    patient.start()
    client.post("/quiz/step/safety/", {"answer": "safe"}, REMOTE_ADDR="198.51.100.7")
    keys = stored_cache_keys()
    assert any("ratelimit" in key for key in keys)
    assert not [key for key in keys if "198.51.100.7" in key]


@pytest.mark.django_db
def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_healthz_reports_a_dead_database_without_details(client, monkeypatch):
    database_down(monkeypatch, "password authentication failed for user postgres")
    response = client.get("/healthz")
    assert response.status_code == 503 and response.content == b"unavailable\n"


@pytest.mark.django_db
def test_purge_keeps_the_report_honest(quiz, flow_runs):
    from quiz.analytics.report import build_report
    from quiz.models import QuizResponse

    first, last = date.today() - timedelta(days=500), date.today()
    before = build_report(quiz=quiz, first=first, last=last)
    out = io.StringIO()
    call_command("purge_quiz_responses", "--older-than", "365d", stdout=out)
    assert "Deleted 3 response(s)" in out.getvalue()
    assert QuizResponse.objects.count() == 2
    after = build_report(quiz=quiz, first=first, last=last)
    assert after.summary == before.summary and after.funnel == before.funnel and after.outcomes == before.outcomes


@pytest.mark.django_db
def test_purge_refuses_a_nonsense_age(quiz):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="for example --older-than 365d"):
        call_command("purge_quiz_responses", "--older-than", "last year")


@pytest.fixture
def flow_runs(quiz):
    from quiz import synthetic
    from quiz.flow import END
    from quiz.selectors import live_flow

    flow = live_flow(quiz)
    now = timezone.now()
    steps = [("safety", ["safe"]), ("concern", ["family"]), ("extras", []), ("pace", ["own"])]
    for age in (400, 420, 450, 10, 20):
        start = now - timedelta(days=age)
        timed = [(k, c, start + timedelta(seconds=20 * (i + 1))) for i, (k, c) in enumerate(steps)]
        synthetic.write_one(flow, synthetic.Run(start, timed, END))


def assert_security_headers(response):
    assert response["Content-Security-Policy"] == PATIENT_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_400_for_an_unknown_host_has_the_security_headers(client, home, settings):
    settings.ALLOWED_HOSTS = ["steadypath.example.org"]
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache", [True, False])
def test_every_error_page_has_the_security_headers(client, home, settings, monkeypatch, page_cache):
    settings.PAGE_CACHE_ENABLED = page_cache
    assert_security_headers(client.get("/no-such-page/"))  # 404

    csrf = Client(enforce_csrf_checks=True).post("/quiz/step/safety/")
    assert csrf.status_code == 403
    assert_security_headers(csrf)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("approaches.views.selectors.live_conditions", broken)
    server_error = Client(raise_request_exception=False).get("/search/", {"q": "sleep"})
    assert server_error.status_code == 500
    assert_security_headers(server_error)
