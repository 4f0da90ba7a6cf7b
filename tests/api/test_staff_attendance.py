"""Attendance through the staff API: a check-in goes through the desk's service, so a slot is
recorded once (the second answer says when and by whom), a person who may not attend is
refused, and reading an event's attendance gives each day's figures and each person's
check-ins, at a cost that does not grow with the people listed."""

import pytest
from wagtail.models import PageLogEntry

from events import audit
from events.attendance.models import Attendance, AttendanceChange
from events.attendance.slots import slots_for
from events.registrations.models import RegistrationStatus
from tests.factories.network import PersonFactory
from tests.factories.registrations import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(token_a):
    return token_a[1]


@pytest.fixture
def layla(event_a):
    return RegistrationFactory(event=event_a, person=PersonFactory(name="Layla Haddad", name_ar="ليلى حداد"))


def check_in(api, secret, event, code, slot=None, **headers):
    data = {"code": code} if slot is None else {"code": code, "slot": slot}
    return api("post", f"/events/{event.pk}/check-ins", secret, data, **headers)


class TestCheckingIn:
    def test_a_slot_is_recorded_once_and_the_second_says_already(self, api, secret, event_a, layla, organiser_a):
        organiser_a.first_name, organiser_a.last_name = "Sara", "Ali"
        organiser_a.save()
        day = slots_for(event_a)[1].key
        first = check_in(api, secret, event_a, layla.reference, day)
        assert first.status_code == 201
        assert (first.json()["reference"], first.json()["slot"], first.json()["method"]) == (
            layla.reference,
            day,
            "reference",
        )
        second = check_in(api, secret, event_a, layla.reference.lower(), day, HTTP_ACCEPT_LANGUAGE="en")
        assert second.status_code == 400
        assert second.json()["code"] == "already_checked_in"
        assert second.json()["detail"].startswith("Already checked in at") and "Sara Ali" in second.json()["detail"]
        record = Attendance.objects.get()
        assert (record.registration, record.slot, record.recorded_by) == (layla, day, organiser_a)
        assert AttendanceChange.objects.count() == 1
        assert PageLogEntry.objects.filter(action=audit.CHECK_IN, user=organiser_a).count() == 1

    def test_the_already_answer_is_in_arabic_when_asked(self, api, secret, event_a, layla):
        check_in(api, secret, event_a, layla.reference)
        again = check_in(api, secret, event_a, layla.reference, HTTP_ACCEPT_LANGUAGE="ar").json()
        assert again["code"] == "already_checked_in"
        assert any("\u0600" <= char <= "\u06ff" for char in again["detail"]) and "Already" not in again["detail"]

    def test_without_a_slot_the_current_one_is_taken(self, api, secret, event_a, layla):
        answer = check_in(api, secret, event_a, layla.reference)
        assert answer.status_code == 201
        assert answer.json()["slot"] == slots_for(event_a)[0].key and answer.json()["slot_label"]

    @pytest.mark.parametrize(
        ("status", "code"),
        [(RegistrationStatus.WAITLISTED, "waitlisted"), (RegistrationStatus.CANCELLED, "cancelled")],
    )
    def test_someone_who_may_not_attend_is_refused(self, api, secret, event_a, status, code):
        registration = RegistrationFactory(event=event_a, status=status)
        answer = check_in(api, secret, event_a, registration.reference)
        assert answer.status_code == 400 and answer.json()["code"] == code
        assert not Attendance.objects.exists()

    @pytest.mark.parametrize(
        ("code", "slot", "refusal"),
        [
            ("0000-0000-0000", None, "not_registered"),
            ("nonsense", None, "forged"),
            (None, "1999-01-01", "no_slot"),
        ],
    )
    def test_a_code_or_slot_that_is_not_this_events_is_refused(self, api, secret, event_a, layla, code, slot, refusal):
        answer = check_in(api, secret, event_a, code or layla.reference, slot)
        assert answer.status_code == 400 and answer.json()["code"] == refusal
        assert not Attendance.objects.exists()

    def test_bad_input_is_refused_and_records_nothing(self, api, secret, event_a):
        missing = api("post", f"/events/{event_a.pk}/check-ins", secret, {}, HTTP_ACCEPT_LANGUAGE="en")
        assert missing.status_code == 422
        assert missing.json()["errors"] == [{"field": "code", "message": "This field is required."}]
        too_long = check_in(api, secret, event_a, "x" * 601)
        assert too_long.status_code == 422
        assert check_in(api, secret, event_a, "ABC\x00", "2030\x00").status_code == 422
        assert not Attendance.objects.exists()


class TestReading:
    def test_each_day_with_its_figures_and_each_person_with_their_check_ins(self, api, secret, event_a, layla):
        absent = RegistrationFactory(event=event_a, person=PersonFactory(name="Basim Kadhim"))
        RegistrationFactory(event=event_a, status=RegistrationStatus.CANCELLED)
        first_day, second_day = (slot.key for slot in slots_for(event_a))
        check_in(api, secret, event_a, layla.reference, first_day)
        body = api("get", f"/events/{event_a.pk}/attendance", secret, HTTP_ACCEPT_LANGUAGE="en").json()
        assert [(slot["key"], slot["present"], slot["absent"], slot["rate"]) for slot in body["slots"]] == [
            (first_day, 1, 1, 50),
            (second_day, 0, 2, 0),
        ]
        assert body["count"] == 2
        people = {item["reference"]: item for item in body["items"]}
        assert set(people) == {layla.reference, absent.reference}
        assert [presence["slot"] for presence in people[layla.reference]["attended"]] == [first_day]
        assert people[layla.reference]["name"] == "Layla Haddad" and people[absent.reference]["attended"] == []
        exported = PageLogEntry.objects.get(action=audit.EXPORT)
        assert exported.data == {"rows": 2, "format": "api", "report": "attendance"}

    def test_someone_checked_in_before_cancelling_is_still_listed(self, api, secret, event_a, layla, organiser_a):
        from events.registrations import services

        check_in(api, secret, event_a, layla.reference)
        services.cancel(layla, by=organiser_a)
        body = api("get", f"/events/{event_a.pk}/attendance", secret).json()
        assert [(item["reference"], item["status"]) for item in body["items"]] == [(layla.reference, "cancelled")]

    def test_the_list_costs_the_same_with_3_and_40_people(self, api, secret, event_a, django_assert_max_num_queries):
        day = slots_for(event_a)[0].key

        def add(count):
            for _number in range(count):
                registration = RegistrationFactory(event=event_a)
                Attendance.objects.create(
                    registration=registration, event=event_a, slot=day, at=event_a.start, method="bulk"
                )

        add(3)
        api("get", f"/events/{event_a.pk}/attendance", secret)  # warms the site's caches
        with django_assert_max_num_queries(30) as few:
            assert len(api("get", f"/events/{event_a.pk}/attendance", secret).json()["items"]) == 3
        counted = len(few.captured_queries)
        add(37)
        with django_assert_max_num_queries(counted):
            body = api("get", f"/events/{event_a.pk}/attendance", secret).json()
        assert len(body["items"]) == 40 and body["slots"][0]["present"] == 40
