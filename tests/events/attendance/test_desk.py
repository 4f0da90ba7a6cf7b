"""The check-in desk's pages and endpoints: who may open them, what each attempt answers (green,
amber, red) in both languages, walk-ins, undo, the name search, the offline queue's sync, the
service worker, and bad requests answered with a message instead of an error page."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.utils import timezone

from events.attendance.models import Attendance, AttendanceChange, Method
from events.attendance.services import check_in
from events.attendance.slots import slots_for
from events.registrations.models import Registration, RegistrationStatus, StatusChange
from events.registrations.services.tickets import desk_key, ticket_check_url, ticket_token
from network.models import Person
from tests.factories.attendance import desk_staff
from tests.factories.network import AffiliationFactory, OrganisationFactory, PersonFactory
from tests.factories.registrations import (
    RegistrationFactory,
    SettingsFactory,
    english_of,
    event_page,
    organiser,
    participant,
)
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(event):
    return desk_staff(event, first_name="Sara", last_name="Ali")


@pytest.fixture
def desk(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def huda(event):
    """A confirmed participant with her organisation."""
    person = PersonFactory(participant=True, name="Huda Kareem", name_ar="هدى كريم")
    AffiliationFactory(
        person=person, organisation=OrganisationFactory(name="Basra Youth Forum", name_ar="منتدى شباب البصرة")
    )
    return RegistrationFactory(event=event, person=person)


def post(client, url, data, language="en"):
    return client.post(url, json.dumps(data), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


def endpoint(event, name, language="en"):
    return f"/{language}/desk/{event.pk}/{name}/"


# --- the pages ------------------------------------------------------------------------------------


def test_the_desk_page_in_arabic_is_right_to_left_with_the_event_slots_and_counter(desk, event, days, huda):
    check_in(huda, days[0].key)
    RegistrationFactory(event=event)
    response = desk.get(f"/ar/desk/{event.pk}/")
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert event.title in html and "مكتب تسجيل الحضور" in html
    assert "رمز التذكرة أو الرقم المرجعي" in html and "حضور دون تسجيل مسبق: التسجيل وتسجيل الحضور" in html
    assert f'<option value="{days[0].key}" selected>' in html and f'<option value="{days[1].key}">' in html
    assert "<bdi data-count-in>1</bdi> / <bdi data-count-confirmed>2</bdi>" in html
    config = json.loads(html.split('<script id="desk-config" type="application/json">')[1].split("</script>")[0])
    assert config["deskKey"] == desk_key(event.pk) and config["slot"] == days[0].key
    assert config["urls"]["scan"] == f"/ar/desk/{event.pk}/scan/"
    assert config["strings"]["green"] == "سُجّل حضوره"
    assert config["strings"]["provisionalToken"].startswith("نتيجة مؤقّتة")
    assert "no-store" in response["Cache-Control"]


def test_the_desk_page_in_english_chooses_the_slot_asked_for(desk, event, days):
    english = english_of(event)
    html = desk.get(f"/en/desk/{event.pk}/?slot={days[1].key}").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert english.title in html and "Check-in desk" in html and "checked in / confirmed" in html
    assert f'<option value="{days[1].key}" selected>' in html
    # The English page's address works as well and shows the same desk.
    assert english.title in desk.get(f"/en/desk/{english.pk}/").content.decode()


def test_wagtails_floating_button_does_not_cover_the_desk(client, event, days):
    """An organiser with the admin sees Wagtail's userbar on the event page, not at the desk,
    where on a phone it sat over the search and check-in buttons."""
    client.force_login(organiser(event))
    assert "wagtail-userbar" in client.get(event.url).content.decode()
    html = client.get(f"/ar/desk/{event.pk}/").content.decode()
    assert "مكتب تسجيل الحضور" in html and "wagtail-userbar" not in html


def test_a_ticket_from_the_check_page_waits_for_the_desk_to_confirm(desk, event, days, huda):
    token = ticket_token(huda)
    check_page = desk.get(f"/en/tickets/check/{token}/").content.decode()
    assert f'href="/en/desk/{event.pk}/?code={token}"' in check_page and "Check in at the desk" in check_page
    html = desk.get(f"/en/desk/{event.pk}/?code={token}").content.decode()
    assert f'value="{token}"' in html and "press “Check in” to record it for" in html
    assert not Attendance.objects.exists()


def test_the_index_lists_the_events_of_my_desk_only(desk, event, demo_site):
    other = event_page(title="ورشة لا تخصني")
    html = desk.get("/ar/desk/").content.decode()
    assert f'href="/ar/desk/{event.pk}/"' in html and event.title in html
    assert other.title not in html
    english = desk.get("/en/desk/").content.decode()
    assert english_of(event).title in english


def test_the_service_worker_keeps_the_desk_files_and_covers_the_desk_pages(client):
    response = client.get("/ar/desk/sw.js")
    script = response.content.decode()
    assert response["Content-Type"].startswith("text/javascript")
    assert (
        '"/static/attendance/desk/desk.js"' in script and '"/static/attendance/desk/vendor/zxing_reader.wasm"' in script
    )
    assert "__ASSETS__" not in script and "__VERSION__" not in script
    assert response["Cache-Control"] == "no-cache"


# --- who may use it ----------------------------------------------------------------------------


def _outsiders(event):
    from events.models import EventIndexPage

    other = event_page(title="ورشة أخرى")
    index = EventIndexPage.objects.get(locale__language_code="ar")
    other_index = index.get_parent().add_child(
        instance=EventIndexPage(title="أرشيف", slug="elsewhere", locale=index.locale)
    )
    return {
        "participant": participant()[0],
        "desk staff of another event": desk_staff(other),
        "organiser of another event": organiser(edit_pages_under=other_index),
    }


@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_one_else_learns_anything_of_the_desk(client, event, days, huda, language):
    hides = [event.title, english_of(event).title, "Huda", "هدى", days[0].label]
    for who, user in _outsiders(event).items():
        client.force_login(user)
        for url in (f"/{language}/desk/{event.pk}/", f"/{language}/desk/{english_of(event).pk}/"):
            assert_not_found(client.get(url), language, hides=hides)
        index = client.get(f"/{language}/desk/")
        if who == "participant":
            assert_not_found(index, language, hides=hides)
        else:
            # Their own desk's list, without this event.
            # (Their own event may share this one's date, and a title may begin like this one's.)
            listed = index.content.decode()
            shown = [f">{event.title}<", f">{english_of(event).title}<", f"/desk/{event.pk}/", "Huda", "هدى"]
            assert index.status_code == 200 and not any(secret in listed for secret in shown)
        assert client.get(endpoint(event, "counts", language), {"slot": days[0].key}).status_code == 404, who
        response = post(client, endpoint(event, "scan", language), {"code": ticket_token(huda), "slot": days[0].key})
        assert response.status_code == 404 and "Huda" not in response.content.decode(), who
        response = client.get(endpoint(event, "search", language), {"q": "Kareem", "slot": days[0].key})
        assert response.status_code == 404 and "Huda" not in response.content.decode(), who
    assert not Attendance.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in_and_the_endpoints_are_not_found(client, event, days, huda):
    response = client.get(f"/ar/desk/{event.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/ar/accounts/login/")
    assert client.get("/en/desk/")["Location"].startswith("/en/accounts/login/")
    assert client.get(endpoint(event, "counts"), {"slot": days[0].key}).status_code == 404
    response = post(client, endpoint(event, "scan"), {"code": ticket_token(huda), "slot": days[0].key})
    assert response.status_code == 404 and not Attendance.objects.exists()


def test_the_events_organisers_may_use_the_desk_too(client, event, days, huda):
    client.force_login(organiser(edit_pages_under=event.get_parent()))
    assert event.title in client.get(f"/ar/desk/{event.pk}/").content.decode()
    answer = post(client, endpoint(event, "scan"), {"code": huda.reference, "slot": days[0].key}).json()
    assert answer["outcome"] == "green"


# --- each attempt's answer -----------------------------------------------------------------------


def test_a_scan_answers_green_then_amber_in_english(desk, event, days, huda, staff):
    url = endpoint(event, "scan")
    answer = post(desk, url, {"code": ticket_check_url(huda), "slot": days[0].key}).json()
    assert answer["outcome"] == "green" and answer["code"] == "checked_in" and answer["undo"] is True
    assert answer["person"] == {
        "name": "Huda Kareem",
        "name_ar": "هدى كريم",
        "organisation": "Basra Youth Forum",
        "role": "Participant",
        "reference": huda.reference,
    }
    assert answer["counts"] == {"checked_in": 1, "confirmed": 1, "slot": days[0].key}
    record = Attendance.objects.get()
    assert (record.registration, record.method, record.recorded_by, record.slot) == (
        huda,
        Method.SCAN,
        staff,
        days[0].key,
    )
    again = post(desk, url, {"code": huda.reference.lower(), "slot": days[0].key}).json()
    assert again["outcome"] == "amber" and again["code"] == "already_checked_in"
    assert again["message"].startswith("Already checked in at") and "Sara Ali" in again["message"]
    assert again["person"]["name"] == "Huda Kareem" and "undo" not in again
    assert Attendance.objects.count() == 1


def test_answers_are_in_arabic_on_the_arabic_desk(desk, event, days, huda):
    url = endpoint(event, "scan", "ar")
    green = post(desk, url, {"code": ticket_token(huda), "slot": days[0].key}, "ar").json()
    assert green["person"]["organisation"] == "منتدى شباب البصرة" and green["person"]["role"] == "المشارك"
    amber = post(desk, url, {"code": ticket_token(huda), "slot": days[0].key}, "ar").json()
    assert amber["outcome"] == "amber" and "Sara Ali" in amber["message"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in amber["message"])
    cancelled = RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    red = post(desk, url, {"code": cancelled.reference, "slot": days[0].key}, "ar").json()
    assert red["outcome"] == "red" and red["code"] == "cancelled" and red["message"] == "أُلغي هذا التسجيل."


@pytest.mark.parametrize(
    ("status", "code", "words"),
    [
        (RegistrationStatus.CANCELLED, "cancelled", "cancelled"),
        (RegistrationStatus.WAITLISTED, "waitlisted", "waiting list"),
        (RegistrationStatus.PENDING, "pending", "approval"),
    ],
)
def test_refusals_are_red_with_their_reason(desk, event, days, status, code, words):
    registration = RegistrationFactory(event=event, status=status)
    answer = post(desk, endpoint(event, "scan"), {"code": ticket_token(registration), "slot": days[0].key}).json()
    assert answer["outcome"] == "red" and answer["code"] == code and words in answer["message"]
    assert answer["person"]["name"] == registration.person.name
    assert not Attendance.objects.exists()


def test_forged_unknown_and_other_events_codes_are_red_without_a_name(desk, event, days, huda):
    url = endpoint(event, "scan")
    token = ticket_token(huda)
    forged = post(desk, url, {"code": token[:-1] + ("0" if token[-1] != "0" else "1"), "slot": days[0].key}).json()
    assert (forged["outcome"], forged["code"]) == ("red", "forged") and "not a ticket" in forged["message"]
    unknown = post(desk, url, {"code": "ABCDEFGHJKMN", "slot": days[0].key}).json()
    assert unknown["code"] == "not_registered" and "person" not in unknown
    elsewhere = RegistrationFactory(event=SettingsFactory().event, person=PersonFactory(name="Far Away"))
    other = post(desk, url, {"code": ticket_token(elsewhere), "slot": days[0].key}).json()
    assert other["code"] == "another_event" and "Far Away" not in json.dumps(other)
    assert not Attendance.objects.exists()


def test_a_code_like_a_broken_address_is_red_and_no_error_page(desk, event, days, huda):
    """A scanner that types "http://[" before a ticket (a bracket the address never closes)."""
    response = post(desk, endpoint(event, "scan"), {"code": f"http://[x/{ticket_token(huda)}", "slot": days[0].key})
    assert response.status_code == 200
    assert (response.json()["outcome"], response.json()["code"]) == ("red", "forged")
    assert not Attendance.objects.exists()


def test_a_registration_awaiting_acceptance_shows_only_what_staff_typed(desk, event, days):
    person = PersonFactory(name="Directory Name", name_ar="اسم الدليل")
    AffiliationFactory(person=person)
    waiting = RegistrationFactory(
        event=event, person=person, awaiting_acceptance=True, entered_name="Typed Guest", entered_name_ar=""
    )
    answer = post(desk, endpoint(event, "scan"), {"code": waiting.reference, "slot": days[0].key}).json()
    assert answer["code"] == "not_accepted" and answer["person"]["name"] == "Typed Guest"
    assert "Directory Name" not in json.dumps(answer) and answer["person"]["organisation"] == ""


def test_undo_takes_back_a_check_in_and_the_history_keeps_both(desk, event, days, huda, staff):
    post(desk, endpoint(event, "scan"), {"code": huda.reference, "slot": days[0].key})
    answer = post(desk, endpoint(event, "undo"), {"registration": huda.pk, "slot": days[0].key}).json()
    assert answer["outcome"] == "undone" and answer["message"] == "Check-in undone."
    assert answer["counts"]["checked_in"] == 0 and not Attendance.objects.exists()
    history = list(AttendanceChange.objects.values_list("action", "by", "note"))
    assert history == [("recorded", staff.pk, ""), ("undone", staff.pk, "undone at the check-in desk")]
    again = post(desk, endpoint(event, "undo"), {"registration": huda.pk, "slot": days[0].key}).json()
    assert again["outcome"] == "red" and again["code"] == "not_checked_in"


def test_undo_and_check_in_by_id_stay_inside_the_event(desk, event, days):
    elsewhere = RegistrationFactory(event=SettingsFactory().event)
    check_in(elsewhere, slots_for(elsewhere.event)[0].key)
    for name in ("undo", "person"):
        answer = post(desk, endpoint(event, name), {"registration": elsewhere.pk, "slot": days[0].key}).json()
        assert answer["outcome"] == "red" and answer["code"] == "not_registered", name
    assert Attendance.objects.filter(registration=elsewhere).count() == 1


def test_the_counter_counts_this_slot(desk, event, days, huda):
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    check_in(huda, days[1].key)
    first = desk.get(endpoint(event, "counts"), {"slot": days[0].key}).json()
    second = desk.get(endpoint(event, "counts"), {"slot": days[1].key}).json()
    assert (first["checked_in"], first["confirmed"], second["checked_in"]) == (0, 2, 1)


# --- name search ---------------------------------------------------------------------------------


def test_a_name_in_either_script_and_spelling_finds_the_person_who_is_then_checked_in(desk, event, days):
    hani = RegistrationFactory(event=event, person=PersonFactory(name="Hani Dawa", name_ar="هاني ضوّة"))
    RegistrationFactory(event=event, person=PersonFactory(name="Someone Else", name_ar="شخص آخر"))
    for query in ("هانى ضوه", "hani", "DAWA"):
        found = desk.get(endpoint(event, "search"), {"q": query, "slot": days[0].key}).json()["results"]
        assert [r["registration"] for r in found] == [hani.pk], query
        assert found[0]["name_ar"] == "هاني ضوّة" and found[0]["checked_in"] is False
    answer = post(desk, endpoint(event, "person"), {"registration": hani.pk, "slot": days[0].key}).json()
    assert answer["outcome"] == "green" and Attendance.objects.get().method == Method.NAME
    found = desk.get(endpoint(event, "search"), {"q": "هاني", "slot": days[0].key}).json()["results"]
    assert found[0]["checked_in"] is True and found[0]["status"] == "Confirmed"
    assert desk.get(endpoint(event, "search"), {"q": " ", "slot": days[0].key}).json() == {"results": []}


# --- walk-ins --------------------------------------------------------------------------------------


def walk_in(client, event, slot, **fields):
    return post(client, endpoint(event, "walk-in"), {"slot": slot, **fields}).json()


def test_a_walk_in_is_registered_and_checked_in_at_once(desk, event, days, staff):
    answer = walk_in(desk, event, days[0].key, name="Ali Hassan", name_ar="علي حسن", organisation="Nineveh Media Lab")
    assert (answer["outcome"], answer["code"], answer["message"]) == (
        "green",
        "walked_in",
        "Registered and checked in.",
    )
    assert answer["person"]["name_ar"] == "علي حسن" and answer["person"]["organisation"] == "Nineveh Media Lab"
    record = Attendance.objects.get()
    registration = record.registration
    assert (record.method, record.recorded_by, registration.status, registration.source) == (
        Method.WALK_IN,
        staff,
        RegistrationStatus.CONFIRMED,
        "staff",
    )
    assert registration.person.public_profile is False and not registration.awaiting_acceptance


def test_a_walk_ins_email_never_reaches_the_directorys_entry(desk, event, days):
    known = PersonFactory(name="Known Person", name_ar="شخص معروف", email="known@example.org")
    answers = [
        walk_in(desk, event, days[0].key, name="At The Door", email=email)
        for email in ("known@example.org", "nobody@example.org")
    ]
    assert [a["outcome"] for a in answers] == ["green", "green"]
    assert [a["person"]["name"] for a in answers] == ["At The Door", "At The Door"]
    assert "Known Person" not in json.dumps(answers)
    assert not Registration.objects.filter(person=known).exists()
    known.refresh_from_db()
    assert known.name == "Known Person"
    assert Person.objects.filter(email="known@example.org").count() == 2


def test_a_full_event_refuses_a_walk_in_unless_the_desk_overrides_it(desk, event, days):
    from events.registrations.models import RegistrationSettings

    RegistrationSettings.objects.filter(event=event).update(capacity=1, waitlist_enabled=True)
    RegistrationFactory(event=event)
    people = Person.objects.count()
    refused = walk_in(desk, event, days[0].key, name="Late Comer")
    assert refused["outcome"] == "red" and refused["code"] == "full" and "beyond capacity" in refused["message"]
    assert Person.objects.count() == people and Registration.objects.count() == 1
    assert not Attendance.objects.exists()
    let_in = walk_in(desk, event, days[0].key, name="Late Comer", override_capacity=True)
    assert let_in["outcome"] == "green" and let_in["counts"]["confirmed"] == 2
    registration = Attendance.objects.get().registration
    assert StatusChange.objects.get(registration=registration).note == "beyond capacity"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"name": " "}, "no_name"),
        ({"name": False, "name_ar": True}, "no_name"),
        ({"name": "Ali", "email": "not-an-address"}, "invalid_email"),
    ],
)
def test_a_walk_in_without_a_name_or_with_a_wrong_email_writes_nothing(desk, event, days, fields, code):
    people = Person.objects.count()
    answer = walk_in(desk, event, days[0].key, **fields)
    assert answer["outcome"] == "red" and answer["code"] == code and answer["message"]
    assert Person.objects.count() == people and not Registration.objects.exists()


# --- the offline queue ---------------------------------------------------------------------------


def test_scans_kept_offline_are_recorded_once_at_the_time_they_were_made(desk, event, days):
    people = [RegistrationFactory(event=event) for _ in range(3)]
    seen = timezone.now() - dt.timedelta(minutes=20)
    scans = [
        {"code": ticket_token(r), "slot": days[0].key, "scanned_at": seen.isoformat(), "client_key": f"k{i}"}
        for i, r in enumerate(people)
    ]
    results = post(desk, endpoint(event, "sync"), {"scans": scans}).json()["results"]
    assert [(r["outcome"], r["client_key"]) for r in results] == [("green", "k0"), ("green", "k1"), ("green", "k2")]
    assert Attendance.objects.count() == 3
    assert {abs((a.at - seen).total_seconds()) < 1 for a in Attendance.objects.all()} == {True}
    # The same batch sent again (its answer was lost) is applied once, and answers as before.
    again = post(desk, endpoint(event, "sync"), {"scans": scans}).json()["results"]
    assert [r["outcome"] for r in again] == ["green"] * 3 and Attendance.objects.count() == 3


def test_two_desks_that_scanned_the_same_ticket_offline_end_with_one_record(client, event, days, huda):
    first, second = desk_staff(event, first_name="Omar"), desk_staff(event, first_name="Rana")
    answers = []
    for user, key in ((first, "desk-one"), (second, "desk-two")):
        client.force_login(user)
        scan = {"code": ticket_token(huda), "slot": days[0].key, "scanned_at": "", "client_key": key}
        answers.append(post(client, endpoint(event, "sync"), {"scans": [scan]}).json()["results"][0])
    assert [a["outcome"] for a in answers] == ["green", "amber"]
    assert "Omar" in answers[1]["message"]
    assert Attendance.objects.get().recorded_by == first


def test_unreadable_scans_in_a_batch_are_answered_one_by_one(desk, event, days, huda):
    scans = [
        "not a scan",
        {"code": huda.reference, "slot": "1999-01-01", "client_key": "a"},
        {"code": ["list"], "slot": days[0].key, "client_key": "b"},
        {"code": huda.reference, "slot": days[0].key, "scanned_at": "2024-13-45T99:00", "client_key": "c"},
        {"code": huda.reference, "slot": days[0].key, "scanned_at": "yesterday", "client_key": "d"},
    ]
    results = post(desk, endpoint(event, "sync"), {"scans": scans}).json()["results"]
    assert [r["outcome"] for r in results] == ["red", "red", "red", "red", "green"]
    assert "not part of the event" in results[1]["message"]
    assert Attendance.objects.count() == 1


# --- bad requests --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("scan", "{not json", "could not be read"),
        ("scan", "[1, 2]", "could not be read"),
        ("scan", json.dumps({"code": "X", "slot": "1999-01-01"}), "not part of the event"),
        ("scan", json.dumps({"code": 12, "slot": None}), "not part of the event"),
        ("scan", json.dumps({"code": {"a": 1}, "slot": "SLOT"}), "could not be read"),
        ("scan", b"\xff\xfe\x00", "could not be read"),
        ("scan", json.dumps({"code": "x" * 20_000, "slot": "SLOT"}), "too large"),
        ("person", json.dumps({"registration": "one", "slot": "SLOT"}), "could not be read"),
        ("undo", json.dumps({"registration": None, "slot": "SLOT"}), "could not be read"),
        ("walk-in", json.dumps({"name": "x" * 300, "slot": "SLOT"}), "at most 255"),
        ("sync", json.dumps({"scans": "all"}), "could not be read"),
        ("sync", json.dumps({"scans": [{}] * 101}), "could not be read"),
    ],
)
def test_bad_requests_get_a_400_with_a_message(desk, event, days, name, body, message):
    if isinstance(body, str):
        body = body.replace("SLOT", days[0].key)
    response = desk.post(endpoint(event, name), body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert not Attendance.objects.exists()


def test_nul_characters_are_refused_before_they_reach_the_database(desk, event, days, huda):
    # In an address the site's own guard answers first; in a body the desk's.
    assert desk.get(endpoint(event, "search"), {"q": "Hu\x00da", "slot": days[0].key}).status_code == 400
    scan = {"code": huda.reference, "slot": days[0].key, "client_key": "a\x00b"}
    assert post(desk, endpoint(event, "scan"), scan).status_code == 400
    synced = post(desk, endpoint(event, "sync"), {"scans": [scan]}).json()["results"]
    assert synced[0]["outcome"] == "red"
    walk_in = post(desk, endpoint(event, "walk-in"), {"slot": days[0].key, "name": "Ali\x00"})
    assert walk_in.status_code == 400 and "Null characters are not allowed." in walk_in.json()["message"]
    assert not Attendance.objects.exists()


def test_a_body_bigger_than_the_desk_reads_is_refused_before_it_is_read(desk, event, days):
    body = json.dumps({"scans": [{"code": "x" * 500}] * 600})
    response = desk.post(endpoint(event, "sync"), body, content_type="application/json")
    assert response.status_code == 400 and "too large" in response.json()["message"]


def test_the_wrong_method_and_an_unknown_slot_in_a_query_are_answered(desk, event, days):
    response = desk.get(endpoint(event, "scan"))
    assert response.status_code == 405 and response["Allow"] == "POST" and response.json()["message"]
    response = desk.get(endpoint(event, "counts", "ar"), {"slot": "nope"})
    assert response.status_code == 400 and response.json()["message"] == "هذا اليوم أو هذه الجلسة ليس من الفعالية."
    assert desk.get(endpoint(event, "search"), {"q": "x" * 500, "slot": days[0].key}).status_code == 400


# --- query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("people", [3, 40])
def test_the_desk_page_and_its_counter_take_the_same_queries_for_3_or_40_people(
    desk, event, days, people, django_assert_max_num_queries
):
    for registration in [RegistrationFactory(event=event) for _ in range(people)][: people // 2]:
        check_in(registration, days[0].key)
    desk.get(f"/ar/desk/{event.pk}/")
    # The session and the user; the event page and its locale; the desk policy (the user's
    # and their groups' permissions, a desk role, this event among theirs); the plan; the two
    # counts; then the page around it (the site, its locale, the home page, the menu and its
    # pages, the English translation for the title and the language switch).
    with django_assert_max_num_queries(21):
        assert desk.get(f"/ar/desk/{event.pk}/").status_code == 200
    # What every desk asks every few seconds: the same up to the plan, then the two counts.
    with django_assert_max_num_queries(11):
        assert desk.get(endpoint(event, "counts"), {"slot": days[0].key}).json()["confirmed"] == people


@pytest.mark.parametrize("people", [3, 12])
def test_the_name_search_takes_the_same_queries_for_3_or_12_people_found(
    desk, event, days, people, django_assert_max_num_queries
):
    for number in range(people):
        person = PersonFactory(name=f"Zainab {number}", name_ar=f"زينب {number}")
        AffiliationFactory(person=person)
        RegistrationFactory(event=event, person=person)
    desk.get(endpoint(event, "search"), {"q": "zainab", "slot": days[0].key})
    # As the counter up to the plan; then the people found, their organisations, and which of
    # them are already checked in for the slot.
    with django_assert_max_num_queries(12):
        found = desk.get(endpoint(event, "search"), {"q": "zainab", "slot": days[0].key}).json()["results"]
    assert len(found) == people and all(result["organisation"] for result in found)


# --- the served files -------------------------------------------------------------------------------


VENDORED = {
    "idb/build/umd.js": "idb.umd.js",
    "barcode-detector/dist/iife/ponyfill.js": "barcode-detector.ponyfill.js",
    "zxing-wasm/dist/reader/zxing_reader.wasm": "zxing_reader.wasm",
}


@pytest.mark.parametrize(("package_file", "served"), VENDORED.items())
def test_the_desks_vendored_files_are_the_npm_packages_files(package_file, served):
    root = Path(__file__).resolve().parents[3]
    source = root / "node_modules" / package_file
    if not source.exists():
        pytest.skip("npm packages not installed")
    assert (root / "events/attendance/static/attendance/desk/vendor" / served).read_bytes() == source.read_bytes()


def test_an_event_number_too_large_for_the_database_is_not_found(admin_client, days):
    huge = "9" * 25
    assert_not_found(admin_client.get(f"/en/desk/{huge}/"), "en")
    assert admin_client.get(f"/en/desk/{huge}/counts/", {"slot": days[0].key}).status_code == 404


def test_a_desk_that_scans_or_searches_beyond_its_allowance_is_told_to_wait(desk, event, days, huda, settings):
    """RATE_LIMITS["desk_lookup"] and ["desk_search"] (core.limits): the answer is red with the
    reason, in the desk's language, and nothing is recorded."""
    from django.core.cache import cache

    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "desk_lookup": "2/m/user", "desk_search": "1/m/user"}
    url = endpoint(event, "scan")
    for _attempt in range(2):
        post(desk, url, {"slot": days[0].key, "code": "NOT-A-TICKET"})
    response = post(desk, endpoint(event, "scan", "ar"), {"slot": days[0].key, "code": ticket_token(huda)}, "ar")
    assert response.status_code == 429
    body = response.json()
    assert body["outcome"] == "red" and body["code"] == "too_many_attempts"
    assert "محاولات كثيرة في وقت قصير" in body["message"]
    assert not Attendance.objects.filter(registration=huda).exists()
    search = endpoint(event, "search")
    assert desk.get(search, {"slot": days[0].key, "q": "Huda"}).status_code == 200
    refused = desk.get(search, {"slot": days[0].key, "q": "Huda"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429 and "Too many attempts" in refused.json()["message"]
    assert "Huda" not in refused.content.decode()
    cache.clear()
