from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")

    def ready(self):
        # The site's sitemap collects a section from each app (home.sitemaps).
        from home.sitemaps import SITEMAPS
        from network.sitemaps import DirectorySitemap

        SITEMAPS.setdefault("directory", DirectorySitemap)
