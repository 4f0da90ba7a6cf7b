"""The same message sent twice at the same moment (a double click on Send reaching two app
processes) is recorded and emailed once, each request in its own thread with its own database
connection. CI runs it on SQLite and again on PostgreSQL.

Without the form's key (measured by sending both requests without it), two messages were
recorded and every participant was emailed twice, on both databases."""

import uuid

import pytest

from events.registrations.models import EventMessage
from tests.events.registrations.test_concurrency import logged_in_client, post_at_once
from tests.factories.accounts import UserFactory
from tests.factories.registrations import SettingsFactory, registered

pytestmark = pytest.mark.django_db(transaction=True)

TEXTS = {"subject": "The venue changed", "body": "We meet at the Tigris Hall.", "step": "send"}


@pytest.mark.parametrize("attempts", [2, 4])
def test_one_form_sent_at_once_from_several_requests_sends_one_message(demo_site, mailoutbox, attempts):
    event = SettingsFactory(capacity=10).event
    people = [registered(event, "confirmed", "en", name=f"Person {n}") for n in range(3)]
    admin = UserFactory(is_staff=True, is_superuser=True)
    url = f"/admin/registrations/event/{event.pk}/write/"
    data = {**TEXTS, "key": str(uuid.uuid4())}

    outcomes = post_at_once([(logged_in_client(admin), url, data) for _ in range(attempts)])

    message = EventMessage.objects.get()
    assert [getattr(outcome, "status_code", outcome) for outcome in outcomes] == [302] * attempts
    assert {outcome["Location"] for outcome in outcomes} == {f"{url.removesuffix('write/')}messages/{message.pk}/"}
    assert message.recipients == 3 and message.registrations.count() == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.person.email for p in people)
