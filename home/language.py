"""The language of a request: Django's locale middleware, for a site with addresses outside
the language prefixes.

Django answers a 404 at an address without ``/ar/`` or ``/en/`` by redirecting it to the same
address under the visitor's language whenever that one resolves, and the pages' catch-all route
resolves almost any (``/ar/api/v1/events/7``). The API lives outside the prefixes and answers
its own "not found" in JSON, so nothing under ``/api/`` is redirected.
"""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

NEVER_PREFIXED = ("/api/",)


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(NEVER_PREFIXED):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)
