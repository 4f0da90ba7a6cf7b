"""An event's registrations through the staff API: the list (paged, filtered by status, what
staff may see of each person) and one registration, both written to the event's audit log;
adding one goes through the organisers' service, so the capacity, the waiting list, approval
and the emails apply; refusals are JSON in the caller's language and change nothing."""

import pytest
from django.core import mail
from wagtail.models import PageLogEntry

from events import audit
from events.registrations import services
from events.registrations.models import Registration, RegistrationSettings
from tests.factories.network import PersonFactory
from tests.factories.registrations import RegistrationFactory

pytestmark = pytest.mark.django_db


def token_user(secret):
    from wagtail.models import APIToken

    return APIToken.objects.get(key_hash=APIToken.hash_token(secret)).user


def registrations_url(event, query=""):
    return f"/events/{event.pk}/registrations{query}"


@pytest.fixture
def secret(token_a):
    return token_a[1]


class TestReading:
    def test_the_list_shows_what_staff_see_in_the_admin(self, api, secret, event_a):
        layla = RegistrationFactory(
            event=event_a, person=PersonFactory(name="Layla Haddad", name_ar="ليلى حداد", email="layla@mail.example")
        )
        added = services.add_by_staff(event_a, email="guest@mail.example", name="Typed Guest")
        answer = api("get", registrations_url(event_a), secret)
        assert answer.status_code == 200
        body = answer.json()
        assert (body["count"], body["page"], body["pages"]) == (2, 1, 1)
        first, second = body["items"]
        assert (first["reference"], first["name"], first["name_ar"], first["email"]) == (
            layla.reference,
            "Layla Haddad",
            "ليلى حداد",
            "layla@mail.example",
        )
        assert first["status"] == "confirmed" and first["waitlist_position"] is None
        # Until the person accepts, only what staff typed: not the directory's record.
        assert (second["reference"], second["name"], second["email"]) == (
            added.reference,
            "Typed Guest",
            "guest@mail.example",
        )
        assert second["awaiting_acceptance"] is True and second["source"] == "staff"
        assert "phone" not in first
        entry = PageLogEntry.objects.get(action=audit.EXPORT)
        assert (entry.user, entry.data) == (token_user(secret), {"rows": 2, "format": "api"})

    def test_the_list_is_paged_and_filtered_by_status(self, api, secret, event_a):
        for _number in range(5):
            services.register(event_a, PersonFactory())  # two seats: 2 confirmed, 3 waiting
        waiting = api("get", registrations_url(event_a, "?status=waitlisted&page_size=2"), secret).json()
        assert (waiting["count"], waiting["pages"], len(waiting["items"])) == (3, 2, 2)
        assert [item["waitlist_position"] for item in waiting["items"]] == [1, 2]
        second_page = api("get", registrations_url(event_a, "?status=waitlisted&page_size=2&page=2"), secret).json()
        assert [item["waitlist_position"] for item in second_page["items"]] == [3]
        past_the_end = api("get", registrations_url(event_a, "?page=9"), secret).json()
        assert past_the_end["count"] == 5 and past_the_end["items"] == []

    @pytest.mark.parametrize(
        ("query", "field"),
        [("?status=maybe", "status"), ("?page=0", "page"), ("?page_size=1000", "page_size"), ("?page=x", "page")],
    )
    def test_a_bad_filter_is_refused_naming_the_field(self, api, secret, event_a, query, field):
        answer = api("get", registrations_url(event_a, query), secret, HTTP_ACCEPT_LANGUAGE="en")
        assert answer.status_code == 422
        body = answer.json()
        assert body["code"] == "invalid" and body["detail"] == "Some of what was sent is not valid."
        assert [error["field"] for error in body["errors"]] == [field]

    def test_one_registration_with_phone_answers_and_history(self, api, secret, event_a, organiser_a):
        person = PersonFactory(name="Omar Faris", phone="+964 770 555 0104")
        registration = services.register(event_a, person, answers={"job": "Trainer"})
        services.cancel(registration, by=organiser_a, note="asked by phone")
        answer = api("get", f"/events/{event_a.pk}/registrations/{registration.reference.lower()}", secret)
        assert answer.status_code == 200
        body = answer.json()
        assert (body["name"], body["phone"], body["answers"]) == ("Omar Faris", "+964 770 555 0104", {"job": "Trainer"})
        assert [(change["from_status"], change["to_status"]) for change in body["history"]] == [
            ("", "confirmed"),
            ("confirmed", "cancelled"),
        ]
        assert body["history"][1]["note"] == "asked by phone"
        viewed = PageLogEntry.objects.get(action=audit.VIEW)
        assert viewed.user == organiser_a and viewed.data["screen"] == "api"

    def test_a_place_given_to_someone_else_names_the_registration_it_replaces(self, api, secret, event_a, organiser_a):
        first = services.register(event_a, PersonFactory(name="Omar Faris"))
        newcomer = services.replace(first, name="Sami Aziz", by=organiser_a)
        items = {item["reference"]: item for item in api("get", registrations_url(event_a), secret).json()["items"]}
        assert (items[first.reference]["replaces"], items[first.reference]["status"]) == (None, "cancelled")
        assert (items[newcomer.reference]["replaces"], items[newcomer.reference]["status"]) == (
            first.reference,
            "confirmed",
        )
        one = api("get", f"/events/{event_a.pk}/registrations/{newcomer.reference}", secret).json()
        assert one["replaces"] == first.reference
        assert one["history"][0]["note"] == "in the place of another participant"

    def test_an_unknown_reference_is_not_found(self, api, secret, event_a):
        answer = api("get", f"/events/{event_a.pk}/registrations/NOSUCHREF123", secret)
        assert answer.status_code == 404 and answer.json()["code"] == "not_found"


class TestAdding:
    def test_a_full_event_puts_the_added_person_on_the_waiting_list_and_emails_them(
        self, api, secret, event_a, organiser_a, django_capture_on_commit_callbacks
    ):
        for _seat in range(2):
            services.register(event_a, PersonFactory())
        with django_capture_on_commit_callbacks(execute=True):
            answer = api(
                "post",
                registrations_url(event_a),
                secret,
                {"email": "huda.salim@mail.example", "name": "Huda Salim", "name_ar": "هدى سالم", "language": "en"},
            )
        assert answer.status_code == 201
        body = answer.json()
        assert (body["status"], body["waitlist_position"], body["source"]) == ("waitlisted", 1, "staff")
        registration = Registration.objects.get(reference=body["reference"])
        assert registration.history.get().by == organiser_a
        assert [message.to for message in mail.outbox] == [["huda.salim@mail.example"]]
        assert PageLogEntry.objects.filter(action=audit.ADD, user=organiser_a).count() == 1

    def test_a_seat_free_confirms_and_beyond_capacity_is_explicit(self, api, secret, event_a):
        first = api("post", registrations_url(event_a), secret, {"name": "First"}).json()
        second = api("post", registrations_url(event_a), secret, {"name": "Second"}).json()
        beyond = api("post", registrations_url(event_a), secret, {"name": "Third", "override_capacity": True}).json()
        assert [first["status"], second["status"], beyond["status"]] == ["confirmed", "confirmed", "confirmed"]
        waiting = api("post", registrations_url(event_a), secret, {"name": "Fourth"}).json()
        assert waiting["status"] == "waitlisted"

    def test_approval_applies_unless_skipped(self, api, secret, event_a):
        RegistrationSettings.objects.filter(event=event_a).update(approval_required=True)
        pending = api("post", registrations_url(event_a), secret, {"name": "Needs approval"}).json()
        skipped = api("post", registrations_url(event_a), secret, {"name": "Approved", "override_approval": True})
        assert pending["status"] == "pending" and skipped.json()["status"] == "confirmed"

    def test_no_waiting_list_and_full_is_refused_in_the_callers_language(self, api, secret, event_a):
        RegistrationSettings.objects.filter(event=event_a).update(capacity=0, waitlist_enabled=False)
        english = api("post", registrations_url(event_a), secret, {"name": "X"}, HTTP_ACCEPT_LANGUAGE="en")
        arabic = api("post", registrations_url(event_a), secret, {"name": "X"}, HTTP_ACCEPT_LANGUAGE="ar")
        assert english.status_code == arabic.status_code == 409
        assert english.json()["code"] == arabic.json()["code"] == "full"
        assert english.json()["detail"].startswith("The event is full and has no waiting list.")
        assert arabic.json()["detail"] != english.json()["detail"]
        assert any("\u0600" <= char <= "\u06ff" for char in arabic.json()["detail"])
        assert not Registration.objects.exists()

    def test_the_same_person_twice_is_refused(self, api, secret, event_a):
        data = {"email": "twice@mail.example", "name": "Twice"}
        assert api("post", registrations_url(event_a), secret, data).status_code == 201
        again = api("post", registrations_url(event_a), secret, data, HTTP_ACCEPT_LANGUAGE="en")
        assert again.status_code == 409
        assert again.json() == {
            "detail": "This person is already registered for this event.",
            "code": "already_registered",
        }
        assert Registration.objects.count() == 1

    @pytest.mark.parametrize(
        ("data", "status", "code"),
        [
            ({}, 400, "name_missing"),
            ({"name": "  ", "name_ar": " "}, 400, "name_missing"),
            ({"name": "X", "email": "not an address"}, 400, "invalid_email"),
            ({"name": "X", "language": "fr"}, 422, "invalid"),
            ({"name": "X" * 300}, 422, "invalid"),
            ({"name": ["X"]}, 422, "invalid"),
            ({"name": "X", "override_capacity": "perhaps"}, 422, "invalid"),
            ({"name": "a\x00b"}, 422, "invalid"),
            ({"name": "X", "email": "a\x00@example.org"}, 422, "invalid"),
            ({"name": {"first": "X"}}, 422, "invalid"),
        ],
    )
    def test_bad_input_is_refused_clearly_and_adds_nobody(self, api, secret, event_a, data, status, code):
        answer = api("post", registrations_url(event_a), secret, data, HTTP_ACCEPT_LANGUAGE="en")
        assert answer.status_code == status
        assert answer.json()["code"] == code and answer.json()["detail"]
        assert not Registration.objects.exists()

    def test_a_body_that_is_not_json_is_refused(self, client, secret, event_a):
        answer = client.post(
            f"/api/v1/staff{registrations_url(event_a)}",
            "{not json",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert answer.status_code == 400
        assert answer.json()["code"] == "unreadable"
        assert not Registration.objects.exists()

    def test_the_arabic_refusal_of_a_bad_field_names_it_in_arabic(self, api, secret, event_a):
        answer = api(
            "post", registrations_url(event_a), secret, {"name": "X", "language": "fr"}, HTTP_ACCEPT_LANGUAGE="ar"
        )
        body = answer.json()
        assert body["errors"][0]["field"] == "language"
        for text in (body["detail"], body["errors"][0]["message"]):
            assert any("\u0600" <= char <= "\u06ff" for char in text)


class TestQueries:
    def test_the_list_costs_the_same_with_3_and_40_registrations(
        self, api, secret, event_a, django_assert_max_num_queries
    ):
        def add(count):
            for _number in range(count):
                RegistrationFactory(event=event_a)

        add(3)
        api("get", registrations_url(event_a), secret)  # warms the site's caches
        with django_assert_max_num_queries(30) as few:
            assert len(api("get", registrations_url(event_a), secret).json()["items"]) == 3
        counted = len(few.captured_queries)
        add(37)
        with django_assert_max_num_queries(counted):
            assert len(api("get", registrations_url(event_a), secret).json()["items"]) == 40
