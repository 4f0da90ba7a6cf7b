"""The sitemap lists every live public page in every language, not only the default tree.

The directory adds its own section (public organisations, networks and people)."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from network.sitemaps import DirectorySitemap


class AllLocalesPageSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        homes = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
        in_any_tree = Q()
        for home in homes:
            in_any_tree |= Q(path__startswith=home.path)
        return Page.objects.live().public().filter(in_any_tree).order_by("path").defer_streamfields().specific()


SITEMAPS = {"pages": AllLocalesPageSitemap, "directory": DirectorySitemap}
