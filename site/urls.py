"""URLs: language-neutral machinery first, then every public page under /ar/ or /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from api.v1 import api
from events import widget
from home import account_views
from home import views as home_views
from home.sitemaps import SITEMAPS

handler404 = "home.views.page_not_found"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", home_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    # The events widget's frame: one address for every language (core.security lets any site
    # frame what is under /embed/).
    path("embed/events/", widget.frame, name="embed_events"),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", home_views.media),
    ]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("search/", home_views.search, name="search"),
    path("directory/", include("network.urls")),
    path("my/data/", account_views.my_data, name="my_data"),
    path("my/data.json", account_views.my_data_json, name="my_data_json"),
    path("my/delete/", account_views.delete_account, name="delete_account"),
    path("", include("api.urls")),
    path("", include("events.registrations.urls")),
    path("", include("events.attendance.urls")),
    path("", include("events.evaluation.urls")),
    path("", include("events.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
