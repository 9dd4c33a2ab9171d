"""Every seeded approach page, English and Spanish, meets every IPDAS rule and re-saves unchanged."""

import json

import pytest
from wagtail.models import Revision

from approaches.models import ApproachPage
from decision_aid import rules


@pytest.fixture
def seeded(seeded_portal, db):
    """The demo portal, seeded once for the module."""


def test_every_seeded_approach_page_meets_every_rule(seeded):
    pages = list(ApproachPage.objects.live().select_related("locale"))
    assert {p.locale.language_code for p in pages} == {"en", "es"} and len(pages) == 20
    unmet = [(p.url_path, r.key, r.detail) for p in pages for r in rules.check(p) if not r.met]
    assert unmet == []


def test_a_seeded_page_saved_again_in_the_editor_is_unchanged(admin_client, seeded):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    page = ApproachPage.objects.get(slug="start-on-my-own")
    before = page.get_latest_revision().content

    def filled(state):
        # The form posts an empty string where the block's form state holds None.
        if isinstance(state, dict):
            return {key: filled(value) for key, value in state.items()}
        if isinstance(state, list) and len(state) == 1:  # a choice block's state is a list of one
            return state[0]
        return "" if state is None else state

    def blocks(field):
        return streamfield([(b.block_type, filled(b.block.get_form_state(b.value))) for b in getattr(page, field)])

    data = {
        **{name: getattr(page, name) for name in ("title", "slug", "summary", "decision", "providers_note")},
        **{name: getattr(page, name) for name in ("training_note", "pace_heading", "pace_text", "questions_intro")},
        "review_interval_months": page.review_interval_months,
        "is_demo_content": "on",
        "is_not_now_option": "on",
        **{
            field: blocks(field)
            for field in ("session_items", "good_fit_items", "not_fit_items", "questions", "safety_notes")
        },
        **{field: blocks(field) for field in ("access", "outcomes", "sources")},
        "condition_links": inline_formset(
            [{"id": str(link.pk), "condition": str(link.condition_id)} for link in page.condition_links.all()],
            initial=page.condition_links.count(),
        ),
        "provider_links": inline_formset(
            [{"id": str(link.pk), "provider_type": str(link.provider_type_id)} for link in page.provider_links.all()],
            initial=page.provider_links.count(),
        ),
    }
    revisions = Revision.objects.count()
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", nested_form_data(data))
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
