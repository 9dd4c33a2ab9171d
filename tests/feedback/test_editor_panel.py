"""The "Patient feedback" panel in the page editor: this page's counts per revision, small ones
hidden as in the report, and its newest comments as they were kept (scrubbed), crisis first."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from feedback.factories import PageFeedbackFactory, votes
from feedback.models import PageFeedback
from tests.core.test_governance import member
from tests.feedback.conftest import token_from, vote_url
from tests.feedback.reporting import published_revisions


def panel(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return soup.select_one(".page-feedback-panel")


def panel_rows(found):
    return [[cell.get_text(strip=True) for cell in row.find_all("td")] for row in found.select("tbody tr")]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Clinical editors", "Clinical reviewers"])
def test_a_clinician_sees_counts_per_revision_with_small_ones_hidden(client, approach, settings, role):
    settings.QUIZ_ANALYTICS_SUPPRESS_BELOW = 5
    first, second = published_revisions(approach, 2)
    today = timezone.localdate()
    votes(page=approach, revision_id=first, yes=6, no=2, day=today)
    votes(page=approach, revision_id=second, yes=9, no=5, day=today)
    votes(
        page=approach, revision_id=second, yes=40, day=today - datetime.timedelta(days=400)
    )  # before the panel's range
    client.force_login(member(role))
    found = panel(client, approach)
    assert found is not None
    assert "Counts under 5 show as “hidden”" in found.get_text()
    assert panel_rows(found) == [
        ["all revisions", "15", "hidden", "hidden"],  # 2 + 5: a total holding a hidden count is hidden
        [f"revision {second}", "9", "5", "64.3"],
        [f"revision {first}", "6", "hidden", "hidden"],
    ]
    assert found.find("a", string="Open the full report")["href"] == f"/admin/reports/page-feedback/?page={approach.pk}"


@pytest.mark.django_db
def test_the_newest_comments_are_shown_scrubbed_with_crisis_first(client, strict, approach):
    cache.clear()
    published_revisions(approach, 1)
    sent = []
    for text in ["My name is Jo, mail jo@example.com", "I want to end my life", "Call me on 07700 900123 please"]:
        token = token_from(strict.post(vote_url(approach), {"helpful": "no"}))
        assert strict.post("/feedback/comment/", {"token": token, "comment": text}).status_code == 200
        sent.append(text)
    for _ in range(6):  # older comments beyond the five the panel shows
        PageFeedbackFactory(
            page=approach,
            helpful=False,
            comment="An older comment",
            day=timezone.localdate() - datetime.timedelta(days=3),
        )
    client.force_login(member("Clinical editors"))
    found = panel(client, approach)
    items = [item.get_text(" ", strip=True) for item in found.select("li")]
    assert len(items) == 5
    assert items[0].startswith("Crisis language:") and "I want to end my life" in items[0]
    text = found.get_text(" ")
    assert "jo@example.com" not in text and "07700" not in text and "Jo," not in text
    assert "My name is [name], mail [email]" in text and "Call me on [phone] please" in text
    crisis = PageFeedback.objects.get(crisis=True)
    assert found.select_one("li a")["href"] == reverse("feedback_comments:edit", args=[crisis.pk]), "to triage it"


@pytest.mark.django_db
def test_a_page_nobody_answered_on_says_so(client, approach):
    client.force_login(member("Clinical reviewers"))
    found = panel(client, approach)
    assert "No answers yet." in found.get_text() and not found.select("li")
