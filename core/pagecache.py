"""Public pages served from a shared cache to anonymous visitors.

Why our own middleware: wagtail-cache (the usual choice) declares ``wagtail<8`` in its
requirements, and Django's ``cache_page``/``UpdateCacheMiddleware`` key entries by the
request's ``Vary`` headers, so ``Vary: Cookie`` (sent by every page that asks who the visitor
is) would make one entry per visitor. This module decides who may share an entry itself:

- **Which pages.** Only what opts in: the home, standard, events-index and event pages
  (``CACHED_PAGE_TYPES``, marked by a Wagtail hook), the directory's views and the calendar
  files (``@shared``). Everything else is never stored.
- **Who shares.** A ``GET`` or ``HEAD`` from a visitor who is not signed in, whose session (if
  a cookie names one) holds nothing, and who has no messages waiting. Anyone else is served
  by the view as before and their answer is never stored.
- **What is stored.** A ``200`` answer the view gave without setting a cookie, without
  ``private``/``no-store``/``no-cache``, without using the CSRF token (a form's hidden token is
  the visitor's own), without a CSP nonce in its body, without a message and without touching
  the session. The key is the full address (host, path with its ``/ar/`` or ``/en/``
  prefix, query) and the language it is answered in (an address without a prefix, the
  API's, is answered in the visitor's), so each language has its own entries.
- **Headers.** The middleware sits last, inside the others: a cached answer still goes out
  through the security headers (CSP without a nonce, as the pages use none), the language's
  ``Content-Language``, the frame and permissions policies, as a fresh one does. Cached
  answers carry ``Vary: Cookie`` for any cache downstream, an ``ETag`` (a matching
  ``If-None-Match`` gets a ``304``, as does an ``If-Modified-Since`` when the view said
  when its answer was made: ``Last-Modified``) and ``X-Page-Cache: hit``.
- **Invalidation.** Every entry records the site's *generation* read when its request began;
  a new generation (a random token, set after the commit of any change to a page, a snippet or
  a record shown publicly: ``signals``) makes every older entry a miss, in every language at
  once. An event page also records its event's version, which changes when a registration or
  its settings change, so "seats left", "full" and the waiting list are the truth at once.
  Reading the versions before the data means an answer built while a change commits is stored
  under the old version and never served. Entries also expire after ``PAGE_CACHE_SECONDS``
  (time alone changes some pages: registration opening, an event becoming past) and no later
  than a moment a page names (``valid_until``).

The store is the ``pages`` cache: Redis with ``REDIS_URL`` (shared by every app server), else
files under ``VAR_DIR`` (shared by every process of one machine, so a change made in one
gunicorn worker is seen by all; a per-process local memory cache could not be invalidated).
"""

import functools
import hashlib
import secrets
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language
from wagtail import hooks
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.cache import set_forever
from core.security import signed_in

GENERATION = "pagecache:generation"
CACHED_PAGE_TYPES = {"home.homepage", "home.standardpage", "events.eventindexpage", "events.eventpage"}
SHAREABLE_VARY = {"cookie", "accept-language"}
UNSHAREABLE_CONTROL = ("private", "no-store", "no-cache")
HEADER = "X-Page-Cache"
MESSAGES_COOKIE = CookieStorage.cookie_name
# A change to any record of these apps, to a page, a site, a locale, an image or a document (a
# session's slides) outdates every entry; registrations and their settings outdate their
# event's page alone.
PUBLIC_APPS = {"home", "events", "network", "taggit"}
PUBLIC_MODELS = {"wagtailcore.site", "wagtailcore.locale", "wagtailimages.image", "wagtaildocs.document"}
EVENT_RECORDS = {"registrations.registration", "registrations.registrationsettings"}


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def store():
    return caches["pages" if "pages" in settings.CACHES else "default"]


def _token():
    return secrets.token_hex(8)


def _current(cache, key):
    """The version stored at ``key``, a new one if none is (a lost version is a new version)."""
    value = cache.get(key)
    if value is None:
        cache.add(key, _token(), None)
        value = cache.get(key)
    return value


def _tag_key(tag):
    return f"pagecache:tag:{tag}"


@dataclass
class Entry:
    generation: str
    tags: dict
    status: int
    headers: list
    content: bytes
    etag: str
    expires: float

    def fresh(self, cache, generation):
        if self.generation != generation or self.expires < timezone.now().timestamp():
            return False
        if not self.tags:
            return True
        current = cache.get_many([_tag_key(tag) for tag in self.tags])
        return all(current.get(_tag_key(tag)) == version for tag, version in self.tags.items())

    def response(self, request):
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        response[HEADER] = "hit"
        patch_vary_headers(response, ["Cookie"])
        return get_conditional_response(request, etag=self.etag, last_modified=_modified(response), response=response)


@dataclass
class Pending:
    """What the view of a request that may be stored said about it."""

    generation: str
    shared: bool = False
    tags: dict = field(default_factory=dict)
    until: object = None


# Views and pages say whether their answer may be shared, and what it depends on.


def share(request):
    pending = getattr(request, "page_cache", None)
    if pending is not None:
        pending.shared = True


def shared(view):
    """Marks a function view's answer as shareable between anonymous visitors."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        share(request)
        return view(request, *args, **kwargs)

    return wrapped


def depends_on(request, tag):
    """Records that the answer shows what ``tag`` names (``event:<canonical id>``); call it
    before reading the data, so a change committed meanwhile outdates the entry."""
    pending = getattr(request, "page_cache", None)
    if pending is not None and tag not in pending.tags:
        pending.tags[tag] = _current(store(), _tag_key(tag))


def valid_until(request, moment):
    """The answer changes by itself at ``moment`` (an event starting or ending)."""
    pending = getattr(request, "page_cache", None)
    if pending is not None and moment is not None and moment > timezone.now():
        pending.until = moment if pending.until is None else min(pending.until, moment)


def remembered(name, build):
    """``build()``, kept in the shared cache until the next generation: what every page shows
    the same way (the navigation), built once per change instead of once per request."""
    if not enabled():
        return build()
    cache = store()
    generation = _current(cache, GENERATION)
    key = f"pagecache:kept:{generation}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS * 10)
    return value


def event_tag(event_id):
    return f"event:{event_id}"


# Invalidation: the changes of a transaction are announced once, after it commits.

_pending = threading.local()


def _flush():
    generation, tags = getattr(_pending, "generation", False), getattr(_pending, "tags", set())
    _pending.generation, _pending.tags = False, set()
    cache = store()
    updates = {_tag_key(tag): _token() for tag in tags}
    if generation:
        updates[GENERATION] = _token()
    if updates:
        set_forever(cache, updates)


def bump(tag=None):
    """Outdates every entry (no ``tag``) or the entries that depend on ``tag``, once the
    current transaction commits (at once outside one)."""
    if not enabled():
        return
    if tag is None:
        _pending.generation = True
    else:
        _pending.tags = getattr(_pending, "tags", set()) | {tag}
    # One callback per change: the first to run announces them all, the others find nothing
    # (a callback of a rolled-back savepoint is dropped, so none may stand for the others).
    transaction.on_commit(_flush)


# The middleware.


def _modified(response):
    return parse_http_date_safe(response.get("Last-Modified", ""))


def _key(request):
    address = f"{get_language()} {request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "pagecache:page:" + hashlib.sha256(address.encode()).hexdigest()


def eligible(request):
    """May this request be answered from, and its answer go into, a shared entry?"""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    if MESSAGES_COOKIE in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return not signed_in(request) and not request.session.keys()
    return True


def _messages_waiting(request):
    storage = getattr(request, "_messages", None)
    return storage is not None and bool(storage._queued_messages or storage._loaded_messages)


def storable(request, response):
    pending = request.page_cache
    if not pending.shared or response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in UNSHAREABLE_CONTROL):
        return False
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header.strip()}
    if vary - SHAREABLE_VARY:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "_csp_nonce", None) is not None:
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.modified or signed_in(request)):
        return False
    return not _messages_waiting(request)


def _entry(pending, response):
    content = response.content
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    seconds = settings.PAGE_CACHE_SECONDS
    if pending.until is not None:
        seconds = max(1, min(seconds, int((pending.until - timezone.now()).total_seconds())))
    headers = [(name, value) for name, value in response.items() if name.lower() != HEADER.lower()]
    expires = timezone.now().timestamp() + seconds
    return Entry(pending.generation, pending.tags, response.status_code, headers, content, etag, expires), seconds


class PageCacheMiddleware:
    """Last in ``MIDDLEWARE``: every other middleware has seen the request (the visitor, the
    language, refused addresses) and sees the answer, cached or not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not eligible(request):
            return self.get_response(request)
        cache = store()
        key = _key(request)
        found = cache.get_many([key, GENERATION])
        generation = found.get(GENERATION) or _current(cache, GENERATION)
        entry = found.get(key)
        if entry is not None and entry.fresh(cache, generation):
            return entry.response(request)
        request.page_cache = Pending(generation)
        response = self.get_response(request)
        if storable(request, response):
            entry, seconds = _entry(request.page_cache, response)
            cache.set(key, entry, seconds)
            response[HEADER] = "miss"
            return get_conditional_response(
                request, etag=entry.etag, last_modified=_modified(response), response=response
            )
        return response


def share_page(page, request, serve_args, serve_kwargs):
    """Wagtail's ``before_serve_page`` hook: the page types listed above may be shared."""
    if page.specific_class._meta.label_lower in CACHED_PAGE_TYPES:
        share(request)


def changed(sender, instance=None, **kwargs):
    """Receiver of every save and delete: outdates what the changed record shows on."""
    meta = sender._meta
    if meta.label_lower in EVENT_RECORDS:
        bump(event_tag(instance.event_id))
    elif meta.app_label in PUBLIC_APPS or meta.label_lower in PUBLIC_MODELS or issubclass(sender, Page):
        bump()


def page_changed(sender, **kwargs):
    bump()


def connect():
    """Called once by ``home.apps``: the receivers and the Wagtail hook."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(changed, dispatch_uid=f"pagecache-{id(signal)}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_changed, dispatch_uid=f"pagecache-page-{id(signal)}")
    hooks.register("before_serve_page", share_page)
