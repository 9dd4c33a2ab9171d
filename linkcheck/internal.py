"""This site's own links, checked in the process rather than over HTTP.

Why not fetch them from WAGTAILADMIN_BASE_URL like any other address: the job's machine need not
reach the public address (a cron host behind the load balancer, a CDN that caches a page that is
gone), the check would spend the site's own rate limits and workers, and a test server is not
there at all. What a patient meets is decided by the database anyway, and read the same way here
as Wagtail serves it: a path resolves through the project's URLs in its language, and a page
path is a live page's address (or a routable page's sub-path). A page or document chosen by id
is checked as that object, so one unpublished or deleted is caught even without an address.
"""

import urllib.parse

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from linkcheck.models import Kind, Outcome

WAGTAIL_SERVE = "wagtail_serve"


class Resolver:
    """One run's view of the site: which hosts are ours and which addresses are live pages.
    Built on first use and kept only for the run, so it never goes stale between runs."""

    def __init__(self):
        self._hosts = None
        self._paths = None

    @property
    def hosts(self) -> set[str]:
        if self._hosts is None:
            base = urllib.parse.urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc.lower()
            hosts = {base} if base else set()
            for site in Site.objects.all():
                hosts.add(f"{site.hostname}:{site.port}".lower())
                if site.port in (80, 443):
                    hosts.add(site.hostname.lower())
            self._hosts = hosts
        return self._hosts

    def is_internal(self, url: str) -> bool:
        parts = urllib.parse.urlsplit(url)
        return not parts.netloc or parts.netloc.lower() in self.hosts

    @property
    def paths(self) -> dict[str, tuple[int, bool]]:
        """A live page's path (its language prefix included) -> (page id, whether it is public)."""
        if self._paths is None:
            public = set(Page.objects.live().public().values_list("pk", flat=True))
            self._paths = {}
            for page in Page.objects.live().exclude(depth=1):
                parts = page.get_url_parts()
                if parts:
                    self._paths[parts[2]] = (page.pk, page.pk in public)
        return self._paths

    def check(self, key: tuple):
        kind, target = key
        if kind == "page":
            page = Page.objects.filter(pk=target).first()
            if page is None:
                return Outcome(Kind.NOT_FOUND, detail="The page was deleted.")
            if not page.live:
                return Outcome(Kind.NOT_FOUND, detail="The page is not published.")
            if not Page.objects.filter(pk=target).public().exists():
                return Outcome(Kind.CLIENT_ERROR, detail="The page is private: patients cannot open it.")
            return Outcome(Kind.OK)
        if kind == "document":
            if get_document_model().objects.filter(pk=target).exists():
                return Outcome(Kind.OK)
            return Outcome(Kind.NOT_FOUND, detail="The document was deleted.")
        return self.check_path(urllib.parse.urlsplit(target).path or "/")

    def check_path(self, path: str):
        language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
        with translation.override(language):
            match = _resolve(path)
            redirected = False
            if match is None and settings.APPEND_SLASH and not path.endswith("/"):
                path, redirected = path + "/", True  # CommonMiddleware redirects there
                match = _resolve(path)
            if match is None:
                return Outcome(Kind.NOT_FOUND, 404, "No such address on this site.")
            if match.url_name != WAGTAIL_SERVE:
                # One of the site's own views (the quiz, search...): it exists for every patient.
                return Outcome(Kind.REDIRECT if redirected else Kind.OK)
            return self._page_at(path, redirected)

    def _page_at(self, path: str, redirected: bool):
        if path in self.paths:
            _pk, public = self.paths[path]
            if not public:
                return Outcome(Kind.CLIENT_ERROR, detail="The page is private: patients cannot open it.")
            return Outcome(Kind.REDIRECT if redirected else Kind.OK)
        # A routable page (the quiz page's steps) answers paths below its own.
        owner = max((p for p in self.paths if path.startswith(p)), key=len, default=None)
        if owner is not None:
            page = Page.objects.get(pk=self.paths[owner][0]).specific
            if isinstance(page, RoutablePageMixin):
                try:
                    page.resolve_subpage("/" + path[len(owner) :])
                    return Outcome(Kind.OK)
                except (Http404, Resolver404):
                    pass
        return Outcome(Kind.NOT_FOUND, 404, "No live page at this address.")


def _resolve(path: str):
    try:
        return resolve(path)
    except Resolver404:
        return None
