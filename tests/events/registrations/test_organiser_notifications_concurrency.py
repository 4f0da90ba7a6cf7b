"""Registrations counted for the organisers' email at the same moment, in several app
processes (one thread and database connection each): one email goes out, and every other
change is counted for the next. CI runs it on SQLite and again on PostgreSQL, where the
event's notice row is created by one of them and locked by each in turn."""

import threading

import pytest
from django.db import connections

from events.registrations.models import OrganiserEmails, OrganiserNotice, RegistrationStatus
from events.registrations.services import organiser_emails
from tests.events.registrations.test_organiser_notifications import organiser_of
from tests.factories.registrations import RegistrationFactory, SettingsFactory

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(calls):
    """Runs every (function, *arguments) at the same instant, one thread and connection each;
    returns the results (or the exceptions raised) in order."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, function, *arguments):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = function(*arguments)
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, *call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.parametrize("changes", [2, 4])
def test_changes_counted_at_once_send_one_email_and_count_the_rest(demo_site, mailoutbox, changes):
    settings = SettingsFactory(capacity=10, notify_organisers=OrganiserEmails.ALL)
    lead = organiser_of(settings.event, "en")
    registrations = [
        RegistrationFactory(event=settings.event, status=RegistrationStatus.CONFIRMED) for _ in range(changes)
    ]
    mailoutbox.clear()

    outcomes = at_once(
        [(organiser_emails.counted, registration.pk, organiser_emails.REGISTERED) for registration in registrations]
    )

    assert sorted(outcomes) == [0] * (changes - 1) + [1]  # one call queued the one organiser's email
    notice = OrganiserNotice.objects.get(event=settings.event)
    assert notice.sent_at is not None
    assert (notice.registrations, notice.cancellations) == (changes - 1, 0)  # for the next email
    assert [message.to for message in mailoutbox] == [[lead.email]]
