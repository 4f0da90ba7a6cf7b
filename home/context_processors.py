"""What every page shows around its content, in the active language: the home page's address,
the menu, and the footer's publisher, contact and privacy link (the site's chrome settings).

Built once per site, language and page-cache generation (core.pagecache: any published change,
and any change to the settings, makes a new one) and kept in the shared cache, so a page asks
no query for it.
"""

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Site

from core import pagecache
from events.models import EventIndexPage
from events.translation import translation_of
from home.models import SiteChrome


def _home_for(site, language_code):
    root = site.root_page
    return translation_of(root, language_code, live=False) or root


def _chrome(site, language_code):
    home = _home_for(site, language_code)
    nav = []
    # The menu's pages as Wagtail's base pages: their title and address are all it shows, and
    # their kind comes from the content type Django keeps, so no query per kind of page.
    for child in home.get_children().live().in_menu():
        nav.append({"title": child.title, "url": child.url, "page_id": child.pk})
        if child.specific_class is EventIndexPage:  # None for a page whose model was removed
            nav.append({"title": _("Directory"), "url": reverse("network:directory")})
    chrome = SiteChrome.for_site(site)
    footer = {
        "publisher": chrome.display_publisher,
        "contact_email": chrome.contact_email,
        "privacy_url": chrome.privacy_url,
    }
    return {"site_home": {"url": home.url}, "site_nav": nav, "site_footer": footer}


def site_chrome(request):
    if request.path.startswith("/admin/"):
        return {}
    site = Site.find_for_request(request)
    if site is None:
        return {"site_home": None, "site_nav": [], "site_footer": {}}
    language_code = get_language() or "ar"
    return pagecache.remembered(f"chrome:{site.pk}:{language_code}", lambda: _chrome(site, language_code))
