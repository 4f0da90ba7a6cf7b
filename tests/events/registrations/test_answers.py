"""Changing a registration's answers after registering: the service's rules (who may, until
when, what is written down and what is not), the participant's page and the organisers' page,
in both languages, and a form sent after the organisers changed the questions."""

import datetime as dt
import json

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry

from events import audit
from events.models import EventRole, EventTeamMember
from events.registrations.models import AnswerChange, QuestionType, Registration, RegistrationStatus
from events.registrations.services import RegistrationError
from events.registrations.services.answers import change_answers
from events.registrations.services.questions import signed_key
from network.models import ConsentSubject
from network.models.consents import Consent
from tests.factories.accounts import UserFactory, admin_in
from tests.factories.registrations import QuestionFactory, RegistrationFactory, organiser, participant
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db
S = RegistrationStatus


@pytest.fixture
def questions(settings_for_event):
    job = QuestionFactory(
        settings=settings_for_event, label="Your job title", label_ar="مسمّاك الوظيفي", clean_name="job", required=False
    )
    field = QuestionFactory(
        settings=settings_for_event,
        label="Your organisation's field",
        label_ar="مجال عمل منظمتك",
        clean_name="field",
        field_type=QuestionType.SINGLE_CHOICE,
        choices="Media\nEducation",
        choices_ar="إعلام\nتعليم",
    )
    photos = QuestionFactory(
        settings=settings_for_event,
        label="I agree to be photographed",
        label_ar="أوافق على التصوير",
        clean_name="photos",
        field_type=QuestionType.CONSENT,
        required=False,
    )
    return [job, field, photos]


@pytest.fixture
def registered(settings_for_event, questions):
    """Noor's confirmed registration, with the answers she gave."""
    user, person = participant(name="Noor Ali", name_ar="نور علي")
    registration = RegistrationFactory(
        event=settings_for_event.event, person=person, answers={"job": "Trainer", "field": "Media", "photos": False}
    )
    return user, registration


def change(registration, by, as_participant=True, **answers):
    settings = registration.event.registration_settings
    answers = {"job": "Trainer", "field": "Media", "photos": False, **answers}
    questions = list(settings.questions.all())
    return change_answers(
        registration, answers, questions=questions, by=by, as_participant=as_participant, language="ar"
    )


def answers_logged():
    return PageLogEntry.objects.filter(action=audit.ANSWERS)


class TestService:
    def test_participant_changes_an_answer_and_only_that_question_is_recorded(self, registered):
        user, registration = registered
        changed = change(registration, user, job="Journalist")
        assert [question.clean_name for question in changed] == ["job"]
        registration.refresh_from_db()
        assert registration.answers == {"job": "Journalist", "field": "Media", "photos": False}
        record = AnswerChange.objects.get(registration=registration)
        assert (record.questions, record.by) == (["job"], user)
        assert "Journalist" not in json.dumps(record.questions)
        assert not answers_logged().exists()  # a participant's own doing is not staff work
        assert registration.history.count() == 0  # the status history is left alone

    def test_an_emptied_answer_is_removed(self, registered):
        user, registration = registered
        change(registration, user, job="")
        registration.refresh_from_db()
        assert "job" not in registration.answers

    def test_nothing_written_when_nothing_changed(self, registered):
        user, registration = registered
        before = Registration.objects.get(pk=registration.pk).answers
        assert change(registration, user) == []
        assert AnswerChange.objects.count() == 0
        assert Consent.objects.count() == 0
        assert Registration.objects.get(pk=registration.pk).answers == before

    def test_refused_when_the_setting_is_off(self, registered, settings_for_event):
        user, registration = registered
        settings_for_event.participants_change_answers = False
        settings_for_event.save()
        with pytest.raises(RegistrationError) as refused:
            change(registration, user, job="Journalist")
        assert refused.value.code == "answers_locked"
        assert "لا يسمح فريق تنظيم" in str(refused.value.message)
        self.assert_untouched(registration)

    def test_refused_once_the_event_has_started(self, registered):
        user, registration = registered
        event = registration.event
        event.start = timezone.now() - dt.timedelta(minutes=5)
        event.save()
        with pytest.raises(RegistrationError) as refused:
            change(Registration.objects.get(pk=registration.pk), user, job="Journalist")
        assert refused.value.code == "started"
        self.assert_untouched(registration)

    @pytest.mark.parametrize("status", [S.CANCELLED, S.DECLINED])
    def test_refused_for_a_registration_no_longer_active(self, registered, status):
        user, registration = registered
        Registration.objects.filter(pk=registration.pk).update(status=status)
        with pytest.raises(RegistrationError) as refused:
            change(registration, user, job="Journalist")  # the stale object still says confirmed
        assert refused.value.code == "not_active"
        self.assert_untouched(registration)

    def test_someone_elses_registration_is_not_found(self, registered):
        _user, registration = registered
        stranger, _person = participant()
        with pytest.raises(RegistrationError) as refused:
            change(registration, stranger, job="Journalist")
        assert refused.value.code == "not_found"
        self.assert_untouched(registration)

    @pytest.mark.parametrize("status", [S.CONFIRMED, S.CANCELLED, S.DECLINED])
    def test_organisers_may_always_change_and_the_audit_log_names_questions_only(
        self, registered, settings_for_event, status
    ):
        _user, registration = registered
        Registration.objects.filter(pk=registration.pk).update(status=status)
        settings_for_event.participants_change_answers = False
        settings_for_event.save()
        event = registration.event
        event.start = timezone.now() - dt.timedelta(days=1)
        event.save()
        staff = organiser(edit_pages_under=event.get_parent())
        changed = change(registration, staff, as_participant=False, field="Education", job="Journalist")
        assert [question.clean_name for question in changed] == ["job", "field"]
        assert AnswerChange.objects.get().by == staff
        entry = answers_logged().get()
        assert entry.user == staff
        assert entry.data["questions"] == ["job", "field"]
        assert entry.data["reference"] == registration.reference
        assert "Journalist" not in json.dumps(entry.data) and "Education" not in json.dumps(entry.data)

    def test_organisers_do_not_give_consents(self, registered):
        _user, registration = registered
        staff = UserFactory(is_staff=True, is_superuser=True)
        assert change(registration, staff, as_participant=False, photos=True) == []
        assert Consent.objects.count() == 0
        self.assert_untouched(registration)

    @pytest.mark.parametrize("role", [EventRole.DESK, EventRole.REPORTER])
    def test_desk_staff_and_reporters_may_not(self, registered, role):
        _user, registration = registered
        member = UserFactory(is_staff=True)
        EventTeamMember.objects.create(event=registration.event, user=member, role=role)
        with pytest.raises(RegistrationError) as refused:
            change(registration, member, as_participant=False, job="Journalist")
        assert refused.value.code == "forbidden"
        self.assert_untouched(registration)

    def test_an_organiser_of_another_event_may_not(self, registered):
        _user, registration = registered
        other = organiser()  # edits no page
        with pytest.raises(RegistrationError):
            change(registration, other, as_participant=False, job="Journalist")
        self.assert_untouched(registration)

    def test_a_consent_given_later_is_recorded_with_the_words_shown(self, registered):
        user, registration = registered
        change(registration, user, photos=True)
        consent = Consent.objects.get()
        assert (consent.person, consent.subject, consent.given) == (registration.person, ConsentSubject.EVENT, True)
        assert consent.wording == "أوافق على التصوير"
        assert registration.reference in consent.context
        change(registration, user, photos=False)
        assert list(Consent.objects.order_by("at", "pk").values_list("given", flat=True)) == [True, False]

    def assert_untouched(self, registration):
        assert Registration.objects.get(pk=registration.pk).answers == {
            "job": "Trainer",
            "field": "Media",
            "photos": False,
        }
        assert AnswerChange.objects.count() == 0
        assert not answers_logged().exists()


def page_url(registration, language="ar"):
    return f"/{language}/my/events/{registration.reference}/answers/"


def detail_page(registration, language="ar"):
    return f"/{language}/my/events/{registration.reference}/"


def form_data(registration, **answers):
    settings = registration.event.registration_settings
    data = {"form_key": signed_key(settings, list(settings.questions.all())), "q_job": "Trainer", "q_field": "Media"}
    data.update({f"q_{name}": value for name, value in answers.items()})
    return {name: value for name, value in data.items() if value is not None}


class TestParticipantPages:
    def test_the_registration_page_shows_the_answers_and_the_link(self, client, registered):
        user, registration = registered
        client.force_login(user)
        html = client.get(detail_page(registration)).content.decode()
        assert "إجاباتي" in html and "مسمّاك الوظيفي" in html and "Trainer" in html and "إعلام" in html
        assert f'href="{page_url(registration)}"' in html
        assert "تعديل إجاباتي" in html

    @pytest.mark.parametrize(
        "refuse",
        [
            lambda settings, registration: (
                type(settings).objects.filter(pk=settings.pk).update(participants_change_answers=False)
            ),
            lambda settings, registration: Registration.objects.filter(pk=registration.pk).update(status=S.CANCELLED),
            lambda settings, registration: (
                type(registration.event)
                .objects.filter(pk=registration.event_id)
                .update(start=timezone.now() - dt.timedelta(hours=1))
            ),
        ],
        ids=["setting-off", "cancelled", "started"],
    )
    def test_no_link_and_no_form_when_not_allowed(self, client, registered, settings_for_event, refuse):
        user, registration = registered
        refuse(settings_for_event, registration)
        client.force_login(user)
        html = client.get(detail_page(registration)).content.decode()
        assert page_url(registration) not in html
        response = client.get(page_url(registration), follow=True)
        assert response.redirect_chain[-1][0] == detail_page(registration)
        assert 'name="form_key"' not in response.content.decode()
        response = client.post(page_url(registration), form_data(registration, job="Journalist"), follow=True)
        assert Registration.objects.get(pk=registration.pk).answers["job"] == "Trainer"
        assert AnswerChange.objects.count() == 0

    def test_arabic_form_is_prefilled_and_saves_the_change(self, client, registered):
        user, registration = registered
        client.force_login(user)
        html = client.get(page_url(registration)).content.decode()
        assert "<h1>تعديل إجاباتي</h1>" in html
        assert 'value="Trainer"' in html
        assert 'value="Media"' in html and "checked" in html
        assert 'name="name"' not in html  # names belong to the profile page
        response = client.post(page_url(registration), form_data(registration, job="صحفية"), follow=True)
        assert response.redirect_chain[-1][0] == detail_page(registration)
        page = response.content.decode()
        assert "عُدِّلت الإجابات: «مسمّاك الوظيفي»." in page
        assert "صحفية" in page
        assert Registration.objects.get(pk=registration.pk).answers["job"] == "صحفية"

    def test_english_form_names_what_changed_and_nothing_changed(self, client, registered):
        user, registration = registered
        client.force_login(user)
        html = client.get(page_url(registration, "en")).content.decode()
        assert "<h1>Change my answers</h1>" in html and "Your job title" in html
        response = client.post(page_url(registration, "en"), form_data(registration, field="Education"), follow=True)
        assert "Answers changed: “Your organisation&#x27;s field”." in response.content.decode()
        response = client.post(page_url(registration, "en"), form_data(registration, field="Education"), follow=True)
        assert "Nothing changed: the answers were already these." in response.content.decode()
        assert AnswerChange.objects.count() == 1

    def test_invalid_answer_is_explained_and_changes_nothing(self, client, registered):
        user, registration = registered
        client.force_login(user)
        response = client.post(page_url(registration, "en"), form_data(registration, field="Sport"))
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
        assert Registration.objects.get(pk=registration.pk).answers["field"] == "Media"
        response = client.post(page_url(registration), form_data(registration, field=""))
        assert response.status_code == 400
        assert "هذا الحقل مطلوب" in response.content.decode()
        assert AnswerChange.objects.count() == 0

    def test_tampered_key_is_refused(self, client, registered):
        user, registration = registered
        client.force_login(user)
        data = form_data(registration, job="Journalist")
        data["form_key"] += "x"
        response = client.post(page_url(registration), data)
        assert response.status_code == 400
        assert "تغيّر هذا النموذج" in response.content.decode()
        assert AnswerChange.objects.count() == 0

    def test_form_sent_after_the_questions_changed_is_refused_then_sent_again(self, client, registered, questions):
        user, registration = registered
        client.force_login(user)
        stale = form_data(registration, job="Journalist")
        QuestionFactory(settings=registration.event.registration_settings, label="Your city", required=False)
        response = client.post(page_url(registration, "en"), stale)
        html = response.content.decode()
        assert response.status_code == 400
        assert "This form has changed or was altered. Please check your answers and send it again." in html
        assert "Your city" in html
        assert Registration.objects.get(pk=registration.pk).answers["job"] == "Trainer"
        assert AnswerChange.objects.count() == 0
        fresh = html.split('name="form_key" value="')[1].split('"')[0]
        response = client.post(page_url(registration, "en"), {**stale, "form_key": fresh}, follow=True)
        assert "Answers changed" in response.content.decode()
        assert Registration.objects.get(pk=registration.pk).answers["job"] == "Journalist"

    def test_someone_elses_reference_is_not_found(self, client, registered):
        _user, registration = registered
        stranger, _person = participant()
        client.force_login(stranger)
        assert_not_found(client.get(page_url(registration, "en")), "en", hides=[registration.event.title])
        assert_not_found(client.post(page_url(registration), form_data(registration, job="X")), "ar")
        assert Registration.objects.get(pk=registration.pk).answers["job"] == "Trainer"


def staff_url(registration, event_id=None):
    event_id = event_id or registration.event_id
    return f"/admin/registrations/event/{event_id}/registration/{registration.pk}/answers/"


def staff_detail(registration):
    return f"/admin/registrations/event/{registration.event_id}/registration/{registration.pk}/"


class TestStaffPages:
    @pytest.fixture
    def staff(self, client, registered):
        def signed_in(language):
            user = admin_in(organiser(edit_pages_under=registered[1].event.get_parent()), language)
            client.force_login(user)
            return client, user

        return signed_in

    def test_english_button_page_and_change_in_the_history(self, staff, registered, settings_for_event):
        _user, registration = registered
        client, user = staff("en")
        Registration.objects.filter(pk=registration.pk).update(status=S.CANCELLED)  # any status
        html = client.get(staff_detail(registration)).content.decode()
        assert f'href="{staff_url(registration)}"' in html and "Change answers" in html
        html = client.get(staff_url(registration)).content.decode()
        assert "Your job title" in html and 'value="Trainer"' in html
        assert "I agree to be photographed" not in html  # only the person gives a consent
        response = client.post(staff_url(registration), form_data(registration, job="Journalist"), follow=True)
        assert response.redirect_chain[-1][0] == staff_detail(registration)
        page = response.content.decode()
        assert "Answers changed: “Your job title”." in page
        assert "Journalist" in page
        assert "Answers changed: “Your job title”</td>" in page.replace("\n", "")
        assert user.get_username() in page
        assert answers_logged().get().user == user

    def test_arabic_page_and_nothing_changed(self, staff, registered):
        _user, registration = registered
        client, _user = staff("ar")
        html = client.get(staff_url(registration)).content.decode()
        assert "تعديل الإجابات" in html and "مسمّاك الوظيفي" in html
        response = client.post(staff_url(registration), form_data(registration), follow=True)
        assert "لم يتغيّر شيء" in response.content.decode()
        assert AnswerChange.objects.count() == 0 and not answers_logged().exists()

    def test_invalid_answer_and_stale_key_change_nothing(self, staff, registered):
        _user, registration = registered
        client, _user = staff("en")
        response = client.post(staff_url(registration), form_data(registration, field="Sport"))
        assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
        stale = form_data(registration, job="Journalist")
        QuestionFactory(settings=registration.event.registration_settings, label="Your city", required=False)
        response = client.post(staff_url(registration), stale)
        assert response.status_code == 400
        assert "This form has changed or was altered." in response.content.decode()
        assert Registration.objects.get(pk=registration.pk).answers["job"] == "Trainer"
        assert AnswerChange.objects.count() == 0

    def test_another_events_registration_is_not_found(self, staff, registered, settings_for_event):
        _user, registration = registered
        client, _user = staff("en")
        from tests.factories.registrations import SettingsFactory, event_page

        other = SettingsFactory(event=event_page(english=False))
        url = staff_url(registration, other.event_id)
        response = client.post(url, form_data(registration, job="Journalist"), follow=True)
        assert response.status_code == 404
        assert "Your job title" not in response.content.decode()
        assert Registration.objects.get(pk=registration.pk).answers["job"] == "Trainer"

    def test_an_organiser_of_other_events_is_not_let_in(self, client, registered):
        _user, registration = registered
        client.force_login(admin_in(organiser(), "ar"))
        response = client.post(staff_url(registration), form_data(registration, job="Journalist"), follow=True)
        assert response.status_code == 404
        assert AnswerChange.objects.count() == 0


def test_the_organisers_form_offers_no_answer_for_one_choice_only(settings_for_event):
    """A list of checkboxes is left empty by ticking none; "No answer" is for a single choice."""
    from events.registrations.services.questions import staff_question_fields

    several = QuestionFactory(
        settings=settings_for_event, field_type=QuestionType.MULTIPLE_CHOICE, choices="Morning\nAfternoon"
    )
    one = QuestionFactory(settings=settings_for_event, field_type=QuestionType.SINGLE_CHOICE, choices="Yes\nNo")
    fields = staff_question_fields([several, one])
    assert [value for value, _label in fields[f"q_{several.clean_name}"].choices] == ["Morning", "Afternoon"]
    assert [value for value, _label in fields[f"q_{one.clean_name}"].choices] == ["", "Yes", "No"]


def test_the_setting_is_on_by_default_and_explained_in_the_settings_form(admin_client_in, settings_for_event):
    assert settings_for_event.participants_change_answers is True
    client = admin_client_in("en")
    html = client.get(f"/admin/registrations/event/{settings_for_event.event_id}/settings/").content.decode()
    assert 'name="participants_change_answers"' in html
    assert "Participants may change their answers" in html
    assert "Until the event starts, people registered can change their answers" in html


class TestEmail:
    """The person is told which questions changed, in the language they registered in, and who
    changed them; never the answers themselves."""

    @pytest.fixture
    def committed(self, django_capture_on_commit_callbacks):
        return lambda: django_capture_on_commit_callbacks(execute=True)

    def test_an_organisers_change_is_emailed_in_arabic_without_the_answers(self, registered, committed, mailoutbox):
        _user, registration = registered
        staff = organiser(edit_pages_under=registration.event.get_parent())
        with committed():
            change(registration, staff, as_participant=False, job="Journalist", field="Education")
        (message,) = mailoutbox
        assert message.to == [registration.person.email]
        assert message.subject.startswith("[ملتقى] عُدّلت إجاباتك")
        assert "غيّر فريق تنظيم" in message.body
        assert "«مسمّاك الوظيفي»، «مجال عمل منظمتك»" in message.body
        assert "Journalist" not in message.body and "Education" not in message.body and "تعليم" not in message.body
        assert f"/ar/my/events/{registration.reference}/" in message.body
        html = message.alternatives[0][0]
        assert 'lang="ar"' in html and 'dir="rtl"' in html and "Journalist" not in html
        assert staff.get_username() not in message.body + html  # the organisers, never which one

    def test_the_participants_own_change_is_confirmed_in_english(self, registered, committed, mailoutbox):
        user, registration = registered
        Registration.objects.filter(pk=registration.pk).update(language="en")
        registration.refresh_from_db()
        with committed():
            change(registration, user, job="Journalist")
        (message,) = mailoutbox
        assert message.subject.startswith("[Multaqa] Your answers were changed:")
        assert "You changed your answers for" in message.body and "“Your job title”." in message.body
        assert "See my answers: http" in message.body and f"/en/my/events/{registration.reference}/" in message.body
        assert "Journalist" not in message.body

    def test_no_email_when_nothing_changed_or_the_change_is_refused(
        self, registered, committed, mailoutbox, settings_for_event
    ):
        user, registration = registered
        with committed():
            assert change(registration, user) == []
        settings_for_event.participants_change_answers = False
        settings_for_event.save()
        with committed(), pytest.raises(RegistrationError):
            change(registration, user, job="Journalist")
        assert mailoutbox == []

    def test_a_change_gone_before_sending_sends_nothing(self, registered, mailoutbox):
        from events.registrations.services.emails import send_answers_changed

        user, registration = registered
        change(registration, user, job="Journalist")
        record = AnswerChange.objects.get()
        record.delete()
        assert send_answers_changed(record.pk) is False
        assert mailoutbox == []


def test_the_participants_page_lists_the_changes_and_who_made_them(client, registered):
    user, registration = registered
    staff = organiser(edit_pages_under=registration.event.get_parent())
    change(registration, user, job="Journalist")
    change(registration, staff, as_participant=False, job="Journalist", field="Education")
    client.force_login(user)
    html = client.get(detail_page(registration)).content.decode()
    assert "عُدّلت مرتين" in html
    assert "بواسطتك: «مسمّاك الوظيفي»" in html
    assert "بواسطة فريق التنظيم: «مجال عمل منظمتك»" in html
    assert html.index("بواسطة فريق التنظيم") < html.index("بواسطتك")  # latest first
    assert staff.get_username() not in html
    html = client.get(detail_page(registration, "en")).content.decode()
    assert "Changed 2 times" in html and "by you: “Your job title”" in html
    assert "by the organisers: “Your organisation&#x27;s field”" in html
