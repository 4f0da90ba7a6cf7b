"""Adding a registration by hand tells the organiser nothing they did not type and nothing
about other events: the same answer whether the email is known or not, only the entered
details until the participant accepts in "My events", approval unless skipped explicitly
(and recorded), and no trace of a refused add."""

import html

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from core.errors import DomainError
from events.registrations import services
from events.registrations.models import QuestionType, Registration, StatusChange
from events.registrations.services.questions import registration_form, signed_key
from network import people
from network.errors import DirectoryError
from network.models import Person
from tests.factories.accounts import UserFactory
from tests.factories.network import PersonFactory
from tests.factories.registrations import SettingsFactory, add_questions, answers_post, participant
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db

LONG_EMAIL = "a" * 300 + "@example.org"  # 312 characters


@pytest.fixture
def admin_client(client, demo_site):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def add_url(settings):
    return f"/admin/registrations/event/{settings.event_id}/add/"


def detail_url(registration):
    return f"/admin/registrations/event/{registration.event_id}/registration/{registration.pk}/"


@pytest.fixture
def known_elsewhere(demo_site):
    """A participant known only to another event, with a phone seen by that event's organisers."""
    user, person = participant(name="Hidden Realname", name_ar="اسم حقيقي", phone="+964 770 000 1111")
    services.register(SettingsFactory().event, person)
    return user, person


def messages_of(response):
    """The messages the followed redirect showed (and so used up)."""
    return [str(message) for message in response.context["messages"]]


class TestSameAnswer:
    def test_known_and_unknown_emails_get_the_same_answer(self, admin_client, settings_for_event, known_elsewhere):
        _user, person = known_elsewhere
        known = admin_client.post(
            add_url(settings_for_event), {"email": person.email, "name": "Typed Name", "language": "en"}, follow=True
        )
        unknown = admin_client.post(
            add_url(settings_for_event),
            {"email": "nobody@example.org", "name": "Typed Name", "language": "en"},
            follow=True,
        )
        assert known.redirect_chain == unknown.redirect_chain
        assert len(messages_of(known)) == 1
        assert messages_of(known) == messages_of(unknown)
        assert "Typed Name" in messages_of(known)[0]
        assert "Hidden Realname" not in messages_of(known)[0]

    def test_a_name_is_needed_whether_the_email_is_known_or_not(self, admin_client, settings_for_event):
        known = PersonFactory(email="known@example.org")
        errors = []
        for email in ("known@example.org", "unknown@example.org"):
            response = admin_client.post(add_url(settings_for_event), {"email": email, "language": "ar"})
            assert response.status_code == 400
            errors.append(response.context["form"].errors)
        assert errors[0] == errors[1]
        assert "not in the directory" not in str(errors[0])
        assert not Registration.objects.filter(person=known).exists()
        assert not Person.objects.filter(email="unknown@example.org").exists()


class TestOnlyWhatWasTyped:
    def test_staff_see_only_what_they_typed_until_the_participant_accepts(
        self, admin_client, settings_for_event, known_elsewhere, mailoutbox, django_capture_on_commit_callbacks
    ):
        user, person = known_elsewhere
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(
                add_url(settings_for_event), {"email": person.email.upper(), "name": "Guest", "language": "en"}
            )
        registration = Registration.objects.get(event=settings_for_event.event, person=person)
        assert registration.awaiting_acceptance and registration.status == "confirmed"
        assert mailoutbox[-1].to == [person.email]
        assert "My events" in mailoutbox[-1].body

        for url in (f"/admin/registrations/event/{settings_for_event.event_id}/", detail_url(registration)):
            html = admin_client.get(url).content.decode()
            assert "Guest" in html and person.email.upper() in html
            for private in ("Hidden Realname", "اسم حقيقي", "+964 770 000 1111", person.email):
                assert private not in html, (url, private)
        found = admin_client.get(f"/admin/registrations/event/{settings_for_event.event_id}/", {"q": "Realname"})
        assert registration.reference not in found.content.decode()
        # No ticket (with the directory's name on it) for staff before the participant accepts.
        assert_not_found(
            admin_client.get(f"/en/tickets/{registration.reference}/"),
            "en",
            hides=["Hidden Realname", "اسم حقيقي", "+964 770 000 1111", person.email, "%PDF"],
        )

        client = Client()
        client.force_login(user)
        my_events = client.get("/en/my/events/").content.decode()
        assert "Registered by the organisers" in my_events
        assert f"/en/my/events/{registration.reference}/accept/" in my_events
        assert f"/en/tickets/{registration.reference}/" not in my_events
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/en/my/events/{registration.reference}/accept/")
        registration.refresh_from_db()
        assert not registration.awaiting_acceptance
        assert registration.history.last().note == "accepted by the participant"
        assert registration.history.last().by == user
        assert "confirmed" in mailoutbox[-1].subject
        assert f"/en/tickets/{registration.reference}/" in client.get("/en/my/events/").content.decode()

        html = admin_client.get(detail_url(registration)).content.decode()
        assert "Hidden Realname" in html and "+964 770 000 1111" in html

    def test_the_participant_may_cancel_instead(self, admin_client, settings_for_event, known_elsewhere):
        user, person = known_elsewhere
        admin_client.post(add_url(settings_for_event), {"email": person.email, "name": "Guest", "language": "ar"})
        registration = Registration.objects.get(event=settings_for_event.event, person=person)
        client = Client()
        client.force_login(user)
        client.post(f"/ar/my/events/{registration.reference}/cancel/")
        registration.refresh_from_db()
        assert registration.status == "cancelled"

    def test_accepting_twice_or_someone_elses_is_refused(self, client, settings_for_event, known_elsewhere):
        user, person = known_elsewhere
        registration = services.add_by_staff(settings_for_event.event, email=person.email, name="Guest")
        other_user, _other = participant()
        client.force_login(other_user)
        response = client.post(f"/en/my/events/{registration.reference}/accept/")
        assert_not_found(response, "en", hides=["Hidden Realname", "اسم حقيقي", person.email, "Guest"])
        registration.refresh_from_db()
        assert registration.awaiting_acceptance
        services.accept(registration, by=user)
        with pytest.raises(services.RegistrationError) as refused:
            services.accept(registration, by=user)
        assert refused.value.code == "already_accepted"

    def test_without_an_email_nobody_is_asked(self, admin_client, settings_for_event):
        admin_client.post(add_url(settings_for_event), {"name": "Delegate", "language": "ar"})
        registration = Registration.objects.get()
        assert not registration.awaiting_acceptance
        assert registration.person.name == "Delegate"


class TestApproval:
    def test_approval_applies_to_hand_added_registrations(self, admin_client, settings_for_event):
        settings_for_event.approval_required = True
        settings_for_event.save()
        admin_client.post(add_url(settings_for_event), {"name": "Waits", "language": "ar"})
        assert Registration.objects.get(person__name="Waits").status == "pending"

    def test_skipping_approval_is_explicit_and_recorded(self, admin_client, settings_for_event):
        settings_for_event.approval_required = True
        settings_for_event.save()
        form = admin_client.get(add_url(settings_for_event)).content.decode()
        assert 'name="override_approval"' in form
        admin_client.post(add_url(settings_for_event), {"name": "VIP", "language": "ar", "override_approval": "on"})
        registration = Registration.objects.get(person__name="VIP")
        assert registration.status == "confirmed"
        change = StatusChange.objects.get(registration=registration)
        assert change.note == "approval skipped by staff" and change.by.is_superuser
        # The history's note in the admin's language (Arabic here).
        assert (
            "<td>تجاوز فريق التنظيم خطوة الموافقة</td>" in admin_client.get(detail_url(registration)).content.decode()
        )

    def test_no_skip_approval_box_when_the_event_approves_nothing(self, admin_client, settings_for_event):
        assert 'name="override_approval"' not in admin_client.get(add_url(settings_for_event)).content.decode()


class TestRefusalsLeaveNothing:
    def test_full_event_leaves_no_person_behind(self, admin_client, settings_for_event):
        settings_for_event.capacity = 0
        settings_for_event.waitlist_enabled = False
        settings_for_event.save()
        before = Person.objects.count()
        response = admin_client.post(
            add_url(settings_for_event), {"email": "new@example.org", "name": "New", "language": "ar"}
        )
        assert response.status_code == 400
        assert "full" in response.content.decode() or "ممتلئ" in response.content.decode()
        assert Person.objects.count() == before
        assert not Registration.objects.exists()

    def test_event_without_registration_leaves_no_person_behind(self, event):
        before = Person.objects.count()
        with pytest.raises(services.RegistrationError) as refused:
            services.add_by_staff(event, email="new@example.org", name="New")
        assert refused.value.code == "not_offered"
        assert Person.objects.count() == before

    def test_already_registered_says_so_and_changes_nothing(self, admin_client, settings_for_event):
        person = PersonFactory(email="twice@example.org")
        services.register(settings_for_event.event, person)
        response = admin_client.post(
            add_url(settings_for_event), {"email": "twice@example.org", "name": "Twice", "language": "ar"}
        )
        assert response.status_code == 400
        assert Registration.objects.filter(person=person).count() == 1


class TestLongEmails:
    def test_the_form_refuses_an_address_too_long_to_store(self, admin_client, settings_for_event):
        before = Person.objects.count()
        response = admin_client.post(add_url(settings_for_event), {"email": LONG_EMAIL, "name": "X", "language": "en"})
        assert response.status_code == 400
        assert "too long" in response.content.decode() or "طويل" in response.content.decode()
        assert Person.objects.count() == before

    def test_the_services_refuse_it_too(self, settings_for_event):
        with pytest.raises(DomainError) as refused:
            services.add_by_staff(settings_for_event.event, email=LONG_EMAIL, name="X")
        assert refused.value.code == "invalid_email"
        user = UserFactory()
        with pytest.raises(DirectoryError) as refused:
            people.link_person(user, LONG_EMAIL)
        assert refused.value.code == "invalid_email"
        person = PersonFactory()
        with pytest.raises(DirectoryError) as refused:
            people.save_profile(person, {"email": LONG_EMAIL})
        assert refused.value.code == "invalid_email"
        person.refresh_from_db()
        assert "@" in person.email and len(person.email) < 254

    def test_sign_up_refuses_it_with_a_clear_message(self, client, demo_site):
        from django.contrib.auth import get_user_model

        response = client.post(
            "/en/accounts/signup/",
            {"email": LONG_EMAIL, "password1": "a long pass phrase 42!", "password2": "a long pass phrase 42!"},
        )
        assert response.status_code == 200
        assert "too long" in response.content.decode()
        assert not get_user_model().objects.filter(email__startswith="aaaa").exists()


def test_the_event_page_sends_a_participant_who_has_not_accepted_to_accept_first(
    client, settings_for_event, known_elsewhere
):
    from tests.events.registrations.test_participant_pages import cta

    user, person = known_elsewhere
    registration = services.add_by_staff(settings_for_event.event, email=person.email, name="Guest")
    html = cta(settings_for_event.event, user)
    assert f"/my/events/{registration.reference}/" in html
    assert f"/tickets/{registration.reference}/" not in html
    client.force_login(user)
    page = client.get(f"/en/my/events/{registration.reference}/").content.decode()
    assert f"/my/events/{registration.reference}/accept/" in page
    assert "Accept the registration" in page
    assert f"/tickets/{registration.reference}/" not in page
    services.accept(registration, by=user)
    assert f"/my/events/{registration.reference}/" in cta(settings_for_event.event, user)
    page = client.get(f"/en/my/events/{registration.reference}/").content.decode()
    assert f"/tickets/{registration.reference}/" in page
    assert "Accept the registration" not in page


class TestTheEventsQuestions:
    """The add form asks the event's questions, in the admin's language, none required; each
    answer given is checked as on the participant's form and kept as that form keeps it."""

    @pytest.fixture
    def questions(self, settings_for_event):
        return add_questions(settings_for_event)

    @pytest.mark.parametrize(
        ("language", "shown", "hidden"),
        [
            ("en", ["Why do you want to take part?", "Your organisation's field", "Human rights"], ["مجال عمل منظمتك"]),
            ("ar", ["لماذا تريد المشاركة؟", "مجال عمل منظمتك", "حقوق الإنسان"], ["Your organisation's field"]),
        ],
    )
    def test_the_form_asks_them_in_the_admins_language_none_required(
        self, admin_client_in, settings_for_event, questions, language, shown, hidden
    ):
        client = admin_client_in(language)
        page = html.unescape(client.get(add_url(settings_for_event)).content.decode())
        for text in shown:
            assert text in page
        for text in hidden:
            assert text not in page
        # Only the person can consent: the consent question is not asked of the organisers.
        assert "I agree to be photographed" not in page and "أوافق على التصوير" not in page
        soup = BeautifulSoup(page, "html.parser")
        asked = soup.select('[name^="q_"]')
        assert {field["name"] for field in asked} == {
            f"q_{question.clean_name}" for question in questions if question.field_type != QuestionType.CONSENT
        }
        assert not [field["name"] for field in asked if field.has_attr("required")]

    def test_answers_are_stored_as_the_participants_form_stores_them(self, admin_client, settings_for_event, questions):
        answers = answers_post(questions, **{QuestionType.CONSENT: None})
        response = admin_client.post(add_url(settings_for_event), {"name": "Delegate", "language": "en", **answers})
        assert response.status_code == 302
        registration = Registration.objects.get(event=settings_for_event.event)
        person = registration.person
        # The participant's form for the same questions (consent aside: only they can give it).
        asked = [question for question in questions if question.field_type != QuestionType.CONSENT]
        participants_form = registration_form(
            settings_for_event,
            asked,
            person,
            data={"name": person.name, "form_key": signed_key(settings_for_event, asked), **answers},
        )
        assert participants_form.is_valid(), participants_form.errors
        assert registration.answers == participants_form.answers()
        assert registration.answers["sessions_you_will_attend"] == ["Morning", "Afternoon"]
        assert registration.answers["country_of_residence"] == "IQ"
        # And the registration's page reads them out.
        html = admin_client.get(detail_url(registration)).content.decode()
        assert "<dt>مجال عمل منظمتك</dt><dd>إعلام</dd>" in html

    def test_questions_left_blank_are_not_stored(self, admin_client, settings_for_event, questions):
        admin_client.post(
            add_url(settings_for_event), {"name": "Delegate", "language": "ar", "q_your_job_title": "Trainer"}
        )
        assert Registration.objects.get(event=settings_for_event.event).answers == {"your_job_title": "Trainer"}

    def test_answers_given_while_awaiting_acceptance_are_shown_to_staff(
        self, admin_client, settings_for_event, questions, known_elsewhere
    ):
        _user, person = known_elsewhere
        data = {"email": person.email, "name": "Guest", "language": "ar", "q_your_organisations_field": "Education"}
        admin_client.post(add_url(settings_for_event), data)
        registration = Registration.objects.get(event=settings_for_event.event, person=person)
        assert registration.awaiting_acceptance
        html = admin_client.get(detail_url(registration)).content.decode()
        assert "<dt>مجال عمل منظمتك</dt><dd>تعليم</dd>" in html
        assert "Hidden Realname" not in html

    @pytest.mark.parametrize(
        ("language", "message"),
        [
            ("en", "Select a valid choice. Sport is not one of the available choices."),
            ("ar", "انتق خياراً صحيحاً. Sport ليس أحد الخيارات المتاحة."),
        ],
    )
    def test_a_choice_not_offered_is_refused_and_nothing_is_created(
        self, admin_client_in, settings_for_event, questions, language, message
    ):
        client = admin_client_in(language)
        people = Person.objects.count()
        data = {"email": "new@example.org", "name": "New", "language": "ar", "q_your_organisations_field": "Sport"}
        response = client.post(add_url(settings_for_event), data)
        assert response.status_code == 400
        assert message in html.unescape(response.content.decode())
        assert not Registration.objects.exists()
        assert Person.objects.count() == people

    def test_a_governorate_outside_iraq_is_refused(self, admin_client, settings_for_event, questions):
        data = {"name": "New", "language": "ar", "q_country_of_residence": "JO", "q_governorate": "baghdad"}
        response = admin_client.post(add_url(settings_for_event), data)
        assert response.status_code == 400
        assert "المحافظات المدرجة هي محافظات العراق" in response.content.decode()
        assert not Registration.objects.exists()

    def test_the_service_keeps_the_answers_in_its_transaction(self, settings_for_event, questions):
        registration = services.add_by_staff(
            settings_for_event.event, name="Delegate", answers={"your_job_title": "Trainer"}
        )
        registration.refresh_from_db()
        assert registration.answers == {"your_job_title": "Trainer"}
        settings_for_event.capacity = 1
        settings_for_event.waitlist_enabled = False
        settings_for_event.save()
        with pytest.raises(DomainError) as refused:
            services.add_by_staff(settings_for_event.event, name="Late", answers={"your_job_title": "Trainer"})
        assert refused.value.code == "full"
        assert not Person.objects.filter(name="Late").exists()

    def test_a_single_choice_starts_on_no_answer_and_can_go_back_to_it(
        self, admin_client, settings_for_event, questions
    ):
        soup = BeautifulSoup(admin_client.get(add_url(settings_for_event)).content.decode(), "html.parser")
        choices = soup.select('input[name="q_your_organisations_field"]')
        assert [choice["value"] for choice in choices] == ["", "Media", "Education", "Human rights"]
        assert choices[0].has_attr("checked") and choices[0].find_parent("label").get_text(strip=True) == "بلا إجابة"
        admin_client.post(
            add_url(settings_for_event),
            {"name": "Delegate", "language": "ar", "q_your_organisations_field": "", "q_do_you_need_a_certificate": ""},
        )
        assert Registration.objects.get(event=settings_for_event.event).answers == {}
