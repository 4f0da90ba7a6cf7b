"""Participants hear about every change by email, in the language they registered in, sent
through Django's task framework after the change is committed."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks.signals import task_enqueued

from events.registrations import services
from events.registrations.models import Registration
from events.registrations.services.calendar import feed_for
from tests.factories.events import event_page as programme_page
from tests.factories.events import weekly_sessions
from tests.factories.network import PersonFactory
from tests.factories.registrations import SettingsFactory, english_of, event_page, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs the block's after-commit callbacks, as a request's transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def enqueued():
    names = []

    def record(sender, task_result, **kwargs):
        if task_result.task.name == "send_registration_email":
            names.append((task_result.task.name, tuple(task_result.args)))

    task_enqueued.connect(record)
    yield names
    task_enqueued.disconnect(record)


def only(mailoutbox):
    assert len(mailoutbox) == 1, [m.subject for m in mailoutbox]
    return mailoutbox[0]


def html_of(message):
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


def test_confirmation_in_arabic_with_calendar_file_and_ticket_link(settings_for_event, committed, mailoutbox, enqueued):
    person = PersonFactory()
    with committed():
        registration = services.register(settings_for_event.event, person, language="ar")
    message = only(mailoutbox)
    assert enqueued == [("send_registration_email", (registration.pk, "confirmed"))]
    assert message.to == [person.email]
    assert message.subject == f"[ملتقى] تأكّد تسجيلك: {settings_for_event.event.title}"
    assert f"/ar/tickets/{registration.reference}/" in message.body
    assert message.body.startswith("مقعدك مؤكَّد")
    html = html_of(message)
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "http://" in html and f"/ar/tickets/{registration.reference}/" in html
    ((filename, content, mimetype),) = message.attachments
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    text = content if isinstance(content, str) else content.decode()
    assert "BEGIN:VEVENT" in text
    assert f"event-{settings_for_event.event.translation_key}@" in text
    assert registration.person.email not in text


def test_english_registration_gets_english_email(settings_for_event, committed, mailoutbox):
    with committed():
        services.register(english_of(settings_for_event.event), PersonFactory(), language="en")
    message = only(mailoutbox)
    english_title = english_of(settings_for_event.event).title
    assert message.subject == f"[Multaqa] Your registration is confirmed: {english_title}"
    assert 'dir="ltr"' in html_of(message)
    assert "/en/tickets/" in message.body


def test_waitlisted_email_states_the_position(settings_for_event, committed, mailoutbox):
    settings_for_event.capacity = 0
    settings_for_event.save()
    services.register(settings_for_event.event, PersonFactory())
    with committed():
        services.register(settings_for_event.event, PersonFactory())
    message = mailoutbox[-1]
    assert "أنت في قائمة الانتظار" in message.subject
    assert "ترتيبك 2 في قائمة الانتظار" in message.body
    assert not message.attachments
    assert "/tickets/" not in message.body


def test_cancellation_tells_both_the_canceller_and_the_promoted(settings_for_event, committed, mailoutbox):
    settings_for_event.capacity = 1
    settings_for_event.save()
    seated = services.register(settings_for_event.event, PersonFactory())
    waiting = services.register(settings_for_event.event, PersonFactory(), language="en")
    mailoutbox.clear()
    with committed():
        services.cancel(seated)
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert "أُلغي تسجيلك" in subjects[seated.person.email]
    assert subjects[waiting.person.email].startswith("[Multaqa] A seat is free")
    promoted = next(m for m in mailoutbox if m.to == [waiting.person.email])
    assert promoted.attachments  # the calendar file comes with the confirmed seat


@pytest.mark.parametrize(
    ("action", "subject"),
    [("approve", "تمت الموافقة على تسجيلك"), ("decline", "لم يُقبل تسجيلك")],
)
def test_approval_decisions_are_emailed(settings_for_event, committed, mailoutbox, action, subject):
    settings_for_event.approval_required = True
    settings_for_event.save()
    with committed():
        registration = services.register(settings_for_event.event, PersonFactory())
    assert "استلمنا تسجيلك" in only(mailoutbox).subject
    mailoutbox.clear()
    with committed():
        getattr(services, action)(registration)
    assert subject in only(mailoutbox).subject


def test_nothing_is_sent_when_the_change_is_refused(settings_for_event, committed, mailoutbox, enqueued):
    settings_for_event.capacity = 0
    settings_for_event.waitlist_enabled = False
    settings_for_event.save()
    with committed(), pytest.raises(services.RegistrationError):
        services.register(settings_for_event.event, PersonFactory())
    assert mailoutbox == []
    assert enqueued == []


def test_account_email_is_used_when_the_person_has_none(settings_for_event, committed, mailoutbox):
    user, person = participant()
    person.email = ""
    person.save()
    with committed():
        services.register(settings_for_event.event, person)
    assert only(mailoutbox).to == [user.email]


def test_resend_confirmation(settings_for_event, committed, mailoutbox):
    registration = services.register(settings_for_event.event, PersonFactory())
    with committed():
        services.resend_confirmation(registration)
    assert "تأكّد تسجيلك" in only(mailoutbox).subject


class TestReminders:
    @pytest.fixture
    def tomorrow(self, demo_site):
        return SettingsFactory(event=event_page(start=timezone.now() + dt.timedelta(hours=20)), capacity=1)

    def test_sent_once_to_confirmed_participants_of_events_starting_within_a_day(self, tomorrow, committed, mailoutbox):
        later = SettingsFactory(event=event_page(start=timezone.now() + dt.timedelta(days=3)))
        confirmed = services.register(tomorrow.event, PersonFactory())
        services.register(tomorrow.event, PersonFactory())  # waitlisted: no reminder
        services.register(later.event, PersonFactory())  # too early
        mailoutbox.clear()
        with committed():
            call_command("send_event_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        message = only(mailoutbox)
        assert message.to == [confirmed.person.email]
        assert "تذكير" in message.subject
        assert message.attachments
        confirmed.refresh_from_db()
        assert confirmed.reminder_sent_at is not None

        mailoutbox.clear()
        with committed():
            call_command("send_event_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert mailoutbox == []
        assert Registration.objects.filter(reminder_sent_at__isnull=False).count() == 1

    def test_a_place_not_yet_accepted_is_reminded_to_accept_without_a_ticket(self, tomorrow, committed, mailoutbox):
        type(tomorrow).objects.filter(pk=tomorrow.pk).update(capacity=2)
        given = {}
        for language, email in (("en", "sami@example.org"), ("ar", "huda@example.org")):
            seated = services.register(tomorrow.event, PersonFactory())
            with committed():
                given[email] = services.replace(seated, email=email, name="Guest", language=language)
        mailoutbox.clear()
        with committed():
            call_command("send_event_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        by_recipient = {message.to[0]: message for message in mailoutbox}
        assert sorted(by_recipient) == ["huda@example.org", "sami@example.org"]
        english, arabic = by_recipient["sami@example.org"], by_recipient["huda@example.org"]
        assert english.subject.endswith(f"Accept your place: {english_of(tomorrow.event).title} starts soon")
        assert "open “My events” to accept it" in english.body
        assert f"اقبل مكانك: {tomorrow.event.title}" in arabic.subject and "«فعالياتي»" in arabic.body
        for email, message in by_recipient.items():
            assert f"/tickets/{given[email].reference}/" not in message.body and not message.attachments


def test_database_queue_takes_the_email_with_the_registration_or_not_at_all(settings_for_event, settings):
    """With production's database-backed queue the task row is part of the registration's
    transaction: a refused registration leaves no task behind."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "core.tasks.DatabaseQueue"}}
    ours = DBTaskResult.objects.filter(task_path__endswith="send_registration_email")
    registration = services.register(settings_for_event.event, PersonFactory())
    (queued,) = ours
    assert queued.args_kwargs["args"] == [registration.pk, "confirmed"]
    settings_for_event.capacity = 1
    settings_for_event.waitlist_enabled = False
    settings_for_event.save()
    with pytest.raises(services.RegistrationError):
        services.register(settings_for_event.event, PersonFactory())
    assert ours.count() == 1


def test_a_weekly_programmes_confirmation_and_feed_carry_its_sessions(demo_site, committed, mailoutbox):
    start = (timezone.now() + dt.timedelta(days=10)).replace(microsecond=0)
    weeks = weekly_sessions(start)
    page = programme_page(title="برنامج أسبوعي", start=start, end=start + dt.timedelta(days=15), sessions=weeks)
    settings = SettingsFactory(event=page, capacity=5)
    user, person = participant()
    with committed():
        services.register(settings.event, person, language="ar")
    ((_filename, content, _mimetype),) = only(mailoutbox).attachments
    text = content if isinstance(content, str) else content.decode()
    assert text.count("BEGIN:VEVENT") == 3
    assert "الأسبوع 1 · برنامج أسبوعي" in text and "الأسبوع 3 · برنامج أسبوعي" in text
    body = Client().get(f"/ar/my/calendar/{feed_for(person).token}.ics").content.decode()
    assert body.count("BEGIN:VEVENT") == 3 and "الأسبوع 2 · برنامج أسبوعي" in body
    # The registration's own page offers the same file, named for its sessions.
    client = Client()
    client.force_login(user)
    registration = Registration.objects.get(person=person)
    page = client.get(f"/ar/my/events/{registration.reference}/").content.decode()
    assert f'href="/ar/calendar/event/{settings.event_id}.ics" download>ملف تقويم بجلساتها الـ3' in page
