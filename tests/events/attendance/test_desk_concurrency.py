"""The desk under a rush: desks that scan the same ticket at the same moment, online or from
their offline queues, end with one record, the others told "already checked in"; two
walk-ins for the last seat fill it once. Each request runs in its own thread with its own
database connection; CI runs this file on SQLite and again on PostgreSQL.

Measured without the rules, one run each (SQLite file and PostgreSQL 6 desks):

    check_in's row lock replaced by a plain read:    passed on both: the unique constraint
                                                     (one record per registration and slot)
                                                     turns the race into "already checked in".
    the constraint dropped, the lock kept:           passed on both: the lock holds it.
    both removed:                                    PostgreSQL recorded the same ticket
                                                     twice (two desks told green); SQLite
                                                     passed (BEGIN IMMEDIATE serialises its
                                                     writers).
    the walk-in without its transaction and its      the refused walk-in's directory entry
    early lock on the event:                         stayed behind on both databases.
"""

import json

import pytest
from django.test import Client

from events.attendance.models import Attendance
from events.attendance.slots import slots_for
from events.registrations.models import Registration, RegistrationSettings, RegistrationStatus
from events.registrations.services.tickets import ticket_token
from network.models import Person
from tests.events.registrations.test_concurrency import post_at_once
from tests.factories.attendance import desk_staff
from tests.factories.registrations import RegistrationFactory, SettingsFactory, event_page

pytestmark = pytest.mark.django_db(transaction=True)

DESKS = 6


class JsonClient(Client):
    """A desk: what it posts is JSON, as the desk page sends it."""

    def post(self, path, data=None, **extra):
        return super().post(path, json.dumps(data), content_type="application/json", **extra)


def desk_client(event, number):
    client = JsonClient(raise_request_exception=False)
    client.force_login(desk_staff(event, first_name=f"Desk{number}"))
    return client


def answers(outcomes):
    assert [getattr(outcome, "status_code", outcome) for outcome in outcomes] == [200] * len(outcomes)
    return [outcome.json() for outcome in outcomes]


@pytest.fixture
def rush_event(demo_site):
    settings = SettingsFactory(capacity=20)
    return settings.event, slots_for(settings.event)[0].key


def test_desks_scanning_the_same_ticket_at_once_record_it_once(rush_event):
    event, slot = rush_event
    registration = RegistrationFactory(event=event)
    url = f"/en/desk/{event.pk}/scan/"
    data = {"code": ticket_token(registration), "slot": slot}
    outcomes = post_at_once([(desk_client(event, n), url, {**data, "client_key": f"k{n}"}) for n in range(DESKS)])

    outcomes = answers(outcomes)
    assert sorted(answer["outcome"] for answer in outcomes) == ["amber"] * (DESKS - 1) + ["green"]
    record = Attendance.objects.get(registration=registration)
    winner = next(answer for answer in outcomes if answer["outcome"] == "green")
    assert record.client_key == f"k{outcomes.index(winner)}"
    assert all(record.recorded_by.first_name in a["message"] for a in outcomes if a["outcome"] == "amber")


def test_offline_queues_that_hold_the_same_tickets_sync_at_once_into_one_record_each(rush_event):
    event, slot = rush_event
    people = [RegistrationFactory(event=event) for _ in range(5)]
    url = f"/en/desk/{event.pk}/sync/"
    requests = []
    for number in range(3):
        scans = [
            {"code": ticket_token(r), "slot": slot, "scanned_at": "", "client_key": f"desk{number}-{r.pk}"}
            for r in people
        ]
        requests.append((desk_client(event, number), url, {"scans": scans}))
    outcomes = answers(post_at_once(requests))

    assert Attendance.objects.filter(event=event).count() == len(people)
    for index in range(len(people)):
        told = sorted(outcome["results"][index]["outcome"] for outcome in outcomes)
        assert told == ["amber", "amber", "green"]


def test_two_walk_ins_for_the_last_seat_fill_it_once(demo_site):
    event = event_page()
    RegistrationSettings.objects.create(event=event, capacity=1, waitlist_enabled=False)
    slot = slots_for(event)[0].key
    url = f"/en/desk/{event.pk}/walk-in/"
    requests = [(desk_client(event, n), url, {"slot": slot, "name": f"Walk In {n}"}) for n in range(2)]
    outcomes = answers(post_at_once(requests))

    assert sorted((answer["outcome"], answer["code"]) for answer in outcomes) == [
        ("green", "walked_in"),
        ("red", "full"),
    ]
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 1
    assert Attendance.objects.filter(event=event).count() == 1
    assert Person.objects.filter(name__startswith="Walk In").count() == 1
