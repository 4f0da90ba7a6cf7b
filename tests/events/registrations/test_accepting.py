"""A participant accepting a registration made for them (added by the organisers, or given by a
colleague) answers the event's questions first, as everyone who registers does: the button
opens a page of the questions, prefilled with what the organisers entered; the answers are
stored with the acceptance, consents recorded with the words shown; an invalid or outdated
form changes nothing. An event without questions is accepted in one click, as before."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from events.registrations import services
from events.registrations.models import QuestionType, Registration, RegistrationStatus, StatusChange
from events.registrations.services.questions import signed_key
from network.models import ConsentSubject
from network.models.consents import Consent
from network.people import link_person
from tests.factories.accounts import UserFactory
from tests.factories.registrations import QuestionFactory, english_of, organisation_questions, participant
from tests.quality.test_language import LATIN_WORD, readable_text

pytestmark = pytest.mark.django_db
S = RegistrationStatus


@pytest.fixture
def questions(settings_for_event):
    """For an organisation? (required) → which one (required, asked on Yes); a job title
    (optional); a consent to photographs."""
    for_organisation, which = organisation_questions(settings_for_event)
    job = QuestionFactory(
        settings=settings_for_event, label="Your job title", label_ar="مسمّاك الوظيفي", required=False, sort_order=2
    )
    photos = QuestionFactory(
        settings=settings_for_event,
        label="I agree to be photographed",
        label_ar="أوافق على التصوير",
        field_type=QuestionType.CONSENT,
        required=False,
        sort_order=3,
    )
    return for_organisation, which, job, photos


@pytest.fixture
def added(settings_for_event, questions):
    """Noor, added by the organisers with her job title filled in, and her signed-in client."""
    user, person = participant(name="Noor Ali", name_ar="نور علي")
    job = questions[2]
    registration = services.add_by_staff(
        settings_for_event.event, email=person.email, name="Noor", language="en", answers={job.clean_name: "Trainer"}
    )
    assert registration.awaiting_acceptance and registration.person == person
    client = Client()
    client.force_login(user)
    return client, registration


def accept_url(registration, language="en"):
    return f"/{language}/my/events/{registration.reference}/accept/"


def answered(settings, questions, **values):
    """The acceptance form's data: the key of the questions as they are, and ``values`` by
    question (for_organisation, which, job, photos)."""
    names = dict(zip(("for_organisation", "which", "job", "photos"), questions, strict=True))
    data = {"form_key": signed_key(settings, list(questions))}
    for key, value in values.items():
        data[f"q_{names[key].clean_name}"] = value
    return data


def fresh(registration):
    return Registration.objects.get(pk=registration.pk)


class TestTheQuestionsComeFirst:
    def test_my_events_and_the_registration_link_to_the_questions(self, added, questions):
        client, registration = added
        for address in ("/en/my/events/", f"/en/my/events/{registration.reference}/"):
            soup = BeautifulSoup(client.get(address).content.decode(), "html.parser")
            # A link, not a form: the page of questions opens, and nothing is sent yet.
            assert soup.select_one(f'a[href="{accept_url(registration)}"]').get_text() == "Accept the registration"
            assert not soup.select(f'form[action="{accept_url(registration)}"]')

    def test_the_button_opens_the_questions_prefilled_and_changes_nothing(self, added, questions):
        client, registration = added
        for page in (
            client.post(accept_url(registration)),  # the button of My events and of the registration's page
            client.get(accept_url(registration)),  # an address typed or followed
        ):
            assert page.status_code == 200
            html = page.content.decode()
            assert "Accept your place" in html and "Answer the organisers' questions" in html
            soup = BeautifulSoup(html, "html.parser")
            names = {field["name"] for field in soup.select('form [name^="q_"]')}
            assert names == {f"q_{question.clean_name}" for question in questions}
            # What the organisers entered is there to check.
            assert soup.select_one(f'[name="q_{questions[2].clean_name}"]')["value"] == "Trainer"
            assert "Some answers were filled in for you" in html
        assert fresh(registration).awaiting_acceptance
        assert not StatusChange.objects.filter(registration=registration, note="accepted_by_participant").exists()

    def test_the_answers_are_stored_with_the_acceptance(
        self, added, questions, settings_for_event, mailoutbox, django_capture_on_commit_callbacks
    ):
        client, registration = added
        for_organisation, which, job, photos = questions
        data = answered(settings_for_event, questions, for_organisation="yes", which="Al-Amal", job="", photos="on")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(accept_url(registration), data, follow=True)
        assert response.redirect_chain[-1][0] == f"/en/my/events/#{registration.reference}"
        registration = fresh(registration)
        assert (registration.status, registration.awaiting_acceptance) == (S.CONFIRMED, False)
        # Her answers replace the organisers' (the job title she emptied is gone).
        assert registration.answers == {
            for_organisation.clean_name: "yes",
            which.clean_name: "Al-Amal",
            photos.clean_name: True,
        }
        consent = Consent.objects.get(person=registration.person)
        assert (consent.subject, consent.given, consent.wording) == (
            ConsentSubject.EVENT,
            True,
            "I agree to be photographed",
        )
        assert registration.reference in consent.context
        # The usual confirmation, with its ticket.
        [email] = mailoutbox
        assert email.to == [registration.person.email] and "confirmed" in email.subject.lower()

    def test_a_question_not_asked_is_not_stored(self, added, questions, settings_for_event):
        client, registration = added
        for_organisation, which, _job, photos = questions
        data = answered(
            settings_for_event, questions, for_organisation="no", which="Typed before choosing No", job="Trainer"
        )
        client.post(accept_url(registration), data)
        registration = fresh(registration)
        assert not registration.awaiting_acceptance
        assert registration.answers == {
            for_organisation.clean_name: "no",
            questions[2].clean_name: "Trainer",
            photos.clean_name: False,
        }
        # The consent question was asked and left unticked: recorded as not given.
        assert Consent.objects.get(person=registration.person).given is False

    @pytest.mark.parametrize(("language", "message"), [("en", "This field is required."), ("ar", "هذا الحقل مطلوب.")])
    def test_a_required_answer_missing_changes_nothing(self, added, questions, settings_for_event, language, message):
        client, registration = added
        data = answered(settings_for_event, questions, for_organisation="yes", job="Director", photos="on")
        response = client.post(accept_url(registration, language), data)
        assert response.status_code == 400
        assert message in response.content.decode()
        # The page keeps what she typed.
        soup = BeautifulSoup(response.content.decode(), "html.parser")
        assert soup.select_one(f'[name="q_{questions[2].clean_name}"]')["value"] == "Director"
        registration = fresh(registration)
        assert registration.awaiting_acceptance and registration.answers == {questions[2].clean_name: "Trainer"}
        assert not Consent.objects.exists()

    def test_a_form_sent_after_the_questions_changed_is_refused(self, added, questions, settings_for_event):
        client, registration = added
        data = answered(settings_for_event, questions, for_organisation="no")
        QuestionFactory(settings=settings_for_event, label="Dietary needs", label_ar="احتياجات غذائية", required=False)
        response = client.post(accept_url(registration), data)
        assert response.status_code == 400
        assert "This form has changed" in response.content.decode()
        assert "Dietary needs" in response.content.decode()
        assert fresh(registration).awaiting_acceptance

    def test_the_arabic_page_speaks_arabic(self, added, questions):
        client, registration = added
        html = client.get(accept_url(registration, "ar")).content.decode()
        assert '<html lang="ar" dir="rtl"' in html
        assert "اقبل مكانك" in html and "أوافق على التصوير" in html and "هل تحضر باسم منظمة؟" in html
        main = BeautifulSoup(html, "html.parser").find("main")
        text = readable_text(main, "ar").replace("UTC", " ")  # the time zone's offset
        for title in (registration.event.title, english_of(registration.event).title, "Trainer"):
            text = text.replace(title, " ")
        assert not LATIN_WORD.findall(text), LATIN_WORD.findall(text)

    def test_someone_else_or_an_accepted_registration_gets_no_form(self, added, questions, settings_for_event):
        client, registration = added
        stranger = Client()
        stranger.force_login(participant()[0])
        assert stranger.get(accept_url(registration)).status_code == 404
        assert stranger.post(accept_url(registration)).status_code == 404
        client.post(accept_url(registration), answered(settings_for_event, questions, for_organisation="no"))
        assert not fresh(registration).awaiting_acceptance
        # Accepted: the address goes back to the registration, and a second press says so.
        assert client.get(accept_url(registration))["Location"] == f"/en/my/events/{registration.reference}/"
        response = client.post(accept_url(registration), follow=True)
        assert "This registration is already accepted." in response.content.decode()


@pytest.mark.parametrize(("language", "label"), [("en", "Accept the registration"), ("ar", "قبول التسجيل")])
def test_the_email_links_to_the_questions(
    settings_for_event, questions, language, label, mailoutbox, django_capture_on_commit_callbacks
):
    user, person = participant()
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.add_by_staff(
            settings_for_event.event, email=person.email, name="Guest", language=language
        )
    [email] = mailoutbox
    url = f"http://127.0.0.1:8000{accept_url(registration, language)}"
    assert f"{label}: {url}" in email.body
    assert f'href="{url}"' in email.alternatives[0][0]
    client = Client()
    client.force_login(user)
    page = client.get(accept_url(registration, language)).content.decode()
    assert questions[0].display_label in page or questions[0].label_ar in page
    assert fresh(registration).awaiting_acceptance


def test_without_questions_one_press_accepts(settings_for_event):
    user, person = participant()
    registration = services.add_by_staff(settings_for_event.event, email=person.email, name="Guest", language="en")
    client = Client()
    client.force_login(user)
    soup = BeautifulSoup(client.get("/en/my/events/").content.decode(), "html.parser")
    assert soup.select_one(f'form[action="{accept_url(registration)}"] button').get_text() == "Accept the registration"
    assert client.get(accept_url(registration))["Location"] == f"/en/my/events/{registration.reference}/"
    assert fresh(registration).awaiting_acceptance
    client.post(accept_url(registration))
    assert fresh(registration).awaiting_acceptance is False


def test_a_colleague_given_a_place_answers_the_questions(settings_for_event, questions):
    """The gap this closes: a place given by a participant came without the colleague's answers."""
    settings_for_event.participants_give_places = True
    settings_for_event.save()
    _user, giver = participant(name="Noor Ali")
    mine = services.register(settings_for_event.event, giver, answers={questions[0].clean_name: "no"})
    newcomer = services.replace(mine, email="sami@example.org", name="Sami", by=giver.user, as_participant=True)
    sami = UserFactory(email="sami@example.org", verified=True)
    link_person(sami, "sami@example.org")
    client = Client()
    client.force_login(sami)
    form = client.post(accept_url(newcomer)).content.decode()
    assert "Do you attend for an organisation?" in form and fresh(newcomer).answers == {}
    data = answered(settings_for_event, questions, for_organisation="yes", which="Iraqi Al-Amal Association")
    client.post(accept_url(newcomer), data)
    newcomer = fresh(newcomer)
    assert not newcomer.awaiting_acceptance
    assert newcomer.answers == {
        questions[0].clean_name: "yes",
        questions[1].clean_name: "Iraqi Al-Amal Association",
        questions[3].clean_name: False,  # the consent, asked and not given
    }
