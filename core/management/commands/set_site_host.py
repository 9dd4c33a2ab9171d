from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


class Command(BaseCommand):
    help = (
        "Point the default Site at the public address (WAGTAILADMIN_BASE_URL, or --url), so "
        "canonical links, og:url and the sitemap name it. Run at every deploy; safe to repeat."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", help="e.g. https://steadypath.example.org (default: WAGTAILADMIN_BASE_URL)")

    def handle(self, *args, url=None, **options):
        parts = urlsplit(url or settings.WAGTAILADMIN_BASE_URL)
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            raise CommandError(f"Not a public address: {url or settings.WAGTAILADMIN_BASE_URL!r}")
        hostname, port = parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme]
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default Site yet: run migrate (and seed_portal) first.")
        if (site.hostname, site.port) != (hostname, port):
            site.hostname, site.port = hostname, port
            site.save()  # saving a Site also moves the page cache on
        self.stdout.write(f"Site: {site.root_url}/")
