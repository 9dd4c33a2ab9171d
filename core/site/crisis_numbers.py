"""Crisis numbers in editors' text: placeholders that follow Portal settings, and a check for
numbers typed in by hand that no longer match them.

Editors type `{emergency_number}`, `{crisis_line_number}`, `{crisis_text_number}` or
`{crisis_line_name}`; patients read the current value from Settings → Portal.
"""

import re
from dataclasses import dataclass

from django.db import models
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from modelcluster.fields import ParentalKey
from wagtail.fields import RichTextField, StreamField

PLACEHOLDERS = {
    "emergency_number": "the emergency number (911)",
    "crisis_line_number": "the crisis line's number to call (988)",
    "crisis_text_number": "the crisis line's number to text (988)",
    "crisis_line_name": "the crisis line's name",
}
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


def has_placeholder(text) -> bool:
    return bool(text) and _PLACEHOLDER.search(str(text)) is not None


def expand(text, info):
    """`text` with each placeholder replaced by `info`'s value. HTML stays HTML, escaped."""
    if not has_placeholder(text):
        return text
    # Rich text (a block's RichText value, which `|richtext` passes through unchanged) is HTML
    # too: without this its paragraphs would reach the patient as visible "<p>" tags.
    if isinstance(text, SafeData) or hasattr(text, "__html__"):
        return mark_safe(_PLACEHOLDER.sub(lambda m: str(conditional_escape(getattr(info, m[1]))), str(text)))
    return _PLACEHOLDER.sub(lambda m: getattr(info, m[1]), str(text))


# A short code after "call", "text" or "dial" (911, 988, 112, 741741), or any longer run of
# digits with phone punctuation (1-800-799-7233, +44 20 7946 0000). Doses and durations
# ("200 mg", "12 weeks") are neither. Spanish says it with a verb, maybe "un mensaje de texto",
# and an article: "llame al 988", "marque el 911", "llame o envíe un mensaje de texto al 988".
# A one-digit menu key ("marque 2") is not a phone number.
_VERB = r"(?:call|text|dial|phone|ring|llame|llama|marque|marca|env[ií]e|texto)"
_SHORT_CODE = re.compile(
    rf"\b{_VERB}(?:\s+(?:or|o)\s+{_VERB})?(?:\s+(?:un\s+)?mensaje(?:\s+de\s+texto)?)?(?:\s+(?:al|a|el))?\s+(\d{{2,6}})\b",
    re.IGNORECASE,
)
_LONG_NUMBER = re.compile(r"(?<![\w/])(\+?\d[\d ().-]{5,}\d)(?![\w/])")
# Text fields that hold addresses and ids rather than words a patient reads.
_SKIP_FIELDS = {"path", "url_path", "slug", "draft_title", "key", "live_revision", "latest_revision"}


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


def phone_numbers(text: str) -> list[str]:
    found = [m[1] for m in _SHORT_CODE.finditer(text)]
    found += [m[1].strip() for m in _LONG_NUMBER.finditer(text) if len(_digits(m[1])) >= 7]
    return found


def _stream_strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in ("id", "type"):
                yield from _stream_strings(value)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _stream_strings(item)


def patient_strings(obj):
    """Every piece of text on `obj` and its inline children (quiz questions, answers)."""
    for field in obj._meta.concrete_fields:
        if field.name in _SKIP_FIELDS or field.is_relation:
            continue
        value = field.value_from_object(obj)
        if isinstance(field, StreamField):
            yield from _stream_strings(value.get_prep_value() if value is not None else [])
        elif isinstance(field, models.CharField | models.TextField | RichTextField) and value:
            yield str(value)
    for relation in obj._meta.related_objects:
        if isinstance(relation.remote_field, ParentalKey):
            for child in getattr(obj, relation.get_accessor_name()).all():
                yield from patient_strings(child)


@dataclass(frozen=True)
class StrayNumber:
    item: object
    number: str


def stray_numbers(items, info) -> list[StrayNumber]:
    """Numbers typed into `items` that are none of the crisis numbers in settings (`info`)."""
    known = {_digits(n) for n in (info.emergency_number, info.crisis_line_number, info.crisis_text_number) if n}
    found = []
    for item in items:
        seen = set()
        for text in patient_strings(item):
            for number in phone_numbers(text):
                if _digits(number) not in known and number not in seen:
                    seen.add(number)
                    found.append(StrayNumber(item, number))
    return found
