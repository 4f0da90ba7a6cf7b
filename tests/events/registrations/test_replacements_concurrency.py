"""Giving a place to someone else at the same moment as other changes, each in its own thread
and database connection (CI runs it on SQLite and again on PostgreSQL): a seat handed over
never frees for a newcomer, and one registration is handed over once.

Without the lock (the registration read again after ``lock_settings``), two organisers giving
the same place at once each see it active: both make a new registration, and the second
fails on the one-to-one link with a database error (a server error page) instead of "no
longer active"."""

import pytest

from core.errors import DomainError
from events.registrations import services
from events.registrations.models import Registration, RegistrationStatus
from events.registrations.services.counter import reconcile
from tests.events.registrations.test_concurrency import at_once
from tests.factories.network import PersonFactory
from tests.factories.registrations import SettingsFactory

pytestmark = pytest.mark.django_db(transaction=True)
S = RegistrationStatus
ROUNDS = 6


def test_a_seat_handed_over_while_a_newcomer_registers_stays_taken(demo_site):
    settings = SettingsFactory(capacity=1)
    seated = services.register(settings.event, PersonFactory())
    for round_number in range(ROUNDS):
        newcomer = PersonFactory()
        handed, registered = at_once(
            [
                (lambda seated=seated, n=round_number: services.replace(seated, name=f"Colleague {n}"),),
                (services.register, settings.event, newcomer),
            ]
        )
        assert isinstance(handed, Registration) and isinstance(registered, Registration), (handed, registered)
        assert (handed.status, registered.status) == (S.CONFIRMED, S.WAITLISTED), round_number
        seated = handed
    confirmed = Registration.objects.filter(event=settings.event, status=S.CONFIRMED)
    assert list(confirmed) == [seated]
    assert Registration.objects.filter(event=settings.event, status=S.WAITLISTED).count() == ROUNDS
    assert reconcile(event_ids=[settings.event_id]) == []


def test_one_place_handed_over_twice_at_once_goes_once(demo_site):
    settings = SettingsFactory(capacity=5)
    seated = services.register(settings.event, PersonFactory())
    outcomes = at_once(
        [
            (lambda: services.replace(seated, name="First colleague"),),
            (lambda: services.replace(seated, name="Second"),),
        ]
    )
    handed = [outcome for outcome in outcomes if isinstance(outcome, Registration)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, DomainError)]
    assert len(handed) == 1 and [error.code for error in refused] == ["not_active"], outcomes
    assert Registration.objects.get(replaces=seated) == handed[0]
    assert Registration.objects.filter(event=settings.event, status=S.CONFIRMED).get() == handed[0]
    assert reconcile(event_ids=[settings.event_id]) == []
