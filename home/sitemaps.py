"""The sitemap lists every live public page in every language, not only the default tree.

Other apps add their sections (directory pages) to ``SITEMAPS``."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap


class AllLocalesPageSitemap(Sitemap):
    def items(self):
        from wagtail.models import Page

        root = self.get_wagtail_site().root_page
        homes = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
        in_any_tree = Q()
        for home in homes:
            in_any_tree |= Q(path__startswith=home.path)
        return Page.objects.live().public().filter(in_any_tree).order_by("path").defer_streamfields().specific()


SITEMAPS = {"pages": AllLocalesPageSitemap}
