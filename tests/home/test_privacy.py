"""Privacy a participant can use (home/privacy.py): everything held about them on a page and
as JSON; their consents recorded with the words shown and the time; deleting their account
removes what identifies them and keeps the events' counts."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from events.attendance.models import Attendance, Certificate, Method
from events.registrations.models import Registration, RegistrationStatus
from network.models import Consent, ConsentSubject, Person
from tests.factories.accounts import PASSWORD
from tests.factories.registrations import (
    RegistrationFactory,
    SettingsFactory,
    add_questions,
    answers_post,
    event_page,
    participant,
)
from tests.quality.references import missing_references

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(demo_site):
    page = event_page(title="ورشة السلامة الرقمية")
    settings = SettingsFactory(event=page)
    add_questions(settings)
    return page


@pytest.fixture
def noor(client, event):
    """A participant with a phone, a registration with answers, a day attended and a
    certificate, signed in."""
    user, person = participant(name="Noor Ali", name_ar="نور علي", phone="+964 770 000 1111", gender="female")
    registration = RegistrationFactory(
        event=event, person=person, answers={"why_do_you_want_to_take_part": "لأتعلم حماية مصادري"}
    )
    Attendance.objects.create(
        registration=registration, event=event, slot="2026-12-10", at=timezone.now(), method=Method.SCAN
    )
    Certificate.objects.create(registration=registration, code="7KQ2MXC9RD", issued_at=timezone.now())
    client.force_login(user)
    return user, person, registration


def test_my_data_page_shows_everything_held_and_nothing_of_anyone_else(client, event, noor):
    _user, _person, registration = noor
    other_user, other = participant(name="Samir Other", phone="+964 780 999 8888")
    RegistrationFactory(event=event, person=other)
    page = client.get("/en/my/data/").content.decode()
    for shown in ("Noor Ali", "نور علي", "+964 770 000 1111", registration.reference, "7KQ2MXC9RD", "Download it all"):
        assert shown in page, shown
    assert "Samir Other" not in page and "+964 780 999 8888" not in page
    arabic = client.get("/ar/my/data/").content.decode()
    assert 'dir="rtl"' in arabic and "بياناتي" in arabic and "تنزيلها كلها" in arabic


def test_the_json_download_holds_the_same_and_is_private(client, noor):
    user, _person, registration = noor
    response = client.get("/en/my/data.json")
    assert response["Content-Disposition"].startswith('attachment; filename="multaqa-my-data-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    assert data["profile"]["phone"] == "+964 770 000 1111" and data["profile"]["gender"] == "Female"
    [held] = data["registrations"]
    assert held["reference"] == registration.reference and held["certificate"]["code"] == "7KQ2MXC9RD"
    assert held["answers"][0]["answer"] == "لأتعلم حماية مصادري" and len(held["attendance"]) == 1
    client.logout()
    assert client.get("/en/my/data.json")["Location"].startswith("/en/accounts/login/")


def test_my_data_shows_when_a_consent_was_given_in_the_sites_time(client, noor):
    _user, person, _registration = noor
    at = dt.datetime(2026, 12, 6, 13, 50, tzinfo=dt.UTC)  # 16:50 in Baghdad
    Consent.objects.create(
        person=person, subject=ConsentSubject.PUBLIC_PROFILE, given=True, wording="Show my profile", version="v1",
        language="en", at=at,
    )  # fmt: skip
    english = client.get("/en/my/data/").content.decode()
    assert '<time datetime="2026-12-06T13:50:00+00:00">6 December 2026 16:50</time>' in english
    arabic = client.get("/ar/my/data/").content.decode()
    assert ">6 كانون الأول 2026 16:50</time>" in arabic
    assert "2026-12-06T13:50," not in english + arabic


def test_ticking_and_clearing_the_public_profile_records_consent_with_its_words(client, noor):
    _user, person, _registration = noor
    form = {"name": "Noor Ali", "name_ar": "نور علي", "organisation": "", "public_profile": "on"}
    client.post("/ar/my/profile/", form)
    form.pop("public_profile")
    client.post("/en/my/profile/", form)
    given, withdrawn = Consent.objects.filter(person=person).order_by("at", "pk")
    assert given.subject == ConsentSubject.PUBLIC_PROFILE and given.given and given.language == "ar"
    assert "اعرض ملفي" in given.wording or "الدليل" in given.wording
    assert not withdrawn.given and withdrawn.language == "en"
    assert withdrawn.wording.startswith("Show my profile in the public directory")
    assert given.version != withdrawn.version and len(given.version) == 16
    client.post("/en/my/profile/", form)  # saved again without a change: no new row
    assert Consent.objects.filter(person=person).count() == 2


def test_a_registrations_consent_question_is_recorded_as_shown(client, demo_site):
    page = event_page()
    questions = add_questions(SettingsFactory(event=page))
    user, person = participant(name="Huda", name_ar="هدى")
    client.force_login(user)
    url = f"/ar/registrations/{page.pk}/"
    html = client.get(url).content.decode()
    key = html.split('name="form_key" value="')[1].split('"')[0]
    client.post(url, {"form_key": key, "name": "Huda", "name_ar": "هدى", **answers_post(questions)})
    registration = Registration.objects.get(person=person)
    [consent] = Consent.objects.filter(person=person)
    assert consent.subject == ConsentSubject.EVENT and consent.given
    assert consent.wording == "أوافق على التصوير" and consent.language == "ar"
    assert registration.reference in consent.context


def test_deleting_the_account_needs_the_password_again_and_a_tick(client, noor):
    user, person, _registration = noor
    response = client.get("/en/my/delete/")
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    refused = client.post("/en/my/delete/", {})
    assert refused.status_code == 400 and "This field is required." in refused.content.decode()
    assert not missing_references(refused.content.decode())  # the box's error is named by its id
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert Person.objects.get(pk=person.pk).name == "Noor Ali"


def test_deleting_the_account_removes_what_identifies_and_keeps_the_counts(client, event, noor):
    user, person, registration = noor
    cache.clear()
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post("/en/my/delete/", {"confirm": "on"}, follow=True)
    assert "Your account is deleted." in response.content.decode()
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    person.refresh_from_db()
    assert person.erased_at is not None and person.user_id is None
    assert (person.name, person.name_ar, person.email, person.phone, person.gender) == (
        "Deleted account",
        "حساب محذوف",
        "",
        "",
        "",
    )
    assert not person.public_profile
    registration.refresh_from_db()
    assert registration.answers == {} and registration.status == RegistrationStatus.CONFIRMED
    assert Registration.objects.filter(event=event).count() == 1 and Attendance.objects.count() == 1
    # The certificate still verifies, without the name.
    page = client.get("/en/certificates/verify/7KQ2M-XC9RD/").content.decode()
    assert "This certificate is valid." in page and "A deleted account" in page
    assert "Noor Ali" not in page and "نور علي" not in page
