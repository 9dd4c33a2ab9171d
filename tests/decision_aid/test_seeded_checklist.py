"""Every seeded approach page, English and Spanish, meets every IPDAS rule and re-saves unchanged."""

import json

import pytest
from wagtail.models import Revision

from approaches.models import ApproachPage
from decision_aid import rules
from tests.decision_aid.support import edit_form_data


@pytest.fixture
def seeded(seeded_portal, db):
    """The demo portal, seeded once for the module."""


def test_every_seeded_approach_page_meets_every_rule(seeded):
    pages = list(ApproachPage.objects.live().select_related("locale"))
    assert {p.locale.language_code for p in pages} == {"en", "es"} and len(pages) == 20
    unmet = [(p.url_path, r.key, r.detail) for p in pages for r in rules.check(p) if not r.met]
    assert unmet == []


def test_a_seeded_page_saved_again_in_the_editor_is_unchanged(admin_client, seeded):
    page = ApproachPage.objects.get(slug="start-on-my-own")
    before = page.get_latest_revision().content
    data = edit_form_data(page)
    revisions = Revision.objects.count()
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Revision.objects.count() == revisions + 1
    after = ApproachPage.objects.get(pk=page.pk).get_latest_revision().content
    for field in ("decision", "summary", "reading_grade"):
        assert after[field] == before[field], field
    for field in ("sources", "outcomes", "good_fit_items", "not_fit_items", "safety_notes"):
        # The form posts no block ids, so the new revision's blocks get fresh ones.
        assert values(after[field]) == values(before[field]), field
    assert [r.met for r in rules.check(ApproachPage.objects.get(pk=page.pk).get_latest_revision_as_object())] == [
        True
    ] * len(rules.RULES)


def values(stream_json):
    return [(b["type"], b["value"]) for b in json.loads(stream_json)]
