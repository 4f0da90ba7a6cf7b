"""The check-in desk's endpoints, sent hostile requests by a member of the event's desk: ticket
codes (true, edited, wrapped in their address or hostile), the name search, a check-in and an
undo by registration id, walk-ins, and batches of scans kept offline; bodies that are JSON of
any shape, or no JSON at all, or not even UTF-8.

No answer is a server error. A refused check-in or walk-in writes nothing; an accepted one
writes whole rows: the attendance of the registration the code names, and a walk-in's person,
registration and attendance holding the names the desk typed."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.attendance.models import Attendance, AttendanceChange, Method
from events.attendance.services import check_in
from events.attendance.services.certificates import grouped
from events.attendance.slots import slots_for
from events.registrations.models import Registration, StatusChange
from events.registrations.services.tickets import ticket_check_url, ticket_token
from network.models import Affiliation, Organisation, Person
from tests.fuzz.hostile import (
    EMAILS,
    INVALID_UTF8,
    NAMES,
    NAMES_AR,
    ORGANISATIONS,
    assert_answered,
    assert_whole,
    example,
    examples,
    form_fields,
    json_values,
    row_counts,
    weighted,
)

pytestmark = pytest.mark.django_db

WRITTEN = (Attendance, AttendanceChange, Registration, StatusChange, Person, Organisation, Affiliation)


@st.composite
def body(draw, fields):
    """What the desk's script sends: the JSON object of ``fields`` (see ``form_fields``), now
    and then with a value of another JSON type; or any JSON value; or bytes that are no JSON,
    or no UTF-8."""
    sent = draw(form_fields(fields))
    rolls = draw(st.randoms(use_true_random=True))  # as in form_fields
    for name in sent:
        if rolls.random() < 0.1:
            sent[name] = draw(json_values(max_leaves=4))
    text = json.dumps(sent, ensure_ascii=draw(st.booleans()))
    other = st.one_of(
        json_values().map(json.dumps),
        st.binary(max_size=64),
        st.sampled_from(INVALID_UTF8).map(lambda bad: b'{"code": "' + bad + b'"}'),
        st.just(text[: len(text) // 2]),
    )
    return draw(weighted((6, st.just(text)), (1, other)))


def post(client, event, name, content):
    return client.post(f"/en/desk/{event.pk}/{name}/", content, content_type="application/json")


def codes(registrations):
    """How the desk may type or scan each registration's ticket."""
    found = []
    for registration in registrations:
        token = ticket_token(registration)
        reference = registration.reference
        found += [token, ticket_check_url(registration), reference, reference.lower(), grouped(reference)]
    return found


@pytest.fixture
def desk(fuzz_client, world):
    fuzz_client.force_login(world["desk"])
    return fuzz_client


@settings(max_examples=examples(40))
@given(data=st.data())
def test_scanning_and_checking_in(desk, world, data):
    """A scanned or typed code; a person picked from the name search, and an undo."""
    event, registrations = world["event"], world["registrations"]
    slots = [slot.key for slot in slots_for(event)]
    ids = [str(registration.pk) for registration in registrations] + [registration.pk for registration in registrations]
    endpoint = data.draw(st.sampled_from(["scan", "scan", "person", "undo"]))
    spec = {"slot": slots, "client_key": ["", "k-1", "k-2"]}
    spec |= {"code": codes(registrations)} if endpoint == "scan" else {"registration": ids}
    content = data.draw(body(spec))
    with example(f"desk: {endpoint}") as run:
        if endpoint == "undo":
            check_in(registrations[0], slots[0], method=Method.NAME, event=event)
        before = row_counts(Attendance, AttendanceChange)
        response = post(desk, event, endpoint, content)
        assert_answered(response)
        answer = response.json()
        run.outcome = answer.get("outcome") or f"answered {response.status_code}"
        if answer.get("outcome") == "green":
            record = Attendance.objects.get(registration_id=answer["registration"], slot=answer["slot"])
            assert_whole(record)
            assert record.registration.event_id == event.pk
        elif endpoint != "undo" or answer.get("outcome") != "undone":
            assert row_counts(Attendance, AttendanceChange) == before, "a refused check-in wrote rows"


@settings(max_examples=examples(20))
@given(data=st.data())
def test_the_name_search(desk, world, data):
    event = world["event"]
    slots = [slot.key for slot in slots_for(event)]
    fields = data.draw(form_fields({"q": ["بسام", "basim", "آمنة جاسم", "Smith", "ا", ""], "slot": slots}))
    with example("desk: name search") as run:
        response = desk.get(f"/ar/desk/{event.pk}/search/", fields)
        assert_answered(response)
        counts = desk.get(f"/ar/desk/{event.pk}/counts/", {"slot": fields.get("slot", "")})
        assert_answered(counts)
        # An address the site refuses whole (a NUL in it) gets its HTML error page, not JSON.
        found = response.json().get("results") if response["Content-Type"] == "application/json" else None
        run.outcome = f"{len(found)} found" if found else f"answered {response.status_code}"


@settings(max_examples=examples(30))
@given(data=st.data())
def test_walk_ins(desk, world, data):
    event = world["event"]
    slots = [slot.key for slot in slots_for(event)]
    content = data.draw(
        body(
            {
                "slot": slots,
                "name": [*NAMES, ""],
                "name_ar": [*NAMES_AR, ""],
                "email": [*EMAILS, ""],
                "organisation": [*ORGANISATIONS, ""],
                "override_capacity": [True, False],
            }
        )
    )
    with example("desk: walk-in") as run:
        before = row_counts(*WRITTEN)
        response = post(desk, event, "walk-in", content)
        assert_answered(response)
        answer = response.json()
        run.outcome = answer.get("outcome") or f"answered {response.status_code}"
        if answer.get("outcome") != "green":
            assert row_counts(*WRITTEN) == before, "a refused walk-in wrote rows"
            return
        sent = json.loads(content)
        registration = Registration.objects.select_related("person").get(pk=answer["registration"])
        assert_whole(registration)
        assert_whole(registration.person)
        assert_whole(Attendance.objects.get(registration=registration, slot=answer["slot"]))
        person = registration.person
        typed = [sent.get(name) if isinstance(sent.get(name), str) else "" for name in ("name", "name_ar")]
        assert [person.name, person.name_ar] == [name.strip() for name in typed]
        for affiliation in person.affiliations.select_related("organisation"):
            assert_whole(affiliation)
            assert_whole(affiliation.organisation)


@settings(max_examples=examples(20))
@given(data=st.data())
def test_scans_kept_offline(desk, world, data):
    """A batch of scans sent when the connection returns, each of any shape."""
    event, registrations = world["event"], world["registrations"]
    slots = [slot.key for slot in slots_for(event)]
    scan = form_fields(
        {
            "code": codes(registrations),
            "slot": slots,
            "client_key": ["a", "b", "c"],
            "scanned_at": ["2026-12-05T09:14:00", "2026-12-05T09:14:00+03:00", "9999-12-31T23:59:59", "yesterday"],
        }
    )
    scans = data.draw(st.lists(weighted((5, scan), (1, json_values(max_leaves=3))), max_size=6))
    content = data.draw(weighted((6, st.just(json.dumps({"scans": scans}))), (1, body({"scans": [[]]}))))
    with example("desk: offline sync") as run:
        before = row_counts(Attendance)
        response = post(desk, event, "sync", content)
        assert_answered(response)
        results = response.json().get("results")
        if results is None:
            assert row_counts(Attendance) == before
            run.outcome = f"answered {response.status_code}"
            return
        greens = sum(result["outcome"] == "green" for result in results)
        run.outcome = "all green" if greens == len(results) else ("some green" if greens else "none green")
        assert row_counts(Attendance)["Attendance"] <= before["Attendance"] + greens
        for record in Attendance.objects.filter(registration__event=event):
            assert_whole(record)
