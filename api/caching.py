"""How the public API answers: in the request's language, from the site's page cache, readable
by any other site.

The answers are stored and invalidated by the page cache of the public pages
(core/pagecache.py), not by a scheme of their own: an anonymous request's answer is shared
like a page's, so a publish, a change in the directory or a withdrawn consent makes every
stored answer a miss at once, as it does for the pages. The cache gives each stored answer
an ``ETag`` (``If-None-Match`` then gets a 304); the answer says when it was made
(``Last-Modified``, which ``If-Modified-Since`` compares with), and that a client should ask
again before using a copy (``max-age=0, must-revalidate``: a repeated question costs a 304).

Language: ``lang`` when the request gives a language the site has, else the visitor's
(Accept-Language, as for any address without a language prefix). The page cache keeps one
entry per address and language.
"""

import functools

from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from api.errors import reworded
from api.schemas import LANGUAGE_CODES
from core import pagecache

# Read by pages of other sites from the visitor's browser: no cookie is needed or sent.
CORS_HEADERS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag"}


def requested_language(request):
    lang = request.GET.get("lang")
    return lang if lang in LANGUAGE_CODES else translation.get_language()


def public_answer(run):
    """Router decorator around Django Ninja's handling of a request, its refusals included
    (a value its types do not take is refused in the language asked for)."""

    @functools.wraps(run)
    def answer(request, *args, **kwargs):
        pagecache.share(request)
        language = requested_language(request)
        with translation.override(language):
            response = reworded(request, run(request, *args, **kwargs))
        response["Content-Language"] = language
        for name, value in CORS_HEADERS.items():
            response[name] = value
        patch_cache_control(response, max_age=0, must_revalidate=True)
        if response.status_code == 200:
            response["Last-Modified"] = http_date()
        return response

    return answer
