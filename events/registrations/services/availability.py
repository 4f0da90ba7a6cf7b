"""What an event offers a visitor right now: the counts, and the call to action they lead to.

Read-only; the numbers (the event's counter, services/counter.py) can be out of date by the
time someone acts on them, which is why ``lifecycle.register`` reads them again under the lock.
"""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from core.compiled import CompiledQuery, as_datetime
from events.queries import public_page
from events.registrations.models import (
    ACTIVE_STATUSES,
    Registration,
    RegistrationQuestion,
    RegistrationSettings,
)
from events.translation import canonical_filter, default_language

from .counter import Counts, read_counts, read_counts_many


def counts_by_event(event_ids):
    """``{event_id: Counts}`` for lists of events, from their counters (services/counter.py)."""
    return read_counts_many(event_ids)


@dataclass
class Availability:
    """``state`` is one of: ``not_offered``, ``not_yet_open``, ``open``, ``waitlist``, ``full``,
    ``closed``, ``registered``, ``invitation_only`` (open, but not to those without one)."""

    state: str
    settings: RegistrationSettings | None = None
    counts: Counts | None = None
    registration: Registration | None = None

    @property
    def seats_left(self):
        if self.settings is None or self.settings.capacity is None or self.counts is None:
            return None
        return max(self.settings.capacity - self.counts.confirmed, 0)


def _settings_of_page(page_id):
    page = public_page(page_id).values("translation_key")
    questions = RegistrationQuestion.objects.filter(settings_id=OuterRef("pk"))
    return (
        RegistrationSettings.objects.filter(
            event__translation_key__in=page, event__locale__language_code=default_language()
        )
        .annotate(event_start=F("event__start"), has_questions=Exists(questions))
        .order_by("pk")[:1]
    )


SETTINGS_OF_PAGE = CompiledQuery(_settings_of_page, -9_000_000_001)


def settings_for_page(page_id):
    """The registration settings of the live, public event page ``page_id`` (any language
    version; the settings belong to the canonical one), with ``event_start`` and
    ``has_questions``, in one query; or None. Compiled once (core/compiled.py): this is
    the first read of every registration."""
    settings = SETTINGS_OF_PAGE.first(RegistrationSettings, [page_id])
    if settings is not None:
        settings.event_start = as_datetime(settings.event_start)
        settings.has_questions = bool(settings.has_questions)
    return settings


def settings_for(event):
    """The registration settings of ``event`` (any language version), or None, with the
    event's start (``event_start``) rather than the whole event page."""
    return RegistrationSettings.objects.filter(canonical_filter(event)).annotate(event_start=F("event__start")).first()


def availability(event, person=None, now=None, invited=False):
    """What ``event`` offers ``person`` (``None``: a visitor) now; ``invited`` when they came
    with an invitation (checked by the caller), which opens an event by invitation only."""
    settings = settings_for(event)
    if settings is None:
        return Availability("not_offered")
    registration = None
    if person is not None:
        registration = (
            Registration.objects.filter(event_id=settings.event_id, person=person, status__in=ACTIVE_STATUSES)
            .select_related("event")
            .first()
        )
    counts = read_counts(settings.event_id, settings)
    if registration is not None:
        return Availability("registered", settings, counts, registration)
    window = settings.window_state(now or timezone.now())
    if window != "open":
        return Availability(window, settings, counts)
    if settings.invitation_only and not invited:
        return Availability("invitation_only", settings, counts)
    if has_free_seat(settings, counts):
        return Availability("open", settings, counts)
    if settings.waitlist_enabled:
        return Availability("waitlist", settings, counts)
    return Availability("full", settings, counts)


def has_free_seat(settings, counts):
    """A seat is free when confirmed people are fewer than the capacity and nobody is ahead in
    the waiting list."""
    if counts.waitlisted:
        return False
    return settings.capacity is None or counts.confirmed < settings.capacity
