"""Seeding the demo's personal stories (seed_content/stories.toml and each language's twin).

Each story is made once: its translation key comes from its approach's slug, so running the seed
again, or after an editor changed the text, adds nothing. Demo stories are marked as written for
the demo, with consent recorded as the portal team's, so that they show as a real story would.
"""

import datetime
import uuid
from pathlib import Path

from wagtail.models import Locale

from approaches.models import ApproachPage, Story
from core.site.seeding import SeedReport

# Fixed, so that the same story gets the same key on every site (and its translations find it).
_KEYS = uuid.UUID("5b7f3c2e-8f0d-4a57-9a55-3d1c1f2b9e41")
DEMO_CONSENT = {
    "consent_given": True,
    "consent_date": datetime.date(2026, 1, 5),
    "consent_recorded_by": "Steady Path team, for the demo (no real person)",
    "is_demo_content": True,
}


def story_key(approach_slug: str) -> uuid.UUID:
    return uuid.uuid5(_KEYS, f"story:{approach_slug}")


def seed_stories(report: SeedReport, *, seed_dir: Path, languages: list[str]) -> None:
    from approaches.seed_files import load_seed, publish_snippet

    if not (seed_dir / "stories.toml").is_file():
        return
    english = Locale.get_default()
    rows = load_seed("stories.toml", seed_dir)["stories"]
    made = {}
    for row in rows:
        page = ApproachPage.objects.filter(slug=row["approach"], locale=english).first()
        if page is None:
            continue
        key = story_key(row["approach"])
        story = Story.objects.filter(translation_key=key, locale=english).first()
        if story is None:
            story = Story(
                translation_key=key,
                locale=english,
                approach=page,
                text=row["text"].strip(),
                first_name=row.get("first_name", ""),
                **DEMO_CONSENT,
            )
            story.save()
            publish_snippet(story)
            report.created.append(f"story on {page.url_path}")
        made[row["approach"]] = (story, page)
    for code in languages:
        twin_file = seed_dir / code / "stories.toml"
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None or not twin_file.is_file():
            continue
        translated_rows = load_seed("stories.toml", twin_file.parent)["stories"]
        for row, translated in zip(rows, translated_rows, strict=True):
            if row["approach"] not in made:
                continue
            story, page = made[row["approach"]]
            page_twin = page.get_translation_or_none(locale)
            if page_twin is None or story.get_translation_or_none(locale) is not None:
                continue
            twin = story.copy_for_translation(locale)
            twin.text, twin.approach = translated["text"].strip(), page_twin
            twin.save()
            publish_snippet(twin)
            report.created.append(f"story on {page_twin.url_path} ({code})")
