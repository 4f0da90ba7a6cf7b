"""Certificates are issued once, also when organisers press "Issue to all eligible" (and
"Issue" for one person) at the same moment: each request in its own thread with its own
database connection. Every eligible participant ends with one certificate and one email, and
every organiser gets a normal answer. CI runs this file on SQLite and again on PostgreSQL.

Without the lock it fails. Measured by replacing ``select_for_update`` in
``services/certificates._locked`` with a plain read, on PostgreSQL: in three runs 5, 3 and 4
of the 6 requests ended in a server error (each read "no certificate yet" and inserted
certificates for the same people, which the one-certificate-per-registration constraint
refused); on SQLite the test passed without it, its ``BEGIN IMMEDIATE`` transactions
serialising the writers for the whole database. With the lock, on both: 6 normal answers,
8 certificates, 8 emails.
"""

import pytest

from events.attendance.models import Certificate, Method
from events.attendance.services import check_in
from tests.events.registrations.test_concurrency import logged_in_client, post_at_once
from tests.factories.registrations import RegistrationFactory, organiser

pytestmark = pytest.mark.django_db(transaction=True)

ELIGIBLE = 8


def test_organisers_issuing_at_once_issue_each_certificate_once(programme, seminars, mailoutbox):
    people = [RegistrationFactory(event=programme) for _ in range(ELIGIBLE)]
    for registration in people:
        for slot in seminars[:3]:
            check_in(registration, slot.key, method=Method.ONLINE, minutes=80)
    url = f"/admin/attendance/{programme.pk}/certificates/"
    # The organisers' group may edit the events; each organiser is in it.
    managers = [organiser(edit_pages_under=programme.get_parent())] + [organiser() for _ in range(5)]
    everyone = {"action": "issue_all"}
    one = {"action": "issue", "registration": people[0].pk}
    requests = [(logged_in_client(user), url, everyone if n < 4 else one) for n, user in enumerate(managers)]

    outcomes = post_at_once(requests)

    assert [getattr(outcome, "status_code", outcome) for outcome in outcomes] == [302] * 6
    certificates = Certificate.objects.all()
    assert sorted(c.registration_id for c in certificates) == sorted(r.pk for r in people)
    assert len({c.code for c in certificates}) == ELIGIBLE
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.person.email for r in people)
