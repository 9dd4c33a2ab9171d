"""The approach page editor's form as a browser posts it for a page that already exists."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

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
