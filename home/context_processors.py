"""Navigation shared by every page, resolved once per request for the active language."""

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale, Site


def _home_for(request, language_code):
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        return root
    return root.get_translation_or_none(locale) or root


def site_chrome(request):
    if request.path.startswith("/admin/"):
        return {}
    home = _home_for(request, get_language() or "ar")
    nav = []
    if home is not None:
        for child in home.get_children().live().in_menu().specific():
            nav.append({"title": child.title, "url": child.url, "page_id": child.pk})
            if child.specific_class.__name__ == "EventIndexPage":
                nav.append({"title": _("Directory"), "url": reverse("network:directory")})
    return {"site_home": home, "site_nav": nav}
