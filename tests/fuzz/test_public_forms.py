"""Every form a visitor or a participant sends, filled with hostile input through the site's
pages: registering with the event's questions, the profile, signing up, in (with a password, a
code, at the admin's door), resetting a password, adding an email address, changing the
password, the directory's search and filters, the events index's filters, the site search and
the certificate verification form.

No answer is a server error. A refused form writes nothing; an accepted one writes whole rows
(tests/fuzz/hostile.py: ``assert_whole``) holding what was sent, as the form cleaned it."""

import datetime as dt
import urllib.parse

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from events.attendance.services.certificates import grouped
from events.models import EventIndexPage
from events.registrations.models import QuestionType, Registration, RegistrationSettings, StatusChange
from events.registrations.services.questions import signed_key
from network.models import Affiliation, Organisation, Person
from tests.factories.accounts import PASSWORD
from tests.fuzz.hostile import (
    EMAILS,
    NAMES,
    NAMES_AR,
    ORGANISATIONS,
    assert_answered,
    assert_whole,
    example,
    examples,
    form_fields,
    row_counts,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


# --- registering ---------------------------------------------------------------------------------

ANSWERS = {
    QuestionType.LONG_TEXT: ["To learn from others.", "لأتعلم من الآخرين"],
    QuestionType.SHORT_TEXT: ["Trainer", "", "مدرب"],
    QuestionType.SINGLE_CHOICE: ["Media", "Education", "Human rights"],
    QuestionType.MULTIPLE_CHOICE: st.lists(st.sampled_from(["Morning", "Afternoon"]), min_size=1),
    QuestionType.YES_NO: ["yes", "no"],
    QuestionType.COUNTRY: ["IQ", "JO", "PS"],
    QuestionType.GOVERNORATE: ["baghdad", "basra"],
    QuestionType.CONSENT: ["on"],
}
STATES = ["open", "open", "open", "full", "closed", "waiting list"]


def _set_state(registration_settings, state):
    rows = RegistrationSettings.objects.filter(pk=registration_settings.pk)
    if state == "full":
        rows.update(capacity=3, waitlist_enabled=False)
    elif state == "waiting list":
        rows.update(capacity=3, waitlist_enabled=True)
    elif state == "closed":
        rows.update(closes_at=timezone.now() - dt.timedelta(hours=1))


@settings(max_examples=examples(30))
@given(data=st.data())
def test_registering_with_the_questions(fuzz_client, world, data):
    """The event's form with one question of every kind, its key and the participant's names,
    sent while the event is open, full, full with a waiting list, or closed."""
    event, person, questions = world["event"], world["person"], world["questions"]
    key = signed_key(world["settings"], questions)
    fields = data.draw(
        form_fields(
            {
                "form_key": [key],
                "name": NAMES,
                "name_ar": NAMES_AR,
                **{f"q_{question.clean_name}": ANSWERS[question.field_type] for question in questions},
            }
        )
    )
    state = data.draw(st.sampled_from(STATES))
    with example("registration form") as run:
        _set_state(world["settings"], state)
        fuzz_client.force_login(world["participant"])
        person.refresh_from_db()
        names = (person.name, person.name_ar)
        before = row_counts(Registration, StatusChange, Person)
        response = fuzz_client.post(f"/en/registrations/{event.pk}/", fields)
        assert_answered(response)
        registration = Registration.objects.filter(event=event, person=person).first()
        if registration is None:
            assert row_counts(Registration, StatusChange, Person) == before, "a refused registration wrote rows"
            person.refresh_from_db()
            assert (person.name, person.name_ar) == names, "a refused registration changed the person's names"
            run.outcome = f"refused ({state})"
            return
        run.outcome = f"registered ({state})"
        assert response.status_code == 302
        assert_whole(registration)
        assert_whole(registration.person)
        assert [registration.person.name, registration.person.name_ar] == [
            fields.get(name, "").strip() for name in ("name", "name_ar")
        ]
        by_name = {question.clean_name: question for question in questions}
        assert set(registration.answers) <= set(by_name)
        for name, value in registration.answers.items():
            choices = {choice for choice, _label in by_name[name].choice_pairs()}
            if by_name[name].field_type == QuestionType.SINGLE_CHOICE:
                assert value in choices
            if by_name[name].field_type == QuestionType.MULTIPLE_CHOICE:
                assert set(value) <= choices


# --- the profile ---------------------------------------------------------------------------------

PROFILE_FIELDS = ("name", "name_ar", "title", "title_ar", "country", "governorate", "gender", "phone")


@settings(max_examples=examples(25))
@given(
    fields=form_fields(
        {
            "name": [*NAMES, ""],
            "name_ar": [*NAMES_AR, ""],
            "title": ["Trainer", ""],
            "title_ar": ["مدرب", ""],
            "country": ["IQ", "", "JO"],
            "governorate": ["basra", "", "baghdad"],
            "gender": ["female", "male", "", "undisclosed"],
            "phone": ["+964 770 123 4567", "", "0770-123-4567"],
            "public_profile": ["on", ""],
            "organisation": [*ORGANISATIONS, "", "New Group"],
        }
    )
)
def test_the_profile(fuzz_client, world, fields):
    person = world["person"]
    with example("profile form") as run:
        fuzz_client.force_login(world["participant"])
        person.refresh_from_db()
        stored = {name: getattr(person, name) for name in PROFILE_FIELDS}
        before = row_counts(Organisation, Affiliation, Person)
        response = fuzz_client.post("/en/my/profile/", fields)
        assert_answered(response)
        person.refresh_from_db()
        if response.status_code != 302:
            assert {name: getattr(person, name) for name in PROFILE_FIELDS} == stored
            assert row_counts(Organisation, Affiliation, Person) == before, "a refused profile wrote rows"
            run.outcome = "refused"
            return
        run.outcome = "saved"
        assert_whole(person)
        for name in ("name", "name_ar", "title", "phone"):
            assert getattr(person, name) == fields.get(name, "").strip()
        if fields.get("organisation", "").strip():
            affiliation = person.affiliations.select_related("organisation").get(is_primary=True)
            assert_whole(affiliation)
            assert_whole(affiliation.organisation)


# --- accounts ------------------------------------------------------------------------------------

ACCOUNT_MODELS = (User, EmailAddress)
ADDRESSES = st.one_of(st.sampled_from(EMAILS), st.emails())
PASSWORDS = ["olive-tree-harbour-41", PASSWORD, "short", "password", ""]


@settings(max_examples=examples(25))
@given(
    fields=form_fields(
        {
            "email": ADDRESSES,
            "password1": PASSWORDS,
            "website": ["", "", "", "https://spam.example"],
            "shown_at": [""],
        }
    ),
    again=st.sampled_from(["same", "same", "same", "other"]),
)
def test_signing_up(fuzz_client, world, fields, again):
    """The address and the password, typed twice (the same, or not), and the fields that turn
    bots away."""
    fields["password2"] = fields.get("password1", "") if again == "same" else PASSWORD
    with example("sign-up form") as run:
        before = row_counts(*ACCOUNT_MODELS)
        response = fuzz_client.post("/en/accounts/signup/", fields)
        assert_answered(response)
        if response.status_code != 302:
            assert row_counts(*ACCOUNT_MODELS) == before, "a refused sign-up wrote rows"
            run.outcome = "refused"
            return
        run.outcome = "signed up"
        user = User.objects.order_by("-pk").first()
        assert row_counts(*ACCOUNT_MODELS) == {"User": before["User"] + 1, "EmailAddress": before["EmailAddress"] + 1}
        address = EmailAddress.objects.get(user=user)
        assert_whole(user)
        assert_whole(address)
        assert address.email.casefold() == fields["email"].strip().casefold() and not address.verified


SIGN_IN = {
    "site": ("/en/accounts/login/", {"login": [*EMAILS, "member0@example.org"], "password": PASSWORDS}),
    "admin": ("/admin/login/", {"username": [*EMAILS, "member0"], "password": PASSWORDS}),
    "reset": ("/en/accounts/password/reset/", {"email": [*EMAILS, "member0@example.org"]}),
    "code": ("/en/accounts/login/code/", {"email": [*EMAILS, "member0@example.org"]}),
}


@settings(max_examples=examples(20))
@given(data=st.data())
def test_signing_in_and_resetting(fuzz_client, world, data):
    """Signing in on the site, at the admin's door and by an emailed code; asking for a new
    password."""
    target = data.draw(st.sampled_from(sorted(SIGN_IN)))
    url, spec = SIGN_IN[target]
    fields = data.draw(form_fields(spec))
    with example(f"sign-in form: {target}") as run:
        before = row_counts(*ACCOUNT_MODELS)
        response = fuzz_client.post(url, fields)
        assert_answered(response)
        assert row_counts(*ACCOUNT_MODELS) == before
        run.outcome = "redirected" if response.status_code == 302 else "answered"


ACCOUNT_PAGES = {
    "email": ("/en/accounts/email/", {"email": ADDRESSES, "action_add": [""]}),
    "password": (
        "/en/accounts/password/change/",
        {"oldpassword": PASSWORDS, "password1": PASSWORDS, "password2": PASSWORDS},
    ),
}


@settings(max_examples=examples(15))
@given(data=st.data())
def test_the_account_pages(fuzz_client, world, data):
    """Adding an email address to one's account, and changing one's password."""
    user = world["participant"]
    target = data.draw(st.sampled_from(sorted(ACCOUNT_PAGES)))
    url, spec = ACCOUNT_PAGES[target]
    fields = data.draw(form_fields(spec))
    with example(f"account form: {target}") as run:
        fuzz_client.force_login(user)
        before = row_counts(EmailAddress)
        response = fuzz_client.post(url, fields)
        assert_answered(response)
        if row_counts(EmailAddress) == before:
            run.outcome = "unchanged"
            return
        run.outcome = "address added"
        added = EmailAddress.objects.filter(user=user).order_by("-pk").first()
        assert target == "email"
        assert_whole(added)
        assert added.email.casefold() == fields["email"].strip().casefold()


# --- searching and filtering ----------------------------------------------------------------------


def query(values):
    return urllib.parse.urlencode(values)


@settings(max_examples=examples(25))
@given(
    fields=form_fields(
        {
            "q": [*NAMES, *NAMES_AR, "منظمة", "Civic", ""],
            "kind": ["ngo", "media", ""],
            "country": ["IQ", "JO", ""],
            "governorate": ["basra", "baghdad", ""],
            "network": ["dialogue-network-1", ""],
            "organisation": ["civic-group-1", ""],
            "page": ["1", "2", ""],
        }
    )
)
def test_the_directory_search_and_filters(fuzz_client, world, fields):
    """The directory's search, and the lists of organisations and people with their filters."""
    with example("directory search and filters") as run:
        for url in ("/en/directory/", "/en/directory/organisations/", "/ar/directory/people/"):
            response = fuzz_client.get(f"{url}?{query(fields)}")
            assert_answered(response)
        run.outcome = f"answered {response.status_code}"


@settings(max_examples=examples(20))
@given(
    fields=form_fields(
        {
            "q": ["ورشة", "Workshop", "number", ""],
            "kind": ["workshop", "conference", ""],
            "format": ["online", "in_person", ""],
            "city": ["Baghdad", ""],
            "country": ["IQ", ""],
            "year": ["2025", "2026", ""],
            "topic": ["media", ""],
            "view": ["", "month"],
            "month": ["2025-03", "2026-12", "1899-12", "2101-01", ""],
            "page": ["1", "2", ""],
            "archive": ["1", "2", ""],
        }
    )
)
def test_the_events_index_filters(fuzz_client, world, fields):
    index = EventIndexPage.objects.get(locale__language_code="en")
    with example("event index filters") as run:
        response = fuzz_client.get(f"{index.url}?{query(fields)}")
        assert_answered(response)
        run.outcome = f"answered {response.status_code}"


@settings(max_examples=examples(10))
@given(fields=form_fields({"q": ["ورشة", "Workshop", ""], "page": ["1", "2"]}))
def test_the_site_search(fuzz_client, world, fields):
    with example("site search") as run:
        response = fuzz_client.get(f"/ar/search/?{query(fields)}")
        assert_answered(response)
        run.outcome = f"answered {response.status_code}"


@settings(max_examples=examples(25))
@given(data=st.data())
def test_the_certificate_verification_form(fuzz_client, world, data):
    """The form's code, and a code in the verification page's address."""
    certificate = world["certificate"]
    true = grouped(certificate.code)
    fields = data.draw(form_fields({"code": [true, true.lower(), certificate.code, f" {true} ", "7KQ2M-XC9RD"]}))
    with example("certificate verification form") as run:
        response = fuzz_client.get(f"/en/certificates/verify/?{query(fields)}", follow=True)
        assert_answered(response)
        page = fuzz_client.get(f"/ar/certificates/verify/{urllib.parse.quote(fields.get('code', ''), safe='')}/")
        assert_answered(page)
        found = page.status_code == 200
        assert not found or certificate.registration.person.name_ar in page.content.decode()
        run.outcome = "found" if found else f"answered {page.status_code}"
