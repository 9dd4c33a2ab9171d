"""The sitemap, every language.

Wagtail's sitemap lists the site's root page and its descendants only; the Spanish home is a
sibling of the English one (a translation of the site's root page), so its tree would be left out.
"""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class LocalizedSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Q()
        for home in root.get_translations(inclusive=True):
            roots |= Q(path__startswith=home.path)
        return Page.objects.filter(roots).live().public().order_by("path").defer_streamfields().specific()
