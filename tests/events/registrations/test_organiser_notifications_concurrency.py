"""Registrations counted for the organisers' email at the same moment, in several app
processes (one thread and database connection each): one email goes out, and every other
change is counted for the next. CI runs it on SQLite and again on PostgreSQL, where the
event's notice row is created by one of them and locked by each in turn."""

import pytest

from events.registrations.models import OrganiserEmails, OrganiserNotice, RegistrationStatus
from events.registrations.services import organiser_emails
from tests.events.registrations.test_concurrency import at_once
from tests.events.registrations.test_organiser_notifications import organiser_of
from tests.factories.registrations import RegistrationFactory, SettingsFactory

pytestmark = pytest.mark.django_db(transaction=True)


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
