"""What the seeded demo portal shows and how seeding it again behaves, seeded once for the module
(`seeded_portal`, tests/conftest.py). Building it from an empty database: test_seeding.py."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Page, Revision

from approaches.models import ApproachPage, Condition, ProviderType
from core.models import PortalSettings
from governance.content_health import health_rows
from quiz.models import SupportLevel
from tests.approaches.test_access import access_section
from tests.core.test_crisis_numbers import set_numbers, text

pytestmark = pytest.mark.usefixtures("seeded_portal")


def seed(*args):
    out = io.StringIO()
    call_command("seed_portal", *args, stdout=out)
    return out.getvalue()


def test_seeded_demo_approaches_have_how_to_get_it_and_are_marked_as_not_reviewed(client, db):
    demo = ApproachPage.objects.live().filter(is_demo_content=True)
    assert demo.exists()
    for page in demo:
        section = access_section(client, page)
        assert section is not None, page.title
        assert len(section.find_all("h3")) == 4, page.title
        html = BeautifulSoup(client.get(page.url).content, "html.parser")
        notice = html.select_one(".approach__header .review-notice")  # Spanish pages have a translation notice too
        with translation.override(page.locale.language_code):  # said in the page's language
            unreviewed = translation.gettext("Not yet clinically reviewed.")
        assert unreviewed in notice.get_text(), page.title


def test_seeded_snippets_are_published_once(db):
    snippets = [*Condition.objects.all(), *ProviderType.objects.all()]
    assert snippets and all(s.live and s.live_revision_id and not s.has_unpublished_changes for s in snippets)
    revisions = Revision.objects.count()
    seed()
    assert Revision.objects.count() == revisions


def test_seeded_content_follows_a_changed_emergency_number(client, db):
    # Every seeded page that shows the US numbers, whatever its wording: the crisis page and
    # the approach pages' safety notes among them.
    urls = [page.url for page in Page.objects.live().specific() if "911" in text(client.get(page.url))]
    assert PortalSettings.load().crisis_page.url in urls
    assert any(page.url in urls for page in ApproachPage.objects.live())
    set_numbers(
        emergency_number="112", crisis_line_number="116 123", crisis_text_number="116 123", crisis_line_name="Helpline"
    )
    for url in urls:
        page = text(client.get(url))
        assert "911" not in page and "988" not in page, (url, page[page.find("911") - 80 : page.find("911") + 20])
        assert "112" in page, url
    urgent = SupportLevel.objects.get(is_urgent=True, locale__language_code="en")
    assert "{crisis_line_number}" in urgent.patient_text


def test_seeded_demo_pages_show_as_never_reviewed_in_the_report(admin_client, db):
    rows = health_rows()
    assert len(rows) >= 8 and all(r.status.state == "never" for r in rows)
    response = admin_client.get("/admin/reports/content-health/?export=csv")
    exported = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    for page in ApproachPage.objects.live():
        assert any(page.title in row and "Never reviewed" in row for row in exported), page.title
    html = admin_client.get("/admin/reports/content-health/").content.decode()
    assert "Never reviewed" in html and "Images without a description" in html


def test_seeding_publishes_support_levels_once(db):
    levels = list(SupportLevel.objects.all())
    assert levels and all(level.live and level.live_revision_id for level in levels)

    seed()
    assert sorted(SupportLevel.objects.values_list("pk", "live_revision_id")) == sorted(
        (level.pk, level.live_revision_id) for level in levels
    )


def test_seed_includes_the_conditions_from_the_medication_page(db):
    names = set(Condition.objects.values_list("name", flat=True))
    assert {
        "Moderate–severe depression",
        "Severe anxiety",
        "Bipolar disorder",
        "Psychosis",
        "ADHD",
        "Sleep disruption",
    } <= names


def test_seeding_again_keeps_editor_changes(db):
    page = ApproachPage.objects.live().first()
    page.summary = "Edited by a clinician."
    page.save_revision().publish()
    settings = PortalSettings.load()
    crisis_page_id = settings.crisis_page_id
    settings.crisis_page = None
    settings.save()

    seed()

    assert ApproachPage.objects.get(pk=page.pk).summary == "Edited by a clinician."
    # An emptied setting is filled again: every page must have somewhere to send people in crisis.
    assert PortalSettings.load().crisis_page_id == crisis_page_id


def test_demo_users_get_one_account_per_role(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-long-demo-password-1")
    output = seed("--demo-users")

    users = {u.username: u for u in get_user_model().objects.prefetch_related("groups")}
    assert {u: [g.name for g in users[u].groups.all()] for u in ["clinician", "reviewer", "analyst", "siteadmin"]} == {
        "clinician": ["Clinical editors"],
        "reviewer": ["Clinical reviewers"],
        "analyst": ["Analytics"],
        "siteadmin": ["Site admins"],
    }
    assert all(users[u].check_password("a-long-demo-password-1") for u in ["clinician", "siteadmin"])
    assert "a-long-demo-password-1" not in output


def test_random_demo_password_is_printed_once(db, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    output = seed("--demo-users")
    password = output.split("password: ")[1].split()[0]
    assert get_user_model().objects.get(username="clinician").check_password(password)
    assert password not in seed("--demo-users")


def test_seeded_demo_stories_show_on_two_approaches_in_each_language(client, db):
    from approaches.models import Story

    stories = list(Story.objects.filter(live=True, consent_given=True).select_related("approach", "locale"))
    by_language = {}
    for story in stories:
        assert story.is_demo_content and story.approach.locale_id == story.locale_id
        by_language.setdefault(story.locale.language_code, set()).add(story.approach.pk)
    assert set(by_language) == {"en", "es"} and all(len(pages) >= 2 for pages in by_language.values())
    for story in stories:
        html = client.get(story.approach.url).content.decode()
        assert story.text.split(".")[0] in html, story.approach.url
    assert "Story" not in seed()  # seeding again adds no story
