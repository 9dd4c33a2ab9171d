"""Each block's validation rule shows the editor a plain error, and each block renders accessibly."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from approaches import blocks
from approaches.models import ApproachPage, StandardPage
from core.site.selectors import default_portal_info

ALL_BLOCKS = [
    blocks.ListItemBlock,
    blocks.QuestionBlock,
    blocks.SafetyNoteBlock,
    blocks.HeadingBlock,
    blocks.ParagraphBlock,
    blocks.CalloutBlock,
    blocks.ResourceLinkBlock,
    blocks.CrisisResourcesBlock,
]


@pytest.mark.parametrize("block_class", ALL_BLOCKS, ids=lambda c: c.__name__)
def test_every_block_documents_itself_for_editors(block_class):
    block = block_class()
    assert block.meta.icon
    assert block.meta.template == f"blocks/{_snake(block_class.__name__)}.html"
    assert block.meta.help_text
    assert block.get_description()
    assert block.is_previewable


@pytest.mark.django_db
@pytest.mark.parametrize("block_class", ALL_BLOCKS, ids=lambda c: c.__name__)
def test_every_preview_value_is_valid_and_renders(block_class):
    block = block_class()
    value = block.to_python(block.get_prep_value(block.get_preview_value()))
    block.clean(value)
    html = block.render(value, context={"portal": default_portal_info()})
    assert html.strip()


def _snake(name):
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def test_question_must_be_a_question():
    with pytest.raises(ValidationError, match=r"ending with “\?”"):
        blocks.QuestionBlock().clean("Ask about side effects")
    assert blocks.QuestionBlock().clean("How are side effects monitored?") == "How are side effects monitored?"


def test_urgent_safety_note_needs_an_action():
    block = blocks.SafetyNoteBlock()
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(block.to_python({"text": "Stopping suddenly can be risky.", "urgent": True, "action": "  "}))
    assert excinfo.value.block_errors["action"].messages == ["An urgent note must tell the reader what to do."]

    ok = block.clean(block.to_python({"text": "Stopping suddenly can be risky.", "urgent": False, "action": ""}))
    assert ok["text"] == "Stopping suddenly can be risky."


def test_urgent_safety_note_is_labelled_in_words_not_just_colour():
    block = blocks.SafetyNoteBlock()
    html = block.render(
        block.to_python({"text": "Stopping suddenly can be risky.", "urgent": True, "action": "Call your prescriber."})
    )
    assert "<strong>Urgent advice:</strong>" in html
    assert "Call your prescriber." in html
    assert "Urgent advice:" not in block.render(block.to_python({"text": "Routine", "urgent": False, "action": ""}))


@pytest.mark.django_db
def test_resource_link_needs_exactly_one_destination(home):
    block = blocks.ResourceLinkBlock()
    with pytest.raises(StructBlockValidationError) as neither:
        block.clean(block.to_python({"title": "Help", "page": None, "url": ""}))
    assert neither.value.non_block_errors.as_data()[0].message == "Choose a page on this site or enter an address."

    with pytest.raises(StructBlockValidationError) as both:
        block.clean(block.to_python({"title": "Help", "page": home.pk, "url": "https://example.org/"}))
    assert "but not both" in both.value.non_block_errors.as_data()[0].message

    to_page = block.clean(block.to_python({"title": "Home", "page": home.pk, "url": ""}))
    assert to_page.href == home.url
    assert not to_page.is_external
    external = block.clean(block.to_python({"title": "988", "page": None, "url": "https://988lifeline.org/"}))
    assert external.is_external
    assert "(another website)" in block.render(external)


def test_callout_prefix_is_read_before_the_heading():
    block = blocks.CalloutBlock()
    html = block.render(block.to_python({"kind": "urgent", "heading": "Go now", "body": "<p>Call 911.</p>"}))
    assert "Urgent advice:" in html
    assert html.index("Urgent advice:") < html.index("Go now")


def test_heading_block_uses_the_chosen_level():
    block = blocks.HeadingBlock()
    assert "<h3>Sub</h3>" in block.render(block.to_python({"text": "Sub", "level": "h3"}))
    assert "<h2>Main</h2>" in block.render(block.to_python({"text": "Main", "level": "h2"}))


def test_crisis_resources_block_shows_the_numbers_from_settings():
    block = blocks.CrisisResourcesBlock()
    info = default_portal_info()
    html = block.render(block.to_python({"intro": "Help is here."}), context={"portal": info})
    assert 'href="tel:911"' in html
    assert 'href="tel:988"' in html
    assert 'href="sms:988"' in html
    # The text as set, its web address a link.
    assert info.outside_us_text in BeautifulSoup(html, "html.parser").get_text()
    assert '<a href="https://findahelpline.com">findahelpline.com</a>' in html


def test_list_fields_only_accept_their_own_blocks():
    assert set(ApproachPage._meta.get_field("session_items").stream_block.child_blocks) == {"point"}
    assert set(ApproachPage._meta.get_field("questions").stream_block.child_blocks) == {"question"}
    assert set(ApproachPage._meta.get_field("safety_notes").stream_block.child_blocks) == {"safety_note"}
    assert "crisis_resources" in StandardPage._meta.get_field("body").stream_block.child_blocks
