"""Every URL pattern of the site, read from the resolver, for the tests that request them all
(tests/test_url_fuzz.py, tests/security/test_matrix.py).

The resolver's tree is walked down to each pattern: the admin (Wagtail's own and what the
apps register through its hooks), the accounts, the directory, the participants' and the
desk's pages under each language prefix, and Wagtail's page serving. A pattern is given as
its chain (the patterns from the root down to it); ``slots`` turns a chain into literal text
and parameter slots, ``fill`` puts values in the slots, and ``route`` names a pattern the
same way in every language (``<lang>/my/events/<str:reference>/``)."""

import re
import urllib.parse

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

GROUP = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
LANGUAGE_SLOT = "<lang>/"


def walk(patterns, chain=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, (*chain, pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield (*chain, pattern.pattern), pattern


def chains(languages):
    """``(language, chain, pattern)`` for every pattern: those under the language prefix once
    per language, the others (the admin, documents, media) once, with the first language."""
    for language in languages:
        for chain, pattern in walk(get_resolver().url_patterns):
            if language == languages[0] or is_localised(chain):
                yield language, chain, pattern


def is_localised(chain):
    return any(isinstance(part, LocalePrefixPattern) for part in chain)


def route(chain):
    """The pattern's text as Django's ``ResolverMatch.route`` gives it (a regular expression's
    ``^`` dropped after the first part), with the language prefix written ``<lang>/``."""
    text = ""
    for part in chain:
        piece = LANGUAGE_SLOT if isinstance(part, LocalePrefixPattern) else str(part)
        text += piece.removeprefix("^") if text else piece
    return text


def regex_parts(regex):
    """A regular-expression route as literal text and ``("regex", name)`` slots: every
    top-level group (with its quantifier; ``name`` is its group name or ``""``) and every
    ``.*``/``.+``/``\\d+`` outside a group is a slot."""
    regex = regex.removeprefix("^").removesuffix("$")
    parts, text, index = [], "", 0
    while index < len(regex):
        char = regex[index]
        if char == "(":
            depth, end = 0, index
            while True:
                depth += {"(": 1, ")": -1}.get(regex[end], 0)
                if regex[end] == "\\":
                    end += 1
                elif depth == 0:
                    break
                end += 1
            name = re.match(r"\(\?P<(\w+)>", regex[index:])
            end += 1
            if end < len(regex) and regex[end] in "*+?":
                end += 1
            parts.extend([text, ("regex", name[1] if name else "")])
            text, index = "", end
        elif regex.startswith((".*", ".+", "\\d+"), index):
            parts.extend([text, ("regex", "")])
            text, index = "", index + (3 if regex[index] == "\\" else 2)
        elif char == "\\":
            text += regex[index + 1]
            index += 2
        else:
            text += char
            index += 1
    parts.append(text)
    return parts


def slots(chain, language):
    """The pattern chain as a list of literal strings and ``(converter, name)`` slots (the
    converter of a regular expression's slot is ``"regex"``)."""
    parts = []
    for pattern in chain:
        if isinstance(pattern, LocalePrefixPattern):
            parts.append(f"{language}/")
        elif isinstance(pattern, RoutePattern):
            text, position = str(pattern), 0
            for match in GROUP.finditer(text):
                parts.extend([text[position : match.start()], (match["converter"] or "str", match["name"])])
                position = match.end()
            parts.append(text[position:])
        elif isinstance(pattern, RegexPattern):
            parts.extend(regex_parts(str(pattern)))
    return parts


def fill(parts, values):
    """The URL with each slot given the value ``values(index, slot)`` returns for it."""
    url = "/"
    for index, part in enumerate(parts):
        url += part if isinstance(part, str) else urllib.parse.quote(values(index, part), safe="/")
    return re.sub(r"//+", "/", url)
