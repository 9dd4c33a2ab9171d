"""On a phone: the compare table stacks, and crisis numbers are big enough to tap."""

import pytest

from tests.browser import seeded


@pytest.mark.parametrize("width", [320, 375])
def test_compare_stacks_on_a_phone_without_sideways_scrolling(portal_url, new_page, width):
    page = new_page(viewport={"width": width, "height": 700})
    page.goto(portal_url + seeded.compare_path(3))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    region = page.locator(".table-scroll")
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth"), "the table must not need sideways scrolling"
    caption = page.locator(".compare caption")
    assert caption.evaluate("el => el.scrollWidth <= el.clientWidth")
    # No word of the caption is split across lines: each word's box is on one line.
    split = caption.evaluate(
        """el => {
            const range = document.createRange();
            const text = el.firstChild;
            let pos = 0, broken = [];
            for (const word of text.textContent.split(' ')) {
                range.setStart(text, pos); range.setEnd(text, pos + word.length);
                if (word && range.getClientRects().length > 1) broken.push(word);
                pos += word.length + 1;
            }
            return broken;
        }"""
    )
    assert split == []
    # Each cell says which approach it describes, as the column headings are out of sight.
    assert page.locator(".compare td[data-approach]").first.is_visible()


def test_crisis_numbers_are_big_tap_targets_and_findahelpline_is_a_link(portal_url, new_page):
    page = new_page(viewport={"width": 375, "height": 700})
    page.goto(portal_url + seeded.crisis_path())
    numbers = page.locator(".panel--crisis a[href^='tel:'], .panel--crisis a[href^='sms:']")
    assert numbers.count() >= 2
    for i in range(numbers.count()):
        box = numbers.nth(i).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, numbers.nth(i).inner_text()
    helpline = page.get_by_role("link", name="findahelpline.com")
    assert helpline.first.get_attribute("href") == "https://findahelpline.com"
