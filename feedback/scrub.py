"""What a patient typed, with what could identify them taken out, before it is stored.

The rules, in the order they run (docs/feedback.md, "What is kept"; each has a test in
tests/feedback/test_scrub.py). Each match is replaced by a bracketed word, so a clinician still
reads that something was there:

1. Email addresses (anything@anything.tld) → [email].
2. Links: `http://`, `https://` or `www.` addresses, and bare domains with a path
   (`example.org/page`) → [link].
3. Phone numbers and other long numbers (a record or insurance number): seven or more digits,
   allowing spaces, dots, dashes, brackets and a leading + between them → [phone].
4. Names the patient gives for themselves: the one to three words after "my name is", "call
   me", "me llamo", "mi nombre es" (any case); after "I'm", "I am", "this is", "soy" only when
   they start with a capital letter ("I'm Maria" goes, "I'm confused" stays); and a sign-off
   name at the end ("Thanks, Maria", "- Maria", "Gracias, María") → [name].

Names of other people ("my therapist Dr Smith") are not guessed at: too many ordinary words
would go with them. The retention command deletes every comment's text after a while anyway.
"""

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
LINK = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*",
    re.IGNORECASE | re.UNICODE,
)
PHONE = re.compile(r"\+?\d(?:[\s().-]*\d){6,}")

# Words that end a name rather than belong to it ("my name is jo and ...", "I'm Not sure").
# Words a sentence goes on with after "call me" ("call me back", "call me on ...", "call me if
# you can") are not names either: taking them would take the patient's meaning with them.
_NOT_A_NAME = (
    "and|but|or|so|not|no|very|really|just|still|also|here|there|sure|glad|happy|sorry|sad|the|a|an|i"
    "|on|at|back|if|when|to|please|now|later|again|about|in|for|with|because|you|it|that|this|is|was"
    "|anytime|today|tomorrow"
    "|y|pero|o|muy|no|aqui|aquí|feliz|triste|el|la|un|una|yo|en|al|por|para|que|si|cuando|porque|hoy"
    "|mañana|luego"
)
_NAME_WORD = rf"(?!(?i:{_NOT_A_NAME})\b)[^\W\d_][\w'’-]*"
_CAPITAL_WORD = rf"(?!(?i:{_NOT_A_NAME})\b)[^\W\d_a-zà-ÿ][\w'’-]*"
ANY_CASE_INTRO = re.compile(
    rf"\b(my name is|my name's|call me|me llamo|mi nombre es)\s+({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})",
    re.IGNORECASE | re.UNICODE,
)
CAPITAL_INTRO = re.compile(
    rf"\b((?i:i'm|i’m|i am|this is|soy))\s+({_CAPITAL_WORD}(?:\s+{_CAPITAL_WORD}){{0,2}})",
    re.UNICODE,
)
SIGN_OFF = re.compile(
    rf"((?:\b(?i:thanks|thank you|regards|best|cheers|gracias|saludos|atentamente)\s*,?\s*|\s[-–—]\s*|^[-–—]\s*))"
    rf"({_CAPITAL_WORD}(?:\s+{_CAPITAL_WORD}){{0,2}})\s*[.!]?\s*$",
    re.UNICODE,
)

EMAIL_MARK, LINK_MARK, PHONE_MARK, NAME_MARK = "[email]", "[link]", "[phone]", "[name]"


def scrub(text: str) -> str:
    """`text` with emails, links, long numbers and self-given names replaced (rules above)."""
    text = EMAIL.sub(EMAIL_MARK, text)
    text = LINK.sub(LINK_MARK, text)
    text = PHONE.sub(PHONE_MARK, text)
    text = ANY_CASE_INTRO.sub(lambda m: f"{m.group(1)} {NAME_MARK}", text)
    text = CAPITAL_INTRO.sub(lambda m: f"{m.group(1)} {NAME_MARK}", text)
    text = SIGN_OFF.sub(lambda m: f"{m.group(1)}{NAME_MARK}", text)
    return text.strip()
