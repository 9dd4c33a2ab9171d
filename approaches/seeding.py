"""Seeding approach content: the home page, approaches, standard pages and snippets from seed_content/.

Seeding only ever adds what is missing. It never overwrites a page, snippet or setting an
editor may have changed, so running it again on a live site is safe.
"""

from pathlib import Path

from django.conf import settings
from wagtail.models import Locale, Page, Site

from approaches import factories
from approaches.models import ApproachIndexPage, Condition, HomePage, ProviderType
from approaches.seed_files import SEED_DIR, approach_fields, load_approaches, load_seed, publish_snippet
from approaches.seeding_stories import seed_stories
from approaches.seeding_translations import seed_language
from core.models import PortalSettings
from core.site.seeding import SeedReport, link_settings_pages

CORE_SEED_DIR = Path(__file__).resolve().parent.parent / "core" / "seed_content"


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _ensure_child(report: SeedReport, parent: Page, factory, *, slug: str, **fields) -> Page:
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = factory.create(parent=parent, slug=slug, **fields)
    report.created.append(f"page {page.url_path}")
    return _publish(page)


def _ensure_home(report: SeedReport, data: dict) -> HomePage:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        # A fresh Wagtail install ships a placeholder "Welcome" page; replace it if untouched.
        placeholder = root.get_children().filter(slug="home", content_type__model="page").first()
        if placeholder is not None and not placeholder.get_children().exists():
            placeholder.delete()
        home = _ensure_child(report, root, factories.HomePageFactory, slug="home", **data)
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Steady Path"
        )
        report.created.append("default site")
    elif site.root_page_id != home.id:
        site.root_page = home
        site.site_name = site.site_name or "Steady Path"
        site.save()
        report.created.append("default site now points at the home page")
    return home


def _ensure_snippets(report: SeedReport, seed_dir: Path):
    conditions = {}
    # English rows only: their translations share the slug (approaches.seeding_translations).
    english = Locale.get_default()
    for row in load_seed("conditions.toml", seed_dir)["conditions"]:
        condition, created = Condition.objects.get_or_create(
            slug=row["slug"], locale=english, defaults={"name": row["name"], "description": row["description"]}
        )
        if created:
            publish_snippet(condition)
            report.created.append(f"condition {condition.name}")
        conditions[condition.slug] = condition
    provider_types = {}
    for row in load_seed("provider_types.toml", seed_dir)["provider_types"]:
        provider_type, created = ProviderType.objects.get_or_create(
            name=row["name"],
            locale=english,
            defaults={"credentials": row.get("credentials", ""), "description": row["description"]},
        )
        if created:
            publish_snippet(provider_type)
            report.created.append(f"provider type {provider_type.name}")
        provider_types[provider_type.name] = provider_type
    return conditions, provider_types


# Searches promoted to the crisis page on a new site; editors add more (or remove these) under
# Settings → Promoted search results. approaches.search.CRISIS_PHRASES is the built-in list
# that works whatever editors do.
CRISIS_PROMOTIONS = ("suicide", "kill myself", "self harm", "want to die", "overdose")
CRISIS_PROMOTION_TEXT = (
    "Call or text {crisis_line_number} ({crisis_line_name}), any time. In immediate danger, call {emergency_number}."
)


def ensure_crisis_promotions(
    report: SeedReport,
    crisis_page: Page | None,
    phrases: tuple[str, ...] = CRISIS_PROMOTIONS,
    text: str = CRISIS_PROMOTION_TEXT,
) -> None:
    """Promote the crisis page for the built-in crisis searches: a query that already has a
    promotion in the crisis page's language (the seeded one, or an editor's) is left as it is."""
    from django.db.models import Q
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    if crisis_page is None:
        return
    same_language = Q(page__locale_id=crisis_page.locale_id) | Q(page__isnull=True)
    for phrase in phrases:
        query, _ = Query.objects.get_or_create(query_string=phrase)
        if not query.editors_picks.filter(same_language).exists():
            SearchPromotion.objects.create(query=query, page=crisis_page, description=text, sort_order=0)
            report.created.append(f"search promotion “{phrase}” → {crisis_page.url_path}")


def ensure_translated_crisis_promotions(report: SeedReport, crisis_page: Page | None, language_code: str) -> None:
    """The same for a language's twin of the crisis page, with that language's phrases and text
    from core/seed_content/<language>/settings.toml [search_promotions]."""
    seed_file = CORE_SEED_DIR / language_code / "settings.toml"
    locale = Locale.objects.filter(language_code=language_code).first()
    if crisis_page is None or locale is None or not seed_file.is_file():
        return
    twin = crisis_page.get_translation_or_none(locale)
    promotions = load_seed(seed_file.name, seed_file.parent).get("search_promotions", {})
    if twin is not None and twin.live and promotions.get("phrases"):
        ensure_crisis_promotions(report, twin, tuple(promotions["phrases"]), promotions["description"])


def seed(report: SeedReport, *, seed_dir: Path = SEED_DIR) -> None:
    """Snippets, the home page and default site, the approaches and the standard pages."""
    pages = load_seed("pages.toml", seed_dir)

    conditions, provider_types = _ensure_snippets(report, seed_dir)
    home = _ensure_home(report, pages["home"])

    index_data = dict(pages["index"])
    index = ApproachIndexPage.objects.child_of(home).first() or _ensure_child(
        report, home, factories.ApproachIndexPageFactory, slug=index_data.pop("slug"), **index_data
    )
    for data in load_approaches(seed_dir):
        fields = approach_fields(data, conditions, provider_types)
        _ensure_child(report, index, factories.ApproachPageFactory, slug=data["slug"], **fields)

    if "about_information" in pages:
        about = dict(pages["about_information"])
        _ensure_child(report, home, factories.AboutInformationPageFactory, slug=about.pop("slug"), **about)

    pages_by_role = {}
    for data in pages["pages"]:
        data = dict(data)
        role = data.pop("role", None)
        page = _ensure_child(report, home, factories.StandardPageFactory, **data)
        if role:
            pages_by_role[role] = page
    link_settings_pages(report, pages_by_role)
    ensure_crisis_promotions(report, PortalSettings.load().crisis_page)

    # Each other language with seed files (seed_content/es/, ...) gets its twins of the above.
    others = []
    for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code != Locale.get_default().language_code and (seed_dir / code).is_dir():
            seed_language(report, language_code=code, english_dir=seed_dir, seed_dir=seed_dir / code)
            ensure_translated_crisis_promotions(report, PortalSettings.load().crisis_page, code)
            others.append(code)
    # Last: a story is shown on an approach page, in each language that page has.
    seed_stories(report, seed_dir=seed_dir, languages=others)
