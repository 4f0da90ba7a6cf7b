"""The canonical page of a translated event, and an event's pages in a language.

A Wagtail page exists once per locale; its translations share a ``translation_key``.
Registrations, attendance and the like point at the *canonical* version (the page in the
default language), so an Arabic and an English visitor register for the same event and
staff see one list whichever language they work in. This module is the one place that says
which version that is.
"""

from django.conf import settings
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import get_supported_language_variant


def default_language():
    """The language code of the canonical versions."""
    return get_supported_language_variant(settings.LANGUAGE_CODE)


def translation_of(page, language_code, live=True):
    """``page`` in ``language_code`` (as ``page``'s own model), live unless ``live`` is False,
    or ``None`` when it is not translated: one query, the locale joined by its code. A page
    already in ``language_code`` is itself, with no query, when its locale is loaded (when it
    is not, loading it would cost the query it saves)."""
    if page._meta.get_field("locale").is_cached(page) and page.locale.language_code == language_code:
        return page if page.live or not live else None
    canonical = page.__dict__.get("canonical")  # CanonicalPageMixin's, when already read
    if canonical is not None and language_code == default_language():
        found = None if canonical is page else canonical  # itself: no version in that language
        return found if found is None or found.live or not live else None
    pages = type(page).objects.live() if live else type(page).objects.all()
    return pages.filter(translation_key=page.translation_key, locale__language_code=language_code).first()


class CanonicalPageMixin:
    """For page models whose related records are shared across translations."""

    @cached_property
    def canonical(self):
        # The page's own locale is loaded (the page keeps it; its structured data and language
        # links read it again), so that a page in the default language is itself, with no query.
        self.locale  # noqa: B018
        return translation_of(self, default_language(), live=False) or self

    def localized_for(self, language_code):
        """This page in ``language_code`` if it is translated and live, else ``None``."""
        return translation_of(self, language_code)


def canonical_filter(event, field="event"):
    """Filters records linked through ``field`` to ``event``'s canonical version, whichever
    version ``event`` is, without a query for the default locale."""
    return Q(
        **{
            f"{field}__translation_key": event.translation_key,
            f"{field}__locale__language_code": default_language(),
        }
    )


def localized_events(events, language, live_only=True):
    """``events`` (canonical pages) in ``language`` where a live translation exists (any
    translation, drafts included, with ``live_only=False``, as the admin shows), in one query
    that brings their venues too."""
    if not events:
        return []
    model = type(events[0])
    keys = {event.translation_key for event in events}
    pages = model.objects.live() if live_only else model.objects.all()
    translations = {
        page.translation_key: page
        for page in pages.filter(translation_key__in=keys, locale__language_code=language).select_related("venue")
    }
    return [translations.get(event.translation_key, event) for event in events]
