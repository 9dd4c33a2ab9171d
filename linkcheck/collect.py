"""Every link a patient can follow, and where it is: live pages, live snippets, Portal settings
and the Portal wording in each language.

Reads only. Each `Link` keeps its place (the page it is on, or a named source) and the admin
address where an editor fixes it. Links in crisis resources are `urgent`: the crisis chat
address and the quick exit in Portal settings, the crisis page itself, every link on the crisis
page (in each language) or on any page showing the crisis resources block, and the web
addresses in the wording around the crisis numbers.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from wagtail import blocks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, Page
from wagtail.snippets.models import get_snippet_models

from approaches.blocks import CrisisResourcesBlock
from core.models import PortalSettings, PortalWording
from core.models.wording import WORDING_FIELDS
from core.site.selectors import live_wording, portal_info
from core.templatetags.portal_tags import bare_web_addresses

# The wording fields shown inside the crisis resources (templates/includes/crisis_resources.html).
CRISIS_WORDING = ("crisis_line_name", "crisis_language_call", "crisis_language_text", "outside_us_text")
# Portal settings fields that are links, and whether each is a crisis resource. The quick exit
# is how someone in danger leaves the site at once: as urgent as the chat.
SETTINGS_URLS = {"crisis_chat_url": True, "quick_exit_url": True}
SETTINGS_PAGES = {"crisis_page": True, "credentials_page": False, "quiz_page": False}


@dataclass(frozen=True)
class Link:
    url: str  # what a patient follows; for a chosen page, its live address
    source: str  # where it is, in words an editor recognises
    edit_url: str = ""
    page_id: int | None = None  # the page it is on, for the page's own panel and counts
    urgent: bool = False
    # A page chosen by id (a page chooser, a rich-text page link): checked as that page, so a
    # page that is unpublished or deleted is caught even when it has no address any more.
    target_page_id: int | None = None
    target_document_id: int | None = None

    @property
    def key(self) -> tuple:
        """What is checked: each key once per run, however many places hold it."""
        if self.target_page_id:
            return ("page", self.target_page_id)
        if self.target_document_id:
            return ("document", self.target_document_id)
        return ("url", self.url.strip())


def collect_links() -> list[Link]:
    found = [*page_links(), *snippet_links(), *settings_links(), *wording_links()]
    return list(dict.fromkeys(found))  # the same link twice in one place counts once


# --- Where links are kept ----------------------------------------------------------------


class _Anchors(HTMLParser):
    """The links in Wagtail's stored rich text: `<a href>` for addresses, `<a linktype="page"
    id>` and `<a linktype="document" id>` for what was chosen."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, object]] = []

    def handle_starttag(self, tag, attrs):
        if tag != "a":
            return
        attrs = dict(attrs)
        kind = attrs.get("linktype")
        if kind in ("page", "document") and (attrs.get("id") or "").isdigit():
            self.found.append((kind, int(attrs["id"])))
        elif attrs.get("href"):
            self.found.append(("url", attrs["href"]))


def rich_text_targets(html: str) -> list[tuple[str, object]]:
    parser = _Anchors()
    parser.feed(html or "")
    parser.close()
    return parser.found


def block_targets(block, value) -> Iterator[tuple[str, object]]:
    """Walk a StreamField value with its block definitions, down through structs and lists."""
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from block_targets(child.block, child.value)
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from block_targets(block.child_block, item)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from block_targets(child, value.get(name))
    elif isinstance(block, blocks.RichTextBlock):
        yield from rich_text_targets(value.source)
    elif isinstance(block, blocks.URLBlock) and value:
        yield ("url", value)
    elif isinstance(block, blocks.PageChooserBlock):
        yield ("page", value.pk)
    elif isinstance(block, DocumentChooserBlock):
        yield ("document", value.pk)


def has_crisis_block(block, value) -> bool:
    if isinstance(block, blocks.StreamBlock) and value is not None:
        return any(isinstance(c.block, CrisisResourcesBlock) or has_crisis_block(c.block, c.value) for c in value)
    return False


def object_targets(obj) -> Iterator[tuple[str, object]]:
    """Links in an object's own link-bearing fields: URL fields, rich text and StreamFields."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(field, StreamField):
            yield from block_targets(field.stream_block, value)
        elif isinstance(field, RichTextField):
            yield from rich_text_targets(value)
        elif isinstance(field, models.URLField) and value:
            yield ("url", value)


def _link(kind, target, **place) -> Link | None:
    if kind == "page":
        page = Page.objects.filter(pk=target).first()
        url = (page.full_url if page and page.live else "") or f"Page {target}" + (f" “{page.title}”" if page else "")
        return Link(url=url, target_page_id=target, **place)
    if kind == "document":
        return Link(url=f"Document {target}", target_document_id=target, **place)
    url = (target or "").strip()
    # A web address or a path on this site; not tel:, sms:, mailto: or a jump within the page.
    if url.startswith("//"):
        url = f"https:{url}"
    if not url.startswith(("http://", "https://", "/")):
        return None
    return Link(url=url, **place)


# --- Pages ---------------------------------------------------------------------------------


def urgent_page_ids() -> set[int]:
    """The crisis page in every language."""
    crisis = PortalSettings.load().crisis_page
    if crisis is None:
        return set()
    return set(crisis.get_translations(inclusive=True).values_list("pk", flat=True))


def page_links() -> Iterator[Link]:
    urgent = urgent_page_ids()
    for page in Page.objects.live().specific().order_by("path"):
        crisis_block = any(
            has_crisis_block(f.stream_block, getattr(page, f.attname))
            for f in page._meta.concrete_fields
            if isinstance(f, StreamField)
        )
        place = {
            "source": f"Page: {page.title} ({page.locale.language_code})",
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            "page_id": page.pk,
            "urgent": page.pk in urgent or crisis_block,
        }
        for kind, target in object_targets(page):
            link = _link(kind, target, **place)
            if link:
                yield link


# --- Snippets, settings, wording -----------------------------------------------------------


def snippet_links() -> Iterator[Link]:
    """Links in live snippets: their link fields, and the web addresses typed into their text.
    Snippets keep patient wording as plain text (a condition's description), where an address
    is how an editor points patients elsewhere."""
    finder = AdminURLFinder()
    for model in get_snippet_models():
        if model is PortalWording:
            continue  # read below, in each language as patients meet it
        rows = model.objects.all()
        rows = rows.filter(live=True) if issubclass(model, DraftStateMixin) else rows
        text_fields = [f for f in model._meta.concrete_fields if _is_plain_text(f)]
        for row in rows:
            place = {"source": f"{model._meta.verbose_name.capitalize()}: {row}", "edit_url": _edit(finder, row)}
            typed = [("url", a) for f in text_fields for a in bare_web_addresses(getattr(row, f.attname))]
            for kind, target in [*object_targets(row), *typed]:
                link = _link(kind, target, **place)
                if link:
                    yield link


def _is_plain_text(field) -> bool:
    return (
        isinstance(field, (models.CharField, models.TextField))
        and not isinstance(field, (models.SlugField, models.URLField, RichTextField))
        and not field.choices
    )


def settings_links() -> Iterator[Link]:
    portal = PortalSettings.load()
    edit_url = reverse("wagtailsettings:edit", args=["core", "portalsettings"])
    for name, urgent in SETTINGS_URLS.items():
        value = getattr(portal, name)
        if value:
            label = PortalSettings._meta.get_field(name).verbose_name
            yield Link(url=value, source=f"Portal settings: {label}", edit_url=edit_url, urgent=urgent)
    for name, urgent in SETTINGS_PAGES.items():
        page = getattr(portal, name)
        if page is None:
            continue
        label = PortalSettings._meta.get_field(name).verbose_name
        # Patients in each language follow that language's version (core.site.selectors._page_url).
        for version in page.get_translations(inclusive=True).select_related("locale"):
            place = {"source": f"Portal settings: {label} ({version.locale.language_code})", "edit_url": edit_url}
            yield _link("page", version.pk, urgent=urgent, **place)


def wording_links() -> Iterator[Link]:
    """Web addresses in the wording patients read, in each language: the published row, or the
    English or built-in wording patients fall back to (core.site.selectors.portal_info)."""
    finder = AdminURLFinder()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            info = portal_info()
            row = live_wording(code)
        edit_url = _edit(finder, row) if row else reverse(PortalWording.snippet_viewset.get_url_name("list"))
        # Named after the row patients read: a language without its own reads the English one.
        which = row.locale.language_code if row else f"built-in, {code}"
        for name in WORDING_FIELDS:
            for address in bare_web_addresses(getattr(info, name)):
                label = PortalWording._meta.get_field(name).verbose_name
                yield Link(
                    url=address,
                    source=f"Portal wording ({which}): {label}",
                    edit_url=edit_url,
                    urgent=name in CRISIS_WORDING,
                )


def _edit(finder, obj) -> str:
    return finder.get_edit_url(obj) or ""
