"""The event's counter under concurrency (PostgreSQL, real threads with a connection each, as
in test_concurrency.py): people registering and cancelling at the same moment never oversell
the seats, and the counter ends equal to the registrations.

PostgreSQL only: SQLite serialises every writer for the whole database (``BEGIN IMMEDIATE``),
so nothing there can interleave; test_concurrency.py runs its races on both.

Why the counter sits in the settings row (the lock) rather than in a row of its own: under
PostgreSQL's READ COMMITTED, a statement that waited for ``FOR UPDATE`` re-reads the rows it
locked as the request it waited for committed them, but reads every other table as it was
when the statement began. A counter in another table, read by the lock's statement, would be
the one from before the request ahead committed — seats sold twice; read by a statement of
its own, it would cost a query more. The lock's own row carries the counts.
"""

import pytest
from django.db import connection

from events.registrations.models import Registration, RegistrationSettings, RegistrationStatus
from events.registrations.services.counter import Counts, counted, reconcile
from tests.events.registrations.test_concurrency import cancellation, full_event, newcomer, post_at_once
from tests.factories.registrations import RegistrationFactory, SettingsFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises every writer"),
]
S = RegistrationStatus
SEATS = 10


def confirmed(settings):
    return Registration.objects.filter(event_id=settings.event_id, status=S.CONFIRMED).count()


def assert_counter_true(settings):
    kept = Counts.of(RegistrationSettings.objects.get(pk=settings.pk))
    assert kept == counted(settings.event_id)
    assert reconcile(event_ids=[settings.event_id]) == []


def test_cancellations_and_newcomers_at_once_keep_the_counter_and_never_oversell(demo_site):
    """Ten seats taken, five waiting; five confirmed people cancel while twenty newcomers
    register, all at once: ten confirmed at the end, each freed seat to someone waiting, the
    newcomers behind them, and the counter equal to the registrations."""
    settings, taken, _waiting = full_event(seats=SEATS, waiting=5)
    _people, registering = zip(*(newcomer(settings) for _ in range(20)), strict=True)

    outcomes = post_at_once([cancellation(*pair) for pair in taken[:5]] + list(registering))

    assert [getattr(o, "status_code", o) for o in outcomes] == [302] * len(outcomes)
    assert confirmed(settings) == SEATS
    assert counted(settings.event_id) == Counts(confirmed=SEATS, waitlisted=20)
    assert_counter_true(settings)


def test_the_first_registrations_of_an_event_not_counted_yet_count_it_once(demo_site):
    """An event whose registrations were written around the services (not counted yet): thirty
    people register at once; the first to take the lock counts the event, the others read
    the counter it set; no seat is sold twice."""
    settings = SettingsFactory(capacity=SEATS)
    for _ in range(3):
        RegistrationFactory(event=settings.event, status=S.CONFIRMED)
    RegistrationFactory(event=settings.event, status=S.CANCELLED)
    assert Counts.of(settings) is None
    _people, registering = zip(*(newcomer(settings) for _ in range(30)), strict=True)

    outcomes = post_at_once(list(registering))

    assert [getattr(o, "status_code", o) for o in outcomes] == [302] * len(outcomes)
    assert confirmed(settings) == SEATS
    assert counted(settings.event_id) == Counts(confirmed=SEATS, waitlisted=23)
    assert_counter_true(settings)
