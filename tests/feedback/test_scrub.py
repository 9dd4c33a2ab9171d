"""Each scrubbing rule of feedback/scrub.py (docs/feedback.md, "What is kept"), and what it leaves."""

import pytest

from feedback.scrub import scrub


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        # 1. emails
        ("write to jo.smith+nhs@mail.example.co.uk please", "write to [email] please"),
        # 2. links
        ("see https://evil.example/x?y=1 now", "see [link] now"),
        ("or www.example.com", "or [link]"),
        ("or example.org/my-blog", "or [link]"),
        # 3. phone numbers and long numbers
        ("call 555-123-4567", "call [phone]"),
        ("call +1 (555) 123 4567!", "call [phone]!"),
        ("my record is 12345678", "my record is [phone]"),
        # 4. self-given names
        ("my name is jo bloggs and I am lost", "my name is [name] and I am lost"),
        ("Me llamo maría y soy Ana", "Me llamo [name] y soy [name]"),
        ("I'm Maria Lopez. It was long", "I'm [name]. It was long"),
        ("This is Bob", "This is [name]"),
        ("Too long.\nThanks, Maria", "Too long.\nThanks, [name]"),
        ("the page was long - Ana", "the page was long - [name]"),
        ("Gracias, María José", "Gracias, [name]"),
        ("call me maria please", "call me [name] please"),
        ("Call me on 07700 900123 please", "Call me on [phone] please"),
        ("llámame al 555 123 4567 o mi nombre es Ana para", "llámame al [phone] o mi nombre es [name] para"),
    ],
)
def test_each_rule_takes_out_what_identifies(typed, kept):
    assert scrub(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "I'm confused by the second part",
        "I am Not sure what CBT means",
        "Soy muy feliz con la página",
        "It said call 988 or 911 in 2024",  # short numbers: crisis lines and years stay
        "It was fine, thanks",
        "Step 3. It was fine",
        "please call me back",
        "Nobody will call me if I ask",
    ],
)
def test_ordinary_words_and_short_numbers_are_left_alone(typed):
    assert scrub(typed) == typed
