"""The attendance rules: one record per registration and slot, refusals with their reason,
undo kept in the history, and the desk's reading of codes and names."""

import pytest
from django.utils import translation

from events.attendance.errors import AttendanceError
from events.attendance.models import Attendance, AttendanceChange, Method, SlotUnit
from events.attendance.services import check_in, record_many, slot_counts, undo
from events.attendance.services.desk import find_by_name, reference_of, registration_for_code, scan
from events.attendance.slots import slot_for, slots_for
from events.registrations.models import RegistrationStatus
from events.registrations.services.tickets import ticket_check_url, ticket_token
from tests.factories.attendance import desk_staff, plan
from tests.factories.registrations import RegistrationFactory, SettingsFactory, english_of, event_page

pytestmark = pytest.mark.django_db


def test_an_event_over_two_days_has_two_day_slots(event, days):
    assert [slot.kind for slot in days] == [SlotUnit.DAY, SlotUnit.DAY]
    assert days[0].key == event.local_start.date().isoformat()
    assert days[0].start == event.start and days[1].end == event.end
    with translation.override("en"):
        assert str(event.local_start.year) in days[0].label


def test_checking_in_twice_keeps_one_record_and_says_when_and_by_whom(event, days):
    registration = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    sara = desk_staff(event, first_name="Sara", last_name="Ali")
    record = check_in(registration, days[0].key, method=Method.SCAN, by=sara, event=event)
    assert record.recorded_by == sara and record.method == Method.SCAN
    with translation.override("en"), pytest.raises(AttendanceError) as refused:
        check_in(registration, days[0].key, by=desk_staff(event), event=english_of(event))
    assert refused.value.code == "already_checked_in"
    assert "Already checked in at" in str(refused.value) and "Sara Ali" in str(refused.value)
    assert refused.value.record.pk == record.pk
    assert Attendance.objects.filter(registration=registration).count() == 1
    # Another day is another slot.
    check_in(registration, days[1].key, by=sara)
    assert Attendance.objects.filter(registration=registration).count() == 2


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (RegistrationStatus.CANCELLED, "cancelled"),
        (RegistrationStatus.WAITLISTED, "waitlisted"),
        (RegistrationStatus.PENDING, "pending"),
        (RegistrationStatus.DECLINED, "declined"),
    ],
)
def test_only_confirmed_registrations_are_checked_in(event, days, status, code):
    registration = RegistrationFactory(event=event, status=status)
    with translation.override("ar"), pytest.raises(AttendanceError) as refused:
        check_in(registration, days[0].key, event=event)
    assert refused.value.code == code
    assert any("\u0600" <= ch <= "\u06ff" for ch in str(refused.value))
    assert not Attendance.objects.filter(registration=registration).exists()


def test_a_registration_awaiting_acceptance_and_an_unknown_slot_are_refused(event, days):
    waiting = RegistrationFactory(event=event, awaiting_acceptance=True)
    with translation.override("en"), pytest.raises(AttendanceError, match="accepted") as refused:
        check_in(waiting, days[0].key)
    assert refused.value.code == "not_accepted"
    confirmed = RegistrationFactory(event=event)
    with pytest.raises(AttendanceError) as refused:
        check_in(confirmed, "1999-01-01")
    assert refused.value.code == "no_slot"
    assert Attendance.objects.count() == 0


def test_undo_removes_the_record_and_the_history_keeps_both(event, days):
    registration = RegistrationFactory(event=event)
    staff = desk_staff(event)
    check_in(registration, days[0].key, by=staff)
    undo(registration, days[0].key, by=staff, note="scanned the wrong person")
    assert not Attendance.objects.filter(registration=registration).exists()
    actions = list(AttendanceChange.objects.filter(registration=registration).values_list("action", "by", "note"))
    assert actions == [("recorded", staff.pk, ""), ("undone", staff.pk, "scanned the wrong person")]
    with pytest.raises(AttendanceError) as refused:
        undo(registration, days[0].key, by=staff)
    assert refused.value.code == "not_checked_in"
    # After an undo the slot can be recorded again.
    assert check_in(registration, days[0].key, by=staff).pk


def test_sessions_are_the_slots_when_the_plan_says_so(event):
    from events.models import Session, SessionKind

    talk = Session.objects.create(page=event, title="الافتتاح", start=event.start, end=event.start + dt_hours(2))
    Session.objects.create(
        page=event, title="استراحة", kind=SessionKind.BREAK, start=talk.end, end=talk.end + dt_hours(1)
    )
    english = english_of(event)
    Session.objects.create(page=english, key=talk.key, title="Opening", start=talk.start, end=talk.end)
    plan(event, unit=SlotUnit.SESSION)
    with translation.override("ar"):
        assert [slot.title for slot in slots_for(event)] == ["الافتتاح"]
    with translation.override("en"):
        assert [slot.title for slot in slots_for(english)] == ["Opening"]
    registration = RegistrationFactory(event=event)
    record = check_in(registration, str(talk.key))
    assert record.slot == str(talk.key)
    assert slot_for(english, str(talk.key)).minutes == 120


def dt_hours(hours):
    import datetime as dt  # noqa: PLC0415 - a helper of one test

    return dt.timedelta(hours=hours)


def test_the_desk_reads_a_scanned_address_a_bare_token_and_a_typed_reference(event, days):
    registration = RegistrationFactory(event=event)
    token = ticket_token(registration)
    assert reference_of(ticket_check_url(registration)) == (registration.reference, Method.SCAN)
    assert reference_of(token) == (registration.reference, Method.SCAN)
    grouped = "-".join(registration.reference[i : i + 4] for i in range(0, 12, 4)).lower()
    assert reference_of(grouped) == (registration.reference, Method.REFERENCE)
    assert registration_for_code(english_of(event), token)[0] == registration


@pytest.mark.parametrize("code", ["", "hello", "ABC.1.ffff", "x" * 700, "https://example.org/", "%%%"])
def test_mangled_codes_are_forged(event, code):
    with pytest.raises(AttendanceError) as refused:
        reference_of(code)
    assert refused.value.code == "forged"


def test_an_edited_token_and_another_events_ticket_are_refused_without_a_name(event, days):
    registration = RegistrationFactory(event=event)
    token = ticket_token(registration)
    edited = token[:-1] + ("0" if token[-1] != "0" else "1")
    with pytest.raises(AttendanceError) as refused:
        scan(event, days[0].key, edited, by=None)
    assert refused.value.code == "forged"
    other_event = event_page()
    SettingsFactory(event=other_event)
    elsewhere = RegistrationFactory(event=other_event)
    with pytest.raises(AttendanceError) as refused:
        scan(event, days[0].key, ticket_token(elsewhere), by=None)
    assert refused.value.code == "another_event"
    assert refused.value.registration is None and elsewhere.person.name not in str(refused.value)
    assert Attendance.objects.count() == 0


def test_name_search_finds_every_spelling_and_hides_unaccepted_registrations(event):
    from tests.factories.network import PersonFactory

    found = RegistrationFactory(event=event, person=PersonFactory(name="Ahmed Hasan", name_ar="أحمد حسن"))
    RegistrationFactory(
        event=event, person=PersonFactory(name="Ahmad Other", name_ar="أحمد آخر"), awaiting_acceptance=True
    )
    assert find_by_name(event, "احمد حسن") == [found]
    assert find_by_name(event, "ahmed") == [found]
    assert find_by_name(event, "  ") == []


def test_bulk_recording_is_all_or_nothing_and_counts(event, days):
    present = [RegistrationFactory(event=event) for _ in range(3)]
    check_in(present[0], days[0].key)
    result = record_many(event, days[0].key, {r.pk: None for r in present}, method=Method.SHEET)
    assert result == {"recorded": 2, "already": 1}
    assert slot_counts(event, days[0].key) == (3, 3)
    cancelled = RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    fresh = RegistrationFactory(event=event)
    with pytest.raises(AttendanceError) as refused:
        record_many(event, days[1].key, {fresh.pk: None, cancelled.pk: None}, method=Method.BULK)
    assert refused.value.code == "cancelled"
    assert not Attendance.objects.filter(slot=days[1].key).exists()
