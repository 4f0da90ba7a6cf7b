"""Deliveries to a real receiver on 127.0.0.1, which checks each signature as
docs/webhooks.md says: every kind of change sent once with its body, retried with a growing wait
when the receiver fails, sent again on request, never sent for a change that rolled back, and
never sent to an address that has become private."""

from datetime import datetime, timedelta
from socket import socket

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from events.attendance.models import Method
from events.attendance.services.records import check_in, record_many
from events.registrations import services as registrations
from events.registrations.models import Registration, RegistrationSettings
from events.registrations.services.announcements import registration_changed
from tests.factories.network import PersonFactory
from tests.test_tasks import database_queue, time_passes
from webhooks import addresses, services, transport
from webhooks.delivery import could_match
from webhooks.models import Delivery, DeliveryStatus, Kind
from webhooks.services import registration_changed as on_registration_changed

from .conftest import in_language, organiser_of

pytestmark = pytest.mark.django_db
EVERY_KIND = Kind.values


def endpoint_for(user, url, event=None, kinds=EVERY_KIND, receiver=None):
    endpoint = services.create_endpoint(by=user, url=url, event=event, kinds=kinds)
    if receiver is not None:
        receiver.secrets.append(endpoint.secret)
    return endpoint


def by_kind(receiver):
    return {body["kind"]: body for body in receiver.bodies()}


def test_each_kind_is_sent_once_signed_with_the_right_body(receiver, event, manager, run_on_commit):
    endpoint = endpoint_for(manager, receiver.url, event, receiver=receiver)
    RegistrationSettings.objects.filter(event=event).update(capacity=1)
    noor = PersonFactory(name="Noor Ali", name_ar="نور علي", email="noor@example.org", phone="+964 770 123 4567")
    sami = PersonFactory(name="Sami Aziz", name_ar="سامي عزيز", email="sami@example.org")

    with run_on_commit():
        first = registrations.register(event, noor, answers={"why": "A private reason"})
    assert receiver.kinds() == ["registration.confirmed", "registration.created"]
    created = by_kind(receiver)["registration.created"]
    assert created["registration"] == {
        "id": first.pk,
        "reference": first.reference,
        "status": "confirmed",
        "source": "online",
        "language": "ar",
        "person": {"name": "Noor Ali", "name_ar": "نور علي", "email": "noor@example.org"},
        "replaces": None,
    }
    english = event.localized_for("en")
    assert created["event"] == {
        "id": event.pk,
        "title": {"ar": "ورشة الإعلام", "en": english.title},
        "url": {
            "ar": django_settings.WAGTAILADMIN_BASE_URL + event.url,
            "en": django_settings.WAGTAILADMIN_BASE_URL + english.url,
        },
    }
    occurred = datetime.fromisoformat(created["occurred_at"])
    assert abs(occurred - first.status_changed_at) < timedelta(seconds=1)
    raw = b"".join(request["body"] for request in receiver.requests)
    assert b"A private reason" not in raw and b"+964" not in raw and b"answers" not in raw

    with run_on_commit():
        second = registrations.register(event, sami)
    assert receiver.kinds().count("registration.created") == 2
    assert receiver.bodies()[-1]["registration"]["status"] == "waitlisted"

    with run_on_commit():
        registrations.cancel(first, as_participant=True)
    latest = {body["kind"]: body for body in receiver.bodies()[3:]}
    assert sorted(latest) == ["registration.cancelled", "registration.confirmed", "registration.promoted"]
    assert latest["registration.cancelled"]["registration"]["id"] == first.pk
    assert latest["registration.cancelled"]["registration"]["previous_status"] == "confirmed"
    assert latest["registration.promoted"]["registration"]["id"] == second.pk
    assert latest["registration.promoted"]["registration"]["previous_status"] == "waitlisted"
    assert latest["registration.promoted"]["registration"]["status"] == "confirmed"

    day = event.local_start.date().isoformat()
    with run_on_commit():
        record = check_in(second, day, method=Method.REFERENCE, by=manager)
    checked = receiver.bodies()[-1]
    assert checked["kind"] == "check_in.recorded"
    assert checked["registration"]["person"]["email"] == "sami@example.org"
    assert checked["check_in"]["method"] == "reference"
    assert checked["check_in"]["slot"]["key"] == day and checked["check_in"]["slot"]["kind"] == "day"
    assert datetime.fromisoformat(checked["check_in"]["at"]) == record.at

    kinds = [(body["kind"], body["registration"]["id"]) for body in receiver.bodies()]
    assert len(kinds) == len(set(kinds)) == 7  # each change of each registration once
    assert all(request["verified"] for request in receiver.requests)
    for request, body in zip(receiver.requests, receiver.bodies(), strict=True):
        assert request["headers"]["Multaqa-Delivery"] == body["id"]
        assert request["headers"]["Multaqa-Event"] == body["kind"]
        assert request["headers"]["Content-Type"] == "application/json; charset=utf-8"
        assert request["path"] == "/hooks/multaqa"
    deliveries = Delivery.objects.filter(endpoint=endpoint)
    assert deliveries.count() == 7
    assert set(deliveries.values_list("status", "attempts", "response_code")) == {("delivered", 1, 200)}


def test_a_place_given_to_someone_else_names_the_registration_it_replaces(receiver, event, manager, run_on_commit):
    endpoint_for(manager, receiver.url, event, receiver=receiver)
    with run_on_commit():
        first = registrations.register(event, PersonFactory(name="Noor Ali"))
    receiver.requests.clear()
    with run_on_commit():
        newcomer = registrations.replace(first, email="sami@example.org", name="Sami Aziz", by=manager)
    bodies = {(body["kind"], body["registration"]["id"]): body["registration"] for body in receiver.bodies()}
    assert bodies[("registration.cancelled", first.pk)]["replaces"] is None
    created = bodies[("registration.created", newcomer.pk)]
    assert (created["replaces"], created["status"], created["source"]) == (first.reference, "confirmed", "staff")
    assert created["person"] == {"name": "Sami Aziz", "name_ar": "", "email": "sami@example.org"}


def test_approval_confirms_and_an_endpoint_gets_only_the_kinds_it_chose(receiver, event, manager, run_on_commit):
    RegistrationSettings.objects.filter(event=event).update(approval_required=True)
    endpoint_for(manager, receiver.url, event, kinds=[Kind.CONFIRMED], receiver=receiver)
    with run_on_commit():
        pending = registrations.register(event, PersonFactory())
        registrations.decline(registrations.register(event, PersonFactory()), by=manager)
    assert receiver.requests == []
    with run_on_commit():
        registrations.approve(pending, by=manager)
    assert receiver.kinds() == ["registration.confirmed"]
    assert receiver.bodies()[0]["registration"]["previous_status"] == "pending"


def test_a_signed_sheet_announces_each_person_it_records(receiver, event, manager, run_on_commit):
    endpoint_for(manager, receiver.url, event, kinds=[Kind.CHECKED_IN], receiver=receiver)
    people = [registrations.register(event, PersonFactory()) for _ in range(3)]
    day = event.local_start.date().isoformat()
    with run_on_commit():
        record_many(event, day, dict.fromkeys(r.pk for r in people), method=Method.SHEET, by=manager)
    assert sorted(body["registration"]["id"] for body in receiver.bodies()) == sorted(r.pk for r in people)
    assert {body["check_in"]["method"] for body in receiver.bodies()} == {"sheet"}


def test_an_endpoint_for_every_event_gets_only_its_owners_events(receiver, event, other_event, run_on_commit):
    owner = organiser_of(event)
    endpoint_for(owner, receiver.url, None, kinds=[Kind.CREATED], receiver=receiver)
    with run_on_commit():
        registrations.register(other_event, PersonFactory())
        mine = registrations.register(event, PersonFactory())
    assert [body["registration"]["id"] for body in receiver.bodies()] == [mine.pk]
    assert receiver.bodies()[0]["event"]["id"] == event.pk


def test_an_owner_who_may_no_longer_manage_the_event_is_sent_nothing(receiver, event, run_on_commit):
    owner = organiser_of(event)
    endpoint_for(owner, receiver.url, event, receiver=receiver)
    owner.groups.clear()
    with run_on_commit():
        registrations.register(event, PersonFactory())
    assert receiver.requests == []
    assert not Delivery.objects.exists()


def test_nothing_is_sent_when_the_registration_rolls_back(receiver, event, manager, run_on_commit):
    endpoint_for(manager, receiver.url, event, receiver=receiver)
    person = PersonFactory()
    with run_on_commit() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            registrations.register(event, person)
            raise RuntimeError("the request failed after registering")
    assert callbacks == []
    assert not Registration.objects.filter(person=person).exists()
    assert receiver.requests == [] and not Delivery.objects.exists()
    with run_on_commit():
        registrations.register(event, person)  # the same, committed: announced
    assert receiver.kinds() == ["registration.confirmed", "registration.created"]


def test_a_failed_delivery_is_tried_again_later_and_then_succeeds(
    receiver, event, manager, settings, monkeypatch, run_on_commit
):
    """Production's database queue, run by the worker's own loop (tests/test_tasks.py): a 500
    puts the delivery back in the queue a minute later, then a 200 delivers it; both attempts
    are recorded, with the same id and body."""
    queue = database_queue(settings, monkeypatch)

    def work():
        with run_on_commit():
            queue()

    receiver.answers = [(500, 0)]
    endpoint = endpoint_for(manager, receiver.url, event, kinds=[Kind.CREATED], receiver=receiver)
    with run_on_commit():
        registrations.register(event, PersonFactory())
    work()  # shares the change out: the delivery is queued
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.PENDING
    before = timezone.now()
    work()  # the first attempt: 500
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("retrying", 1, 500)
    assert '"status": 500' in delivery.response_excerpt
    row = DBTaskResult.objects.get(task_path="webhooks.tasks.send_delivery")
    assert row.status == TaskResultStatus.READY
    assert before + timedelta(minutes=1) <= row.run_after <= timezone.now() + timedelta(minutes=1)
    work()  # not due yet
    assert len(receiver.requests) == 1
    time_passes(row)
    work()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 2, 200)
    assert [attempt.response_code for attempt in delivery.attempt_log.all()] == [500, 200]
    first, second = receiver.requests
    assert first["body"] == second["body"]
    assert first["headers"]["Multaqa-Delivery"] == second["headers"]["Multaqa-Delivery"] == str(delivery.uuid)
    assert first["verified"] and second["verified"]
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL


def test_timeouts_refused_connections_and_redirects_are_failures(receiver, event, manager, monkeypatch, run_on_commit):
    """Sent inline (the demo's backend), each is tried once and recorded with its reason; a
    redirect is not followed."""
    monkeypatch.setattr(transport, "TIMEOUT", 0.5)
    receiver.answers = [(200, 1.5), (302, 0)]
    slow = endpoint_for(manager, receiver.url, event, kinds=[Kind.CREATED], receiver=receiver)
    moved = endpoint_for(manager, receiver.url + "/moved", event, kinds=[Kind.CREATED], receiver=receiver)
    with socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    refused = endpoint_for(manager, f"http://127.0.0.1:{port}/hooks", event, kinds=[Kind.CREATED])
    with run_on_commit():
        registrations.register(event, PersonFactory())
    outcome = {d.endpoint_id: d for d in Delivery.objects.all()}
    assert (outcome[slow.pk].status, outcome[slow.pk].response_code) == ("failed", None)
    assert outcome[slow.pk].error == "timeout:0.5"
    assert (outcome[moved.pk].status, outcome[moved.pk].response_code) == ("failed", 302)
    assert (outcome[refused.pk].status, outcome[refused.pk].error) == ("failed", "refused")
    assert len(receiver.requests) == 2  # the slow one and the redirect, once each


def test_staff_redeliver_the_same_body_under_the_same_id_with_a_new_signature(
    client, receiver, event, manager, run_on_commit
):
    endpoint = endpoint_for(manager, receiver.url, event, kinds=[Kind.CREATED], receiver=receiver)
    with run_on_commit():
        registrations.register(event, PersonFactory())
    delivery = Delivery.objects.get(endpoint=endpoint)
    client.force_login(in_language(manager, "en"))
    with run_on_commit():
        response = client.post(f"/admin/webhooks/redeliver/{delivery.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/webhooks/inspect/{endpoint.pk}/"
    assert [str(message) for message in response.context["messages"]] == ["The delivery is being sent again."]
    first, again = receiver.requests
    assert again["body"] == first["body"] and again["verified"]
    assert again["headers"]["Multaqa-Delivery"] == first["headers"]["Multaqa-Delivery"]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)


def test_an_address_that_became_private_is_refused_when_sending(receiver, event, manager, settings, run_on_commit):
    endpoint = endpoint_for(manager, receiver.url, event, kinds=[Kind.CREATED], receiver=receiver)
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False  # production's rule, from now on
    with run_on_commit():
        registrations.register(event, PersonFactory())
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("failed", 1, None)
    assert delivery.error == "private_address:127.0.0.1"
    assert receiver.requests == []


def test_a_host_name_whose_dns_changed_to_a_private_address_is_refused_when_sending(
    receiver, event, manager, settings, monkeypatch, run_on_commit
):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    answers = {"hooks.example.org": ["93.184.215.14"]}
    monkeypatch.setattr(addresses, "resolve", lambda host, port: answers[host])
    endpoint = endpoint_for(manager, "https://hooks.example.org/multaqa", event, kinds=[Kind.CREATED])
    answers["hooks.example.org"] = ["169.254.169.254"]  # rebinding to the metadata service
    with run_on_commit():
        registrations.register(event, PersonFactory())
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.error) == ("failed", "private_address:169.254.169.254")


def test_registering_costs_no_query_more_when_no_endpoint_could_want_it(event, other_event, settings, run_on_commit):
    """The announcement reaches the webhooks on commit; with no endpoint for this event (one
    for another event only) and the map of endpoints cached, it costs no query: registering
    with the webhooks listening costs what it costs without them."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    endpoint_for(organiser_of(other_event), "http://127.0.0.1:9/hooks", other_event)
    registrations.register(event, PersonFactory())  # the event's first registration counts it
    assert not could_match(event.pk, EVERY_KIND)  # and caches the map

    def cost():
        person = PersonFactory()
        with CaptureQueriesContext(transaction.get_connection()) as queries, run_on_commit():
            registrations.register(event, person, send_email=False)
        return len(queries)

    listening = cost()
    assert registration_changed.disconnect(dispatch_uid="webhooks-registration-changed")
    try:
        silent = cost()
    finally:
        registration_changed.connect(on_registration_changed, dispatch_uid="webhooks-registration-changed")
    assert listening == silent == 7


def test_with_an_endpoint_registering_queues_one_task_after_the_commit(
    event, manager, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Production's queue: the transaction that holds the event's lock runs the queries it ran
    without webhooks; after the commit, one insert queues the work of sharing the change out."""
    database_queue(settings, monkeypatch)
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    endpoint_for(manager, "http://127.0.0.1:9/hooks", event)
    registrations.register(event, PersonFactory())
    assert could_match(event.pk, EVERY_KIND)
    connection, person = transaction.get_connection(), PersonFactory()
    with CaptureQueriesContext(connection) as in_transaction, django_capture_on_commit_callbacks() as callbacks:
        registrations.register(event, person, send_email=False)
    with CaptureQueriesContext(connection) as after_commit:
        for callback in callbacks:
            callback()
    assert len(in_transaction) == 7
    assert [query["sql"].split()[0:3] for query in after_commit] == [
        ["INSERT", "INTO", '"django_tasks_database_dbtaskresult"']
    ]
