"""The language of a request: Django's locale middleware, for a site with addresses outside
the language prefixes.

Django answers a 404 at an address without ``/ar/`` or ``/en/`` by redirecting it to the same
address under the visitor's language whenever that one resolves, and the pages' catch-all route
resolves almost any (``/ar/api/v1/events/7``). The API lives outside the prefixes and answers
its own "not found" in JSON, so nothing under ``/api/`` is redirected.

An admin address that finds nothing (an unknown event's report) is sent to the "not found"
page in the language the signed-in staff member chose in the admin: Wagtail sets it only while
its view runs, so the browser's language would decide.
"""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from wagtail.users.models import UserProfile

NEVER_PREFIXED = ("/api/",)


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(NEVER_PREFIXED):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        user = getattr(request, "user", None)  # none when a middleware answered before authentication
        if response.status_code == 404 and request.path_info.startswith("/admin/") and user and user.is_authenticated:
            translation.activate(UserProfile.get_for_user(user).get_preferred_language())
        return super().process_response(request, response)
