"""What a patient's search words mean: crisis first, then word forms, typos and synonyms.

Pure functions over plain strings, so every rule has a small test (tests/approaches/test_search.py).
The view (approaches.views.search) feeds them the editors' synonyms and promoted queries.
"""

import difflib
import re
import unicodedata
from collections.abc import Iterable

from django.dispatch import Signal

# Sent by the search view when a query found nothing (no page, condition or promotion, and no
# crisis help), with `query` (the words as typed, at most 200 characters, before the search's
# own cleaning, so that a receiver can still recognise an email address in them) and `language`
# only: a higher app may count it (feedback does, scrubbed, per day, never tied to anyone).
# Approaches itself records nothing.
found_nothing = Signal()

# Phrases that signal someone may be in danger. A search containing any of them (in any word
# form, see `signals_crisis`) shows crisis help with 911 and 988 above every result. Editors
# add more as Wagtail search promotions that lead to the crisis page (docs/safety.md).
CRISIS_PHRASES = (
    "suicide",
    "suicidal",
    "kill myself",
    "killing myself",
    "end my life",
    "ending my life",
    "take my life",
    "self harm",
    "selfharm",
    "harm myself",
    "harming myself",
    "hurt myself",
    "hurting myself",
    "cut myself",
    "cutting myself",
    "want to die",
    "wanna die",
    "wish i was dead",
    "better off dead",
    "no reason to live",
    "dont want to live",
    "dont want to be here",
    "overdose",
    "overdosed",
    "overdosing",
    # Spanish (accents and case do not matter: `normalize` drops them on both sides). The seeded
    # Spanish promotions (core/seed_content/es/settings.toml [search_promotions]) are a subset.
    "suicidio",
    "suicidarme",
    "suicida",
    "matarme",
    "me quiero matar",
    "quiero morir",
    "quiero morirme",
    "me quiero morir",
    "quitarme la vida",
    "acabar con mi vida",
    "no quiero vivir",
    "no quiero seguir viviendo",
    "mejor muerto",
    "mejor muerta",
    "hacerme daño",
    "lastimarme",
    "me lastimo",
    "me hago daño",
    "cortarme",
    "me corto",
    "autolesion",
    "autolesiones",
    "sobredosis",
)
# Single crisis words are also matched with a typo or two ("sucide", "overdoze").
_CRISIS_WORDS = tuple(p for p in CRISIS_PHRASES if " " not in p)

# Everyday words for what the portal's pages call by a clinical name. Editors add their own
# in Settings → Portal settings → Search synonyms.
BUILT_IN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "depressed": ("depression", "low mood"),
    "depressing": ("depression", "low mood"),
    "sad": ("low mood", "depression"),
    "anxious": ("anxiety",),
    "worried": ("anxiety", "worry"),
    "worrying": ("anxiety", "worry"),
    "nervous": ("anxiety",),
    "panicking": ("panic",),
    "panicky": ("panic",),
    "insomnia": ("sleep",),
    "sleepless": ("sleep",),
    "traumatic": ("trauma", "ptsd"),
    "traumatised": ("trauma", "ptsd"),
    "traumatized": ("trauma", "ptsd"),
    "obsessive": ("ocd",),
    "compulsive": ("ocd",),
    "meds": ("medication",),
    "medicine": ("medication",),
    "pills": ("medication",),
    "counselling": ("counseling", "therapy"),
    "counseling": ("therapy",),
    "therapist": ("therapy",),
    "psychiatrist": ("psychiatry", "medication"),
    "drinking": ("alcohol", "substance use"),
    "drugs": ("substance use",),
    "manic": ("bipolar",),
    "mania": ("bipolar",),
    # Spanish, keys and words without accents (`normalize` drops them from the query; the
    # search backends fold them in the pages: SQLite's tokenizer, PostgreSQL's Spanish stemmer).
    "deprimido": ("depresion", "animo bajo"),
    "deprimida": ("depresion", "animo bajo"),
    "triste": ("depresion", "animo bajo"),
    "tristeza": ("depresion", "animo bajo"),
    "ansioso": ("ansiedad",),
    "ansiosa": ("ansiedad",),
    "nervios": ("ansiedad", "preocupacion"),
    "nervioso": ("ansiedad",),
    "nerviosa": ("ansiedad",),
    "angustia": ("ansiedad", "panico"),
    "preocupado": ("ansiedad", "preocupacion"),
    "preocupada": ("ansiedad", "preocupacion"),
    "insomnio": ("sueno",),
    "dormir": ("sueno",),
    "traumatico": ("trauma", "tept"),
    "obsesivo": ("toc",),
    "compulsivo": ("toc",),
    "pastillas": ("medicamentos",),
    "medicinas": ("medicamentos",),
    "psiquiatra": ("psiquiatria", "medicamentos"),
    "terapeuta": ("terapia",),
    "consejeria": ("terapia",),
    "soledad": ("aislamiento",),
}

_SUFFIXES = (
    *("ations", "ation", "ities", "ously", "ness", "ious", "ety", "ity"),
    *("ing", "ion", "ous", "ive", "ed", "es", "s"),
)
_MIN_STEM = 4
_FUZZY_CUTOFF = 0.8


def normalize(text: str) -> str:
    """Lower case, accents and apostrophes dropped, hyphens and other marks as spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch) and ch not in "'’")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def words(text: str) -> list[str]:
    return normalize(text).split()


def stem(word: str) -> str:
    """A light English stem, enough to meet "depressed" and "depression", "anxious" and
    "anxiety": one common suffix off, never leaving fewer than four letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def contains_phrase(query_words: list[str], phrase_words: list[str]) -> bool:
    size = len(phrase_words)
    stems = [stem(w) for w in phrase_words]
    return any([stem(w) for w in query_words[i : i + size]] == stems for i in range(len(query_words) - size + 1))


def signals_crisis(query: str, extra_phrases: Iterable[str] = ()) -> bool:
    """True when the query holds a crisis phrase: the built-in list plus `extra_phrases`
    (editors' promoted crisis queries), in any word form, single words with a typo or two."""
    query_words = words(query)
    if not query_words:
        return False
    joined = "".join(query_words)  # "self harm", "self-harm" and "selfharm" alike
    for phrase in (*CRISIS_PHRASES, *extra_phrases):
        phrase_words = words(phrase)
        if phrase_words and (contains_phrase(query_words, phrase_words) or "".join(phrase_words) == joined):
            return True
    return any(
        difflib.get_close_matches(word, _CRISIS_WORDS, n=1, cutoff=_FUZZY_CUTOFF)
        for word in query_words
        if len(word) >= 6
    )


def parse_synonyms(text: str) -> dict[str, tuple[str, ...]]:
    """Editors' synonyms, one line each: "word: other words, more words". Lines that don't
    parse are left out here; the settings form refuses them with a message first."""
    found: dict[str, tuple[str, ...]] = {}
    for line in (text or "").splitlines():
        word, colon, others = line.partition(":")
        alternatives = tuple(normalize(o) for o in others.split(",") if normalize(o))
        if colon and normalize(word) and alternatives:
            found[normalize(word)] = found.get(normalize(word), ()) + alternatives
    return found


def expand(query: str, *, vocabulary: Iterable[str], synonyms: dict[str, tuple[str, ...]]) -> list[str]:
    """The query's words plus what they may mean: synonyms (built-in and editors'), the
    vocabulary word with the same stem, or the closest vocabulary word for a typo.

    `vocabulary` is the words the portal uses (condition names, approach titles)."""
    table = {**BUILT_IN_SYNONYMS}
    for word, others in synonyms.items():
        table[word] = table.get(word, ()) + others
    known = sorted({w for term in vocabulary for w in words(term) if len(w) >= 3})
    by_stem: dict[str, str] = {}
    for word in known:
        by_stem.setdefault(stem(word), word)

    query_words = words(query)
    terms: list[str] = []

    def add(term: str) -> None:
        if term and term not in terms:
            terms.append(term)

    phrase = " ".join(query_words)
    for alternative in table.get(phrase, ()):
        add(alternative)
    for word in query_words:
        add(word)
        meanings = [word]
        if word not in known and len(word) >= 4:
            if stem(word) in by_stem:
                meanings.append(by_stem[stem(word)])
            else:
                meanings += difflib.get_close_matches(word, known, n=1, cutoff=_FUZZY_CUTOFF)
        for meaning in meanings:
            add(meaning)
            for alternative in table.get(meaning, ()):
                add(alternative)
    return terms
