"""Each patient counted as themself: the client behind trusted proxies, for limits and lockouts."""

import re

import pytest
from django.test import Client, RequestFactory

from core.delivery.clients import client_address
from quiz.models import QuizResponse
from quiz.session import COOKIE_NAME

PROXY = "10.0.0.5"


def address(remote, forwarded=None, trusted=(PROXY,)):
    from django.test import override_settings

    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    with override_settings(TRUSTED_PROXIES=list(trusted)):
        return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


@pytest.mark.parametrize(
    "remote, forwarded, trusted, expected",
    [
        ("203.0.113.9", None, [PROXY], "203.0.113.9"),
        # A client talking to the app directly can't pick its own address.
        ("203.0.113.9", "198.51.100.1", [PROXY], "203.0.113.9"),
        ("203.0.113.9", "198.51.100.1", [], "203.0.113.9"),
        # Behind the proxy: the address the proxy saw, not what the client wrote before it.
        (PROXY, "198.51.100.1", [PROXY], "198.51.100.1"),
        (PROXY, "6.6.6.6, 198.51.100.1", [PROXY], "198.51.100.1"),
        # Two proxies in a row (a load balancer, then nginx), trusted as a network.
        (PROXY, "6.6.6.6, 198.51.100.1, 10.0.0.7", ["10.0.0.0/24"], "198.51.100.1"),
        ("::1", "2001:db8::42", ["::1"], "2001:db8::42"),
        # Garbage in the chain: the last address a trusted proxy vouched for stands in.
        (PROXY, "198.51.100.1, not-an-address", [PROXY], PROXY),
        (PROXY, "", [PROXY], PROXY),
    ],
)
def test_the_client_is_the_first_untrusted_address_from_the_right(remote, forwarded, trusted, expected):
    assert address(remote, forwarded, trusted) == expected


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    def client_at(ip):
        # What nginx sends: its own connection, and the client's address appended to the header.
        return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ip)

    return client_at


@pytest.mark.django_db
def test_one_busy_client_behind_the_proxy_does_not_stop_another(behind_proxy, quiz_page, settings):
    settings.QUIZ_RATE_LIMIT = 5
    busy, other = behind_proxy("198.51.100.1"), behind_proxy("198.51.100.2")
    statuses = [busy.post(quiz_page.start_url).status_code for _ in range(8)]
    assert statuses[-1] == 429
    assert [other.post(quiz_page.start_url).status_code for _ in range(3)] == [302, 302, 302]


@pytest.mark.django_db
def test_a_crisis_answer_over_the_limit_still_reaches_crisis_help(behind_proxy, quiz_page, crisis_page, settings):
    settings.QUIZ_RATE_LIMIT = 2
    patient = behind_proxy("198.51.100.3")
    assert patient.post(quiz_page.start_url).status_code == 302
    assert patient.post("/quiz/step/safety/", {"answer": "nonsense"}).status_code == 400
    # Over the limit now: an ordinary answer waits, an answer that signals danger does not.
    assert patient.post("/quiz/step/safety/", {"answer": "safe"}).status_code == 429
    response = patient.post("/quiz/step/safety/", {"answer": "hurt-self"})
    assert (response.status_code, response["Location"]) == (302, crisis_page.url)
    assert QuizResponse.objects.get().crisis_at is not None


@pytest.mark.django_db
def test_a_clinic_waiting_room_on_one_address_finishes_the_quiz(quiz_page, settings):
    """20 patients on one connection (a clinic's Wi-Fi) take the quiz at once, default limit."""
    patients = [Client(REMOTE_ADDR="198.51.100.20") for _ in range(20)]
    for patient in patients:
        assert patient.post(quiz_page.start_url).status_code == 302
    answers = [("safety", "safe"), ("concern", "low"), ("sleep", "yes"), ("extras", "skills"), ("pace", "weekly")]
    for key, choice in answers:  # everyone on the same question at the same time
        for patient in patients:
            response = patient.post(f"/quiz/step/{key}/", {"answer": choice})
            assert response.status_code == 302, (key, response.status_code)
    for patient in patients:
        assert patient.get("/quiz/results/").status_code == 200
    assert QuizResponse.objects.filter(completed_at__isnull=False).count() == 20


@pytest.mark.django_db
def test_the_quiz_cookie_is_a_plain_rfc_6265_value_that_ends_with_the_browser(patient):
    patient.start()
    patient.answer("safety", "safe")
    morsel = patient.client.cookies[COOKIE_NAME]
    # cookie-octet: no whitespace, quotes, commas, semicolons or backslashes.
    assert re.fullmatch(r"[A-Za-z0-9_\-.:]+", morsel.value)
    assert morsel.output().split(":", 1)[1].strip().startswith(f"{COOKIE_NAME}={morsel.value};")
    assert not morsel["max-age"] and not morsel["expires"]
    assert patient.state()["path"] == ["safety", "concern"]
