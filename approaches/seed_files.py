"""The seed files (TOML beside this module) and the page fields they become: shared by the
first language's seed (approaches.seeding) and each translation's (approaches.seeding_translations)."""

import tomllib
from pathlib import Path

from approaches.blocks import ACCESS_TOPICS
from approaches.factories import stream

SEED_DIR = Path(__file__).resolve().parent / "seed_content"


def load_seed(name: str, seed_dir: Path = SEED_DIR) -> dict:
    with open(seed_dir / name, "rb") as fh:
        return tomllib.load(fh)


def load_approaches(seed_dir: Path = SEED_DIR) -> list[dict]:
    return [load_seed(p.relative_to(seed_dir), seed_dir) for p in sorted((seed_dir / "approaches").glob("*.toml"))]


def publish_snippet(snippet):
    """Give a reviewed snippet a published revision, as approving it in the workflow would."""
    snippet.save_revision().publish()
    snippet.refresh_from_db()
    return snippet


PAGE_FIELDS = (
    *("title", "summary", "decision", "is_demo_content"),
    *("is_not_now_option", "providers_note", "training_note"),
)


def approach_fields(data: dict, conditions: dict, provider_types: dict) -> dict:
    fields = {key: data[key] for key in PAGE_FIELDS if key in data}
    for key in ("pace_heading", "pace_text", "questions_intro", "review_interval_months"):
        if key in data:
            fields[key] = data[key]
    fields["session_items"] = stream("point", data.get("session_items", []))
    fields["good_fit_items"] = stream("point", data.get("good_fit_items", []))
    fields["not_fit_items"] = stream("point", data.get("not_fit_items", []))
    fields["questions"] = stream("question", data.get("questions", []))
    fields["safety_notes"] = stream(
        "safety_note",
        [
            {"text": note["text"], "urgent": note.get("urgent", False), "action": note.get("action", "")}
            for note in data.get("safety_notes", [])
        ],
    )
    if data.get("access"):
        fields["access"] = stream("access", [{key: data["access"].get(key, "") for key in ACCESS_TOPICS}])
    fields["sources"] = stream("source", [_source(row) for row in data.get("sources", [])])
    fields["outcomes"] = stream("outcome", [_outcome(row) for row in data.get("outcomes", [])])
    fields["conditions"] = [conditions[slug] for slug in data.get("conditions", [])]
    fields["provider_types"] = [provider_types[name] for name in data.get("provider_types", [])]
    return fields


def _source(row: dict) -> dict:
    return {key: row.get(key, "") for key in ("citation", "publisher", "year", "url", "guideline_id")}


def _outcome(row: dict) -> dict:
    keys = ("people", "outcome", "timeframe", "comparison_people", "comparison", "certainty", "source")
    return {**{key: row.get(key) for key in keys}, "sample_figures": row.get("sample_figures", True)}
