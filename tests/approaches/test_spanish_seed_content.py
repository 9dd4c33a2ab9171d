"""The Spanish demo content (issue 17) mirrors the English seed files, so a seeder can pair
every Spanish record with the English one it translates.

No database: the seed files are read with tomllib, and the English Portal settings wording
is PortalSettings' field defaults. Each English seed file must have a Spanish twin under `es/`
with the same keys, list lengths, order and reference values (slugs, question and option
keys, weights, flags); every string a patient reads must be filled in and actually
translated, with the same crisis placeholders and no phone number the English lacks.
"""

import re
import tomllib
from pathlib import Path

import pytest
from django.core.validators import RegexValidator
from django.db import models

from approaches.seeding import CRISIS_PROMOTION_TEXT, CRISIS_PROMOTIONS
from core.models import PortalSettings, PortalWording

ROOT = Path(__file__).resolve().parents[2]
SEED_DIRS = [ROOT / "approaches" / "seed_content", ROOT / "quiz" / "seed_content"]
SETTINGS_ES = ROOT / "core" / "seed_content" / "es" / "settings.toml"
UNREVIEWED_COMMENT = "TRANSLATION NOT YET CLINICALLY REVIEWED"

# English seed files that need no Spanish twin, and why.
NO_TWIN = {
    "quiz/seed_content/demo_test_cases.toml": "clinicians' checks, naming question and answer keys only",
}

# Keys whose values are wording a patient reads: translated.
TEXT_KEYS = {
    "title", "intro", "text", "help_text", "label", "name", "description", "summary",
    "providers_note", "training_note", "patient_text", "heading", "body", "value", "action",
    "referral", "cost", "waits", "telehealth",
    "session_items", "good_fit_items", "not_fit_items", "questions", "privacy_note",
    "decision", "outcome", "timeframe", "comparison", "authorship", "funding", "conflicts", "update_policy",
}  # fmt: skip
# Keys whose values are references, structure or flags: identical in both languages.
# `provider_types` lists English names and `conditions` English slugs on purpose: they are
# the keys the seeder looks records up by.
REFERENCE_KEYS = {
    "key", "jump_to", "approaches", "support", "at_least", "is_crisis", "allow_multiple",
    "required", "conditions", "provider_types", "credentials", "type", "level", "kind", "role",
    "is_demo_content", "review_interval_months", "rank", "is_urgent", "urgent",
    "is_not_now_option", "year", "guideline_id", "people", "comparison_people", "certainty", "source",
    "sample_figures", "approach", "first_name",
}  # fmt: skip
# A source's description: the Spanish page may cite the same English document or that
# publisher's own Spanish edition (MedlinePlus en español), so either is right; never empty.
SOURCE_KEYS = {"citation", "publisher", "url"}
# Proper nouns that read the same in Spanish.
SAME_IN_BOTH = {"Steady Path"}

PLACEHOLDER = re.compile(r"\{(\w+)\}")
NUMBER = re.compile(r"\d+")
DOMAIN = re.compile(r"\b[\w-]+\.(?:com|org|gov)\b")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def english_seed_files() -> list[Path]:
    return sorted(
        path
        for seed_dir in SEED_DIRS
        for path in seed_dir.rglob("*.toml")
        if "es" not in path.relative_to(seed_dir).parts
    )


def spanish_seed_files() -> list[Path]:
    return sorted(path for seed_dir in SEED_DIRS for path in (seed_dir / "es").rglob("*.toml"))


def twin_of(english: Path) -> Path:
    seed_dir = next(d for d in SEED_DIRS if english.is_relative_to(d))
    return seed_dir / "es" / english.relative_to(seed_dir)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def load(path: Path) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


PAIRED = [path for path in english_seed_files() if rel(path) not in NO_TWIN]


def text_problems(where: str, en: str, es: str) -> list[str]:
    """Why `es` is not a finished translation of `en` (nothing when it is)."""
    problems = []
    if not es.strip():
        problems.append(f"{where}: empty")
    elif es == en and en not in SAME_IN_BOTH:
        problems.append(f"{where}: still the English text {en!r}")
    if set(PLACEHOLDER.findall(es)) != set(PLACEHOLDER.findall(en)):
        problems.append(
            f"{where}: placeholders {PLACEHOLDER.findall(es)} but the English has {PLACEHOLDER.findall(en)}"
        )
    if sorted(NUMBER.findall(es)) != sorted(NUMBER.findall(en)):
        problems.append(f"{where}: numbers {NUMBER.findall(es)} but the English has {NUMBER.findall(en)}")
    if set(DOMAIN.findall(es)) != set(DOMAIN.findall(en)):
        problems.append(f"{where}: web addresses differ from the English")
    return problems


def compare(en, es, where: str, key: str | None = None) -> list[str]:
    """Every difference between an English record and its Spanish twin that breaks the pairing."""
    records = isinstance(en, list) and any(isinstance(item, dict) for item in en)
    if key in REFERENCE_KEYS and not records:  # `conditions.toml` holds records under "conditions"
        return [] if es == en else [f"{where}: {es!r} should be the English {en!r}"]
    if isinstance(en, dict):
        if not isinstance(es, dict):
            return [f"{where}: should be a table"]
        problems = []
        extra = set(es) - set(en) - {"source_slug"}
        missing = set(en) - set(es)
        problems += [f"{where}.{k}: missing" for k in sorted(missing)]
        problems += [f"{where}.{k}: not in the English file" for k in sorted(extra)]
        for k in sorted(set(en) & set(es)):
            if k == "slug":
                problems += slug_problems(en, es, f"{where}.slug")
            else:
                problems += compare(en[k], es[k], f"{where}.{k}", k)
        return problems
    if isinstance(en, list):
        if not isinstance(es, list) or len(es) != len(en):
            return [f"{where}: {len(es) if isinstance(es, list) else es!r} items, the English has {len(en)}"]
        return [
            p
            for i, (a, b) in enumerate(zip(en, es, strict=True))
            for p in compare(a, b, f"{where}[{i}]", None if records else key)
        ]
    if isinstance(en, str):
        if key in SOURCE_KEYS:
            return [] if isinstance(es, str) and es.strip() else [f"{where}: empty"]
        if key not in TEXT_KEYS:
            return [f"{where}: unknown key {key!r}; add it to TEXT_KEYS or REFERENCE_KEYS"]
        if not isinstance(es, str):
            return [f"{where}: should be text"]
        return text_problems(where, en, es)
    return [] if es == en else [f"{where}: {es!r} should be the English {en!r}"]


def slug_problems(en: dict, es: dict, where: str) -> list[str]:
    """A page (a record with `source_slug`) gets a Spanish slug; any other slug is a reference."""
    if "source_slug" not in es:
        return [] if es["slug"] == en["slug"] else [f"{where}: {es['slug']!r} should be the English {en['slug']!r}"]
    problems = []
    if es["source_slug"] != en["slug"]:
        problems.append(f"{where}: source_slug {es['source_slug']!r} is not the English slug {en['slug']!r}")
    if not SLUG.match(es["slug"]) or es["slug"] == en["slug"]:
        problems.append(f"{where}: {es['slug']!r} is not a Spanish ASCII slug")
    return problems


@pytest.mark.parametrize("english", english_seed_files(), ids=rel)
def test_every_english_seed_file_has_a_spanish_twin(english):
    assert rel(english) in NO_TWIN or twin_of(english).is_file(), f"{rel(twin_of(english))} is missing"


def test_there_are_spanish_twins_of_the_ten_approach_pages_and_no_orphans():
    english = {twin_of(path) for path in PAIRED}
    assert len([p for p in english if p.parent.name == "approaches"]) == 10
    assert set(spanish_seed_files()) == english


@pytest.mark.parametrize("english", PAIRED, ids=rel)
def test_the_spanish_twin_pairs_record_by_record_with_the_english(english):
    es = load(twin_of(english))
    es.pop("translation", None)
    assert compare(load(english), es, rel(english)) == []


@pytest.mark.parametrize("spanish", [*map(twin_of, PAIRED), SETTINGS_ES], ids=rel)
def test_every_spanish_file_says_it_is_a_translation_not_yet_clinically_reviewed(spanish):
    data = load(spanish)
    assert data["translation"]["language"] == "es"
    assert data["translation"]["clinically_reviewed"] is False
    assert data["translation"]["note"].strip()
    assert UNREVIEWED_COMMENT in spanish.read_text(encoding="utf-8")


def test_the_spanish_page_slugs_are_all_different():
    seed = ROOT / "approaches" / "seed_content" / "es"
    pages = load(seed / "pages.toml")
    slugs = [pages["index"]["slug"], pages["about_information"]["slug"], *(page["slug"] for page in pages["pages"])]
    slugs += [load(path)["slug"] for path in sorted((seed / "approaches").glob("*.toml"))]
    slugs.append(load(ROOT / "quiz" / "seed_content" / "es" / "demo_quiz.toml")["page"]["slug"])
    assert len(slugs) == len(set(slugs)) == 16


def test_the_medication_page_translation_keeps_the_reviewed_flags_of_the_english_page():
    english = ROOT / "approaches" / "seed_content" / "approaches" / "01-medication-management.toml"
    en, es = load(english), load(twin_of(english))
    assert (es["is_demo_content"], es["review_interval_months"]) == (
        en["is_demo_content"],
        en["review_interval_months"],
    )
    assert es["translation"]["source"] == "approaches/01-medication-management.toml"


def test_a_missing_or_untranslated_key_is_reported():
    en = {"questions": [{"key": "safety", "text": "Are you safe?", "options": [{"key": "safe", "label": "Yes"}]}]}
    es = {"questions": [{"key": "seguro", "text": "Are you safe?", "options": []}]}
    assert compare(en, es, "quiz") == [
        "quiz.questions[0].key: 'seguro' should be the English 'safety'",
        "quiz.questions[0].options: 0 items, the English has 1",
        "quiz.questions[0].text: still the English text 'Are you safe?'",
    ]
    assert compare({"action": "Call {emergency_number}."}, {"action": "Llame al 911."}, "note") == [
        "note.action: placeholders [] but the English has ['emergency_number']",
        "note.action: numbers ['911'] but the English has []",
    ]


def wording_fields() -> dict[str, models.Field]:
    """Text fields a patient reads (Portal wording, and the search synonyms of Portal settings),
    with their English default: not numbers (validated by a pattern) and not web addresses.
    988's Spanish options have their own table (below)."""
    fields = [*PortalWording._meta.get_fields(), PortalSettings._meta.get_field("search_synonyms")]
    return {
        field.name: field
        for field in fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.URLField)
        and not any(isinstance(v, RegexValidator) for v in field.validators)
        and field.name not in ("crisis_language_call", "crisis_language_text")
        and field.editable
    }


def test_the_spanish_settings_word_every_patient_facing_setting():
    fields = wording_fields()
    es = load(SETTINGS_ES)["portal_settings"]
    with_default = {name for name, field in fields.items() if isinstance(field.default, str) and field.default}
    assert with_default <= set(es), f"missing: {sorted(with_default - set(es))}"
    assert set(es) <= set(fields), f"not PortalSettings wording fields: {sorted(set(es) - set(fields))}"
    problems = [p for name in sorted(with_default) for p in text_problems(name, fields[name].default, es[name])]
    problems += [
        f"{name}: longer than {fields[name].max_length}"
        for name in es
        if len(es[name]) > (fields[name].max_length or 10**6)
    ]
    assert problems == []
    # The synonyms go through the same check as an editor's.
    PortalSettings(search_synonyms=es.get("search_synonyms", "")).clean()


def test_the_988_spanish_options_are_editable_text_with_the_numbers_as_placeholders():
    options = load(SETTINGS_ES)["crisis_spanish_options"]
    assert "{crisis_line_number}" in options["call"]
    assert "{crisis_text_number}" in options["text"] and "AYUDA" in options["text"]
    assert [n for text in options.values() for n in NUMBER.findall(text) if len(n) > 1] == []


def test_the_spanish_crisis_search_promotions_match_the_english_ones():
    promotions = load(SETTINGS_ES)["search_promotions"]
    assert len(promotions["phrases"]) == len(CRISIS_PROMOTIONS)
    assert all(phrase.strip() for phrase in promotions["phrases"])
    assert text_problems("description", CRISIS_PROMOTION_TEXT, promotions["description"]) == []
