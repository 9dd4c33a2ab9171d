"""Seeding “What matters to you”: the demo statements in each language with a seed file, and which
statements each seeded approach meets or conflicts with. Only adds what is missing."""

import tomllib
from pathlib import Path

from django.conf import settings
from wagtail.models import Locale

from approaches.models import ApproachPage
from core.site.seeding import SeedReport
from priorities.models import ApproachFit, FitRow, PriorityList, PriorityStatement

SEED_DIR = Path(__file__).resolve().parent / "seed_content"


def _load(path: Path) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def seed(report: SeedReport) -> None:
    data = _load(SEED_DIR / "statements.toml")
    english = seed_list(report, data)
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        path = SEED_DIR / code / "statements.toml"
        if code != english.locale.language_code and path.exists():
            seed_translation(report, english=english, language_code=code, words=_load(path))
    seed_fits(report, data["fits"])


def seed_list(report: SeedReport, data: dict) -> PriorityList:
    english = Locale.get_default()
    existing = PriorityList.objects.filter(locale=english).first()
    if existing is not None:
        return existing
    priority_list = PriorityList(title=data["title"], intro=data["intro"], locale=english, is_demo_content=True)
    priority_list.statements = [PriorityStatement(key=s["key"], text=s["text"]) for s in data["statements"]]
    priority_list.save()
    priority_list.save_revision().publish()
    report.created.append(f"priority list {priority_list.title}")
    return priority_list


def seed_translation(report: SeedReport, *, english: PriorityList, language_code: str, words: dict) -> None:
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None or PriorityList.objects.filter(translation_key=english.translation_key, locale=locale).exists():
        return
    statements = [
        PriorityStatement(key=s.key, text=words["statements"][s.key])
        for s in english.statements.all()
        if s.key in words["statements"]
    ]
    if len(statements) != english.statements.count():
        return  # the English names no longer match the seed file: leave the translation to editors
    twin = PriorityList(
        title=words["title"],
        intro=words["intro"],
        locale=locale,
        translation_key=english.translation_key,
        is_demo_content=True,
    )
    twin.statements = statements
    twin.save()
    twin.save_revision().publish()
    report.created.append(f"priority list {twin.title}")


def seed_fits(report: SeedReport, fits: dict) -> None:
    pages = {p.slug: p for p in ApproachPage.objects.filter(locale=Locale.get_default(), slug__in=list(fits))}
    done = set(ApproachFit.objects.filter(approach__in=list(pages.values())).values_list("approach_id", flat=True))
    for slug, effects in fits.items():
        page = pages.get(slug)
        if page is None or page.pk in done:
            continue  # "start-on-my-own" arrives with the decision-aid pages; it gets its rows then
        fit = ApproachFit(approach=page)
        fit.rows = [
            FitRow(statement_key=key, effect=effect)
            for effect in (FitRow.MEETS, FitRow.CONFLICTS)
            for key in effects.get(effect, [])
        ]
        fit.save()
        fit.save_revision().publish()
        report.created.append(f"what matters for {page.title}")
