"""Addresses of the long lists of a page: the same route reversed for many records.

Django's ``reverse`` walks the URL resolver each time it is asked (a directory link costs
over a tenth of a millisecond), and an agenda of 40 sessions with 60 speakers asks it about
150 times per page. ``reverse_one`` reverses a route once per language with a placeholder in
place of its one argument, then writes each record's value into that address; a value the
placeholder cannot stand for (one with a slash, one the route might refuse) is reversed the
usual way, so the answer is always ``reverse``'s own.
"""

import re
from urllib.parse import quote

from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language

# Digits are accepted by every converter the site uses (str, slug, unicode_slug, int, record_id).
PLACEHOLDER = "4096409640964096"
DIGITS = re.compile(r"[0-9]{1,18}")
ASCII_WORD = re.compile(r"[-a-zA-Z0-9_]+")
WORD = re.compile(r"[-\w]+")
# What Django's reverse leaves unquoted in a path (django.urls.resolvers), the slash aside.
SAFE = RFC3986_SUBDELIMS + "~:@"

_patterns = {}


def _pattern(name, key):
    """(address with the placeholder, accepts ASCII words, accepts any word) for this route,
    language and script prefix; None when the placeholder cannot stand for the argument."""
    resolver = get_resolver(get_urlconf())
    cache_key = (name, key, get_language(), get_script_prefix(), id(resolver))
    if cache_key not in _patterns:
        found = None
        try:
            address = reverse(name, kwargs={key: PLACEHOLDER})
        except NoReverseMatch:
            address = ""
        if address.count(PLACEHOLDER) == 1:
            found = (address, _accepts(name, key, "zq-_"), _accepts(name, key, "زق-_"))
        _patterns[cache_key] = found
    return _patterns[cache_key]


def _accepts(name, key, value):
    try:
        reverse(name, kwargs={key: value})
    except NoReverseMatch:
        return False
    return True


def reverse_one(name, key, value):
    """``reverse(name, kwargs={key: value})``, for routes whose converters write a value as it
    is (str, slug, unicode_slug, int, record_id)."""
    pattern = _pattern(name, key)
    text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else None
    if pattern is not None and text is not None:
        address, ascii_words, words = pattern
        if DIGITS.fullmatch(text) or (ascii_words and ASCII_WORD.fullmatch(text)):
            return address.replace(PLACEHOLDER, text)  # nothing to quote
        if words and WORD.fullmatch(text):
            return address.replace(PLACEHOLDER, quote(text, safe=SAFE))
    return reverse(name, kwargs={key: value})
