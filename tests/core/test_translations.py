"""The Spanish catalog of the portal's fixed wording (locale/es, outside the quiz): complete, and
the compiled django.mo that Django reads is the django.po that people edit.

The .mo is committed so a machine without gettext's msgfmt still serves Spanish; these tests
fail when someone edits the .po and forgets `msgfmt -o django.mo django.po`.
"""

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

CATALOG = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
# The quiz and the staff-only screens keep their own catalogs or none.
NOT_HERE = ("quiz", "governance", "core", "priorities", "feedback")
_TRANSLATE = re.compile(r"""{%\s*translate\s+"([^"]+)"(?:\s+context\s+"([^"]+)")?""")
_FORMAT = re.compile(r"%\([a-z_]+\)[sd]")
_TAG = re.compile(r"</?[a-z]+[^>]*>")


def po_entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(CATALOG / "django.po")) if entry.msgid and not entry.obsolete]


def key(entry: polib.POEntry) -> str:
    # How GNU gettext (and Python's gettext) keys an entry with a context.
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = po_entries()
    assert len(entries) > 50
    assert [e.msgid for e in entries if not e.msgstr] == []
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []


def test_the_compiled_catalog_is_the_po_file():
    mo = CATALOG / "django.mo"
    assert mo.is_file(), "compile it: msgfmt -o locale/es/LC_MESSAGES/django.mo locale/es/LC_MESSAGES/django.po"
    with open(mo, "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    expected = {key(e): e.msgstr for e in po_entries()}
    found = {k: v for k, v in compiled._catalog.items() if k}  # "" is the header
    stale = sorted(k for k in expected.keys() | found.keys() if expected.get(k) != found.get(k))
    assert stale == [], f"django.mo is out of date with django.po: run msgfmt ({len(stale)} entries differ)"


def test_translations_keep_the_placeholders_and_the_markup():
    problems = []
    for e in po_entries():
        if sorted(_FORMAT.findall(e.msgid)) != sorted(_FORMAT.findall(e.msgstr)):
            problems.append(f"placeholders: {e.msgid!r}")
        tags = lambda text: sorted(re.sub(r'"[^"]*"', '""', t) for t in _TAG.findall(text))  # noqa: E731
        if tags(e.msgid) != tags(e.msgstr):
            problems.append(f"markup: {e.msgid!r}")
    assert problems == []


def template_strings() -> set[tuple[str, str]]:
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        if path.relative_to(TEMPLATES).parts[0] not in NOT_HERE:
            found |= {(context or "", msgid) for msgid, context in _TRANSLATE.findall(path.read_text())}
    return found


def test_every_translate_tag_outside_the_quiz_is_in_the_catalog():
    strings = template_strings()
    assert len(strings) > 40
    catalog = {(e.msgctxt or "", e.msgid) for e in po_entries()}
    assert sorted(strings - catalog) == []


@pytest.mark.parametrize(
    ("english", "spanish"),
    [("Get help now", "Obtener ayuda ahora"), ("Not yet clinically reviewed.", "Aún no revisado clínicamente.")],
)
def test_django_serves_the_spanish_catalog(english, spanish):
    with translation.override("es"):
        assert translation.gettext(english) == spanish
    with translation.override("en"):
        assert translation.gettext(english) == english
