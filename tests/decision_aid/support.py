"""Approach pages built to meet the checklist, and the editor's form as a browser posts it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from approaches.factories import ApproachPageFactory, points, stream

SOURCE = {
    "citation": "Depression in adults: treatment and management",
    "publisher": "NICE",
    "year": 2022,
    "url": "https://www.nice.org.uk/guidance/ng222",
    "guideline_id": "NICE NG222",
}
OUTCOME = {
    **{"people": 40, "outcome": "feel much better", "timeframe": "within 16 weeks", "comparison_people": 20},
    **{"comparison": "people who wait and see", "certainty": "low", "source": 1, "sample_figures": True},
}
PLAIN_TEXT = (
    "You talk with a therapist each week. You set small goals. You try them at home. "
    "You tell the therapist how it went. You can stop when you want. You can ask for help at any time."
)


def complete(index, **overrides):
    """An approach page under `index` meeting every rule (with the `linked` fixture's pages)."""
    fields = {
        "decision": "Whether this kind of help is the right one to start with, and when.",
        "sources": stream("source", [SOURCE]),
        "outcomes": stream("outcome", [OUTCOME]),
        "good_fit_items": points("You want skills", "You like structure"),
        "not_fit_items": points("You want only to talk", "You have no time now"),
        "summary": PLAIN_TEXT,
    }
    return ApproachPageFactory(parent=index, **{**fields, **overrides})


TEXT_FIELDS = ("title", "slug", "summary", "decision", "providers_note", "training_note")
MORE_TEXT_FIELDS = ("pace_heading", "pace_text", "questions_intro")
STREAM_FIELDS = (
    *("session_items", "good_fit_items", "not_fit_items", "questions", "safety_notes"),
    *("access", "outcomes", "sources"),
)


def _filled(state):
    # The form posts an empty string where the block's form state holds None.
    if isinstance(state, dict):
        return {key: _filled(value) for key, value in state.items()}
    if isinstance(state, list) and len(state) == 1:  # a choice block's state is a list of one
        return state[0]
    return "" if state is None else state


def _blocks(page, field):
    return streamfield([(b.block_type, _filled(b.block.get_form_state(b.value))) for b in getattr(page, field)])


def edit_form_data(page, **overrides) -> dict:
    """Every field of `page` as its editor posts it unchanged; `overrides` replace fields."""
    data = {
        **{name: getattr(page, name) for name in (*TEXT_FIELDS, *MORE_TEXT_FIELDS)},
        "review_interval_months": page.review_interval_months,
        **{field: _blocks(page, field) for field in STREAM_FIELDS},
        "condition_links": inline_formset(
            [{"id": str(link.pk), "condition": str(link.condition_id)} for link in page.condition_links.all()],
            initial=page.condition_links.count(),
        ),
        "provider_links": inline_formset(
            [{"id": str(link.pk), "provider_type": str(link.provider_type_id)} for link in page.provider_links.all()],
            initial=page.provider_links.count(),
        ),
    }
    if page.is_demo_content:
        data["is_demo_content"] = "on"
    if page.is_not_now_option:
        data["is_not_now_option"] = "on"
    data.update(overrides)
    return nested_form_data(data)
