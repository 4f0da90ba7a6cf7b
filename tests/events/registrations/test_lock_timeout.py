"""Waiting for an event's lock ends with a clear "busy" refusal, not a hung request.

PostgreSQL only: SQLite has no row locks (its writers queue at ``BEGIN IMMEDIATE`` for up to
its busy timeout). One thread holds the event's lock; a registration on another connection,
with a short ``lock_timeout``, is refused with the ``busy`` code and a translated message,
and leaves nothing behind.
"""

import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import translation

from events.registrations import services
from events.registrations.models import Registration
from events.registrations.services.lifecycle import lock_settings
from tests.factories.registrations import SettingsFactory, participant

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks"),
]


def test_a_registration_waiting_too_long_for_the_lock_is_told_to_try_again(demo_site):
    settings = SettingsFactory(capacity=10)
    _user, person = participant()
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():
        try:
            with transaction.atomic():
                lock_settings(settings.event_id)
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert locked.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        with translation.override("ar"), pytest.raises(services.RegistrationError) as refused:
            services.register(settings.event_id, person)
        assert refused.value.code == "busy"
        assert refused.value.status == 503
        assert "المحاولة مجددًا" in str(refused.value.message)
    finally:
        release.set()
        holder.join(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert not Registration.objects.filter(person=person).exists()
