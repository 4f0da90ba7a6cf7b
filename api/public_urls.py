"""No addresses at all: the URL configuration the public API's answers are finished with.

Django's LocaleMiddleware answers a 404 at an address without a language prefix by
redirecting to the same address under the visitor's language when that one resolves, and
the site's page route resolves almost any address (``/ar/api/v1/events/7/``). An event the API
does not know must stay a 404 in JSON, so its answer is finished (by that middleware and by
CommonMiddleware's trailing-slash check) against this empty configuration instead
(api/caching.py); the request itself was resolved against the site's.
"""

urlpatterns = []
