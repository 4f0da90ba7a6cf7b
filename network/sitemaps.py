"""The directory's pages in the sitemap, in every language: public organisations and
networks, and people who agreed to a public profile. Nobody else, and nothing but addresses."""

from itertools import chain

from django.contrib.sitemaps import Sitemap

from network.models import Network, Organisation, Person


class DirectorySitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "weekly"

    def items(self):
        records = (
            Organisation.objects.public().only("pk", "slug").order_by("pk"),
            Network.objects.public().only("pk", "slug").order_by("pk"),
            Person.objects.public().only("pk", "slug", "public_profile").order_by("pk"),
        )
        return list(chain(*records))

    def location(self, record):
        return record.get_absolute_url()
