"""Registering from the site: the form, its outcomes, and every kind of bad input."""

import datetime as dt

import pytest
from django.utils import timezone

from events.registrations.models import Registration, RegistrationStatus
from events.registrations.services.questions import LONG_MAX
from network.models import Person
from tests.factories.network import PersonFactory
from tests.factories.registrations import QuestionType, add_questions, answers_post, english_of, participant
from tests.not_found import assert_not_found
from tests.quality.references import missing_references

pytestmark = pytest.mark.django_db


def url_of(event):
    return f"/{event.locale.language_code}/registrations/{event.pk}/"


def form_key(client, url):
    html = client.get(url).content.decode()
    marker = 'name="form_key" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


@pytest.fixture
def signed_in(client):
    user, person = participant(name="Noor Ali", name_ar="نور علي")
    client.force_login(user)
    return client, user, person


@pytest.fixture
def questions(settings_for_event):
    return add_questions(settings_for_event)


def post_registration(client, event, questions, **overrides):
    url = url_of(event)
    data = {"form_key": form_key(client, url), "name": "Noor Ali", "name_ar": "نور علي"}
    data.update(answers_post(questions, **overrides))
    return client.post(url, data)


def test_anonymous_visitor_is_sent_to_sign_in(client, settings_for_event):
    response = client.get(url_of(settings_for_event.event))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_form_is_prefilled_and_asks_only_the_event_questions(signed_in, settings_for_event, questions):
    client, user, _person = signed_in
    html = client.get(url_of(settings_for_event.event)).content.decode()
    assert 'value="Noor Ali"' in html
    assert 'value="نور علي"' in html
    assert user.email in html
    for question in questions:
        assert question.label_ar in html
    assert "حقوق الإنسان" in html  # choices in Arabic
    assert 'lang="ar" dir="rtl"' in html


def test_english_form_shows_english_questions(signed_in, settings_for_event, questions):
    client, _user, _person = signed_in
    html = client.get(url_of(english_of(settings_for_event.event))).content.decode()
    assert "Why do you want to take part?" in html
    assert "Human rights" in html
    assert "لماذا تريد المشاركة؟" not in html


def test_valid_registration_is_confirmed_with_answers(signed_in, settings_for_event, questions, mailoutbox):
    client, _user, person = signed_in
    response = post_registration(client, settings_for_event.event, questions)
    registration = Registration.objects.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == f"/ar/my/events/{registration.reference}/"
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.language == "ar"
    answers = {question.field_type: registration.answers[question.clean_name] for question in questions}
    assert answers[QuestionType.SINGLE_CHOICE] == "Media"
    assert answers[QuestionType.MULTIPLE_CHOICE] == ["Morning", "Afternoon"]
    assert answers[QuestionType.COUNTRY] == "IQ"
    assert answers[QuestionType.GOVERNORATE] == "baghdad"
    assert answers[QuestionType.CONSENT] is True
    page = client.get(response["Location"]).content.decode()
    assert "تم تسجيلك. مقعدك مؤكَّد" in page


def test_full_event_tells_the_position_on_the_waiting_list(signed_in, settings_for_event, questions):
    client, _user, person = signed_in
    settings_for_event.capacity = 0
    settings_for_event.save()
    Registration.objects.create(
        event=settings_for_event.event,
        person=PersonFactory(),
        status=RegistrationStatus.WAITLISTED,
        queued_at=timezone.now(),
    )
    response = post_registration(client, settings_for_event.event, questions)
    registration = Registration.objects.get(person=person)
    assert registration.status == RegistrationStatus.WAITLISTED
    page = client.get(response["Location"]).content.decode()
    assert "رقم 2 في قائمة الانتظار" in page


def test_english_registration_is_stored_in_english(signed_in, settings_for_event, questions):
    client, _user, person = signed_in
    post_registration(client, english_of(settings_for_event.event), questions)
    registration = Registration.objects.get(person=person)
    assert registration.language == "en"
    assert registration.event_id == settings_for_event.event_id


def test_names_given_in_the_form_update_the_profile(client, settings_for_event):
    user, person = participant(name="", name_ar="")
    client.force_login(user)
    url = url_of(settings_for_event.event)
    response = client.post(url, {"form_key": form_key(client, url), "name": "Sara Hadi", "name_ar": "سارة هادي"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.name_ar) == ("Sara Hadi", "سارة هادي")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({QuestionType.SINGLE_CHOICE: None}, "هذا الحقل مطلوب"),
        ({QuestionType.CONSENT: None}, "هذا الحقل مطلوب"),
        ({QuestionType.LONG_TEXT: "x" * (LONG_MAX + 1)}, "2000"),
        ({QuestionType.SINGLE_CHOICE: "Sports"}, "انتق خياراً صحيحاً"),
        ({QuestionType.MULTIPLE_CHOICE: ["Morning", "Night"]}, "انتق خياراً صحيحاً"),
        ({QuestionType.COUNTRY: "XX"}, "انتق خياراً صحيحاً"),
        ({QuestionType.GOVERNORATE: "atlantis"}, "انتق خياراً صحيحاً"),
        ({QuestionType.YES_NO: "maybe"}, "انتق خياراً صحيحاً"),
        ({QuestionType.COUNTRY: "SE", QuestionType.GOVERNORATE: "basra"}, "المحافظات المدرجة هي محافظات العراق"),
    ],
    ids=[
        "missing-choice",
        "missing-consent",
        "too-long",
        "choice-not-offered",
        "multi-not-offered",
        "bad-country",
        "bad-governorate",
        "bad-yes-no",
        "governorate-outside-iraq",
    ],
)
def test_bad_answers_are_explained_and_nothing_is_written(signed_in, settings_for_event, questions, overrides, message):
    client, _user, _person = signed_in
    response = post_registration(client, settings_for_event.event, questions, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_every_label_and_error_names_a_field_of_the_form(signed_in, settings_for_event, questions):
    """Every kind of question, as first shown and with every answer refused: each label,
    description and error message refers by id to an element of the page."""
    client, _user, _person = signed_in
    assert not missing_references(client.get(url_of(settings_for_event.event)).content.decode())
    blank = {question.field_type: None for question in questions}
    refused = post_registration(client, settings_for_event.event, questions, **blank).content.decode()
    assert "aria-invalid" in refused and not missing_references(refused)


def test_tampered_hidden_field_is_refused(signed_in, settings_for_event, questions):
    client, _user, _person = signed_in
    url = url_of(settings_for_event.event)
    data = {"form_key": form_key(client, url) + "x", "name": "Noor Ali", **answers_post(questions)}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "تغيّر هذا النموذج" in response.content.decode()
    assert not Registration.objects.exists()


def test_form_sent_after_the_questions_changed_is_refused(signed_in, settings_for_event, questions):
    client, _user, _person = signed_in
    url = url_of(settings_for_event.event)
    data = {"form_key": form_key(client, url), "name": "Noor Ali", **answers_post(questions)}
    questions[0].delete()
    response = client.post(url, data)
    assert response.status_code == 400
    assert "تغيّر هذا النموذج أو جرى العبث به." in response.content.decode()
    assert not Registration.objects.exists()
    # The form shown again asks the questions as they are now, and sending it registers.
    marker = 'name="form_key" value="'
    html = response.content.decode()
    start = html.index(marker) + len(marker)
    data["form_key"] = html[start : html.index('"', start)]
    assert client.post(url, data).status_code == 302
    assert Registration.objects.filter(person=_person).count() == 1


def test_missing_name_is_refused(client, settings_for_event):
    user, _person = participant(name="", name_ar="")
    client.force_login(user)
    url = url_of(settings_for_event.event)
    response = client.post(url, {"form_key": form_key(client, url), "name": " ", "name_ar": ""})
    assert response.status_code == 400
    assert "اكتب اسمك" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_name_too_long_says_so_and_not_that_it_is_missing(client, settings_for_event):
    user, _person = participant(name="", name_ar="")
    client.force_login(user)
    url = url_of(settings_for_event.event)
    response = client.post(url, {"form_key": form_key(client, url), "name": "", "name_ar": "س" * 400})
    page = response.content.decode()
    assert response.status_code == 400 and "اكتب اسمك" not in page
    assert "255" in page and "400" in page  # Django's "at most 255 characters (it has 400)", in Arabic
    assert not Registration.objects.exists()


def test_unverified_email_cannot_register(client, settings_for_event):
    user, _person = participant(verified=False)
    client.force_login(user)
    response = client.post(url_of(settings_for_event.event), {"name": "X"})
    assert response.status_code == 403
    assert "أكّد عنوان بريدك الإلكتروني" in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"opens_at": dt.timedelta(days=2)}, "يُفتح التسجيل في"),
        ({"closes_at": -dt.timedelta(hours=1)}, "التسجيل مغلق"),
        ({"capacity": 0, "waitlist_enabled": False}, "اكتمل العدد"),
    ],
    ids=["not-yet-open", "closed", "full"],
)
def test_event_not_taking_registrations_says_why(signed_in, settings_for_event, change, message):
    client, _user, person = signed_in
    url = url_of(settings_for_event.event)
    key = form_key(client, url)
    for field, value in change.items():
        setattr(settings_for_event, field, timezone.now() + value if isinstance(value, dt.timedelta) else value)
    settings_for_event.save()
    page = client.get(url).content.decode()
    assert message in page
    assert 'name="form_key"' not in page
    response = client.post(url, {"form_key": key, "name": "Noor A. Ali", "name_ar": "نور عبد علي"})
    assert response.status_code == 409
    assert message in response.content.decode()
    assert not Registration.objects.exists()
    # The names typed in a refused form do not reach the directory either.
    person.refresh_from_db()
    assert (person.name, person.name_ar) == ("Noor Ali", "نور علي")


def test_second_registration_leads_to_my_events(signed_in, settings_for_event):
    client, _user, person = signed_in
    url = url_of(settings_for_event.event)
    data = {"form_key": form_key(client, url), "name": "Noor Ali"}
    client.post(url, data)
    response = client.post(url, data, follow=True)
    assert "أنت مسجّل في هذه الفعالية" in response.content.decode()
    assert Registration.objects.filter(person=person).count() == 1


@pytest.mark.parametrize("path", ["/ar/registrations/999999/", "/ar/registrations/abc/"])
def test_unknown_event_is_404(signed_in, path):
    client, _user, _person = signed_in
    assert_not_found(client.get(path), "ar", hides=['name="form_key"'])


def test_event_without_registration_settings_is_404(signed_in, event):
    client, _user, _person = signed_in
    assert_not_found(client.get(url_of(event)), "ar", hides=[event.title, 'name="form_key"'])


def test_first_registration_links_the_account_to_its_directory_entry(client, settings_for_event):
    from tests.factories.accounts import UserFactory

    user = UserFactory()
    existing = PersonFactory(email=user.email.upper(), name="Existing Person", user=None)
    client.force_login(user)
    url = url_of(settings_for_event.event)
    client.post(url, {"form_key": form_key(client, url), "name": "Existing Person"})
    existing.refresh_from_db()
    assert existing.user == user
    assert Registration.objects.get().person == existing
    assert Person.objects.count() == 1


def test_unpublished_event_refuses_registrations(signed_in, settings_for_event):
    client, _user, person = signed_in
    event = settings_for_event.event
    url = url_of(event)
    key = form_key(client, url)
    event.unpublish()
    response = client.post(url, {"form_key": key, "name": "Noor Ali"})
    assert_not_found(response, "ar", hides=[event.title, english_of(event).title])
    assert not Registration.objects.filter(person=person).exists()


@pytest.mark.parametrize("where", ["page", "parent"])
def test_event_in_a_private_section_refuses_registrations(signed_in, settings_for_event, where):
    from wagtail.models import PageViewRestriction

    client, _user, person = signed_in
    event = settings_for_event.event
    url = url_of(event)
    key = form_key(client, url)
    page = event if where == "page" else event.get_parent()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.post(url, {"form_key": key, "name": "Noor Ali"})
    assert_not_found(response, "ar", hides=[event.title, english_of(event).title])
    assert not Registration.objects.filter(person=person).exists()


def test_a_restriction_elsewhere_does_not_close_the_event(signed_in, settings_for_event):
    from wagtail.models import PageViewRestriction

    from tests.factories.registrations import event_page

    client, _user, person = signed_in
    other = event_page(title="Members only")
    PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
    url = url_of(settings_for_event.event)
    client.post(url, {"form_key": form_key(client, url), "name": "Noor Ali"})
    assert Registration.objects.get(person=person).status == RegistrationStatus.CONFIRMED


def test_registering_takes_few_queries(client, settings_for_event, django_assert_max_num_queries):
    """The busy path when registration opens: session, user, the event's settings (with the
    private-section check and whether it has questions), person, then in the transaction
    the lock (which also reads the event's counter and its attendance plan's trigger), two
    inserts and the counter's update. An event without questions asks for none, and one
    whose plan makes no member on registering (here: no plan) spends no query on the plan.
    The event's first registration has counted it already (services/counter.py), as on the
    day registration opens."""
    from events.registrations.services import register

    register(settings_for_event.event, PersonFactory())
    user, person = participant()
    client.force_login(user)
    url = url_of(settings_for_event.event)
    key = form_key(client, url)
    with django_assert_max_num_queries(10):
        response = client.post(url, {"form_key": key, "name": person.name, "name_ar": person.name_ar})
    assert response.status_code == 302
    assert Registration.objects.get(person=person).status == RegistrationStatus.CONFIRMED


def test_too_many_tries_from_one_account_are_turned_away_and_register_nothing(
    signed_in, settings_for_event, questions, settings
):
    """RATE_LIMITS["register"] (core.limits), in the shared cache: beyond the account's
    allowance the page says to wait, in the visitor's language, and nothing is written."""
    from django.core.cache import cache

    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": "2/10m/user"}
    client, _user, person = signed_in
    url = url_of(settings_for_event.event)
    for _attempt in range(2):
        client.post(url, {"form_key": "x"})  # refused as unreadable, but counted
    response = post_registration(client, settings_for_event.event, questions)
    assert response.status_code == 429
    assert "محاولات كثيرة في وقت قصير" in response.content.decode()
    assert not Registration.objects.filter(person=person).exists()
    cache.clear()
    assert post_registration(client, settings_for_event.event, questions).status_code == 302
    assert Registration.objects.filter(person=person).count() == 1
