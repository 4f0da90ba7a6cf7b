"""Organisers writing to an event's participants: who receives the message (the list's filters
or a selection, never the cancelled or declined unless asked, the people without an email
named), in which language, the checks on what was written, the record, the audit entry, and
the emails sent only once the transaction commits."""

import pytest
from django.db import transaction
from django.utils import translation
from wagtail.models import PageLogEntry

from events import audit
from events.registrations.models import MESSAGE_MAX_LENGTH, SUBJECT_MAX_LENGTH, EventMessage
from events.registrations.services import RegistrationError
from events.registrations.services import messages as service
from tests.factories.accounts import UserFactory
from tests.factories.registrations import RegistrationFactory, organiser, registered

pytestmark = pytest.mark.django_db

BOTH = {
    "subject": "The venue changed",
    "body": "We meet at the Tigris Hall.\nBring your ID.",
    "subject_ar": "تغيّر مكان اللقاء",
    "body_ar": "نلتقي في قاعة دجلة.\nأحضروا هوياتكم.",
}
ARABIC_ONLY = {"subject_ar": BOTH["subject_ar"], "body_ar": BOTH["body_ar"]}


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def people(settings_for_event):
    """Two confirmed (Arabic, English), one waitlisted in English, one cancelled, one
    declined, one confirmed with no email address."""
    event = settings_for_event.event
    return {
        "arabic": registered(event, "confirmed", "ar", name="Huda Kareem", name_ar="هدى كريم"),
        "english": registered(event, "confirmed", "en", name="Sam Lee", name_ar=""),
        "waiting": registered(event, "waitlisted", "en", name="Omar Aziz", name_ar="عمر عزيز"),
        "cancelled": registered(event, "cancelled", "ar", name="Cancelled One", name_ar="ملغى"),
        "declined": registered(event, "declined", "en", name="Declined One", name_ar="مرفوض"),
        "no_email": registered(event, "confirmed", "ar", name="No Mail", name_ar="بلا بريد", email=""),
    }


def pks(registrations):
    return sorted(registration.pk for registration in registrations)


class TestAudience:
    def test_the_whole_list_leaves_out_the_ended_and_names_those_without_email(self, event, people):
        chosen = service.audience(event)
        assert pks(chosen.recipients) == pks([people["arabic"], people["english"], people["waiting"]])
        assert chosen.skipped == [people["no_email"]]
        assert chosen.left_out == 2
        assert chosen.languages() == {"ar": 1, "en": 2}

    def test_the_lists_filters_choose(self, event, people):
        chosen = service.audience(event, query={"status": "waitlisted"})
        assert chosen.recipients == [people["waiting"]]
        assert (chosen.skipped, chosen.left_out) == ([], 0)
        searched = service.audience(event, query={"q": "Huda"})
        assert searched.recipients == [people["arabic"]]

    @pytest.mark.parametrize("status", ["cancelled", "declined"])
    def test_the_ended_are_written_to_when_the_filter_asks_for_them(self, event, people, status):
        chosen = service.audience(event, query={"status": status})
        assert chosen.recipients == [people[status]]
        assert chosen.left_out == 0

    def test_a_selection_chooses_and_still_leaves_out_the_cancelled(self, event, people):
        ids = [str(people["english"].pk), str(people["cancelled"].pk), str(people["no_email"].pk)]
        chosen = service.audience(event, ids=ids)
        assert chosen.recipients == [people["english"]]
        assert chosen.skipped == [people["no_email"]]
        assert chosen.left_out == 1

    def test_all_listed_follows_the_filters(self, event, people):
        chosen = service.audience(event, query={"status": "confirmed"}, ids=["all"])
        assert pks(chosen.recipients) == pks([people["arabic"], people["english"]])

    @pytest.mark.parametrize("tampered", [["999999999"], ["abc"], ["1²"]])
    def test_a_selection_naming_another_events_registration_is_refused(self, event, people, tampered):
        other = RegistrationFactory()
        for ids in ([str(other.pk)], [str(people["arabic"].pk), *tampered]):
            with translation.override("en"):
                with pytest.raises(RegistrationError) as refused:
                    service.audience(event, ids=ids)
                assert refused.value.code == "not_in_event"
                assert "select the registrations again" in str(refused.value.message)

    def test_an_unknown_filter_value_is_refused(self, event, people):
        with pytest.raises(RegistrationError) as refused:
            service.audience(event, query={"status": "everyone"})
        assert refused.value.code == "bad_filter"


class TestDraft:
    def test_texts_are_trimmed_a_subject_is_one_line_and_line_breaks_are_kept(self, event):
        message = service.draft(event, subject="  Venue \r\n changed ", body=" Line one\r\nLine two \r\n")
        assert (message.subject, message.body) == ("Venue changed", "Line one\nLine two")
        assert message.written_in() == ["en"]
        assert message.pk is None

    @pytest.mark.parametrize(
        ("texts", "code", "words"),
        [
            ({}, "empty", "Write the subject and the message"),
            ({"subject": "   ", "body": "\r\n"}, "empty", "Write the subject and the message"),
            ({"subject": "Only a subject"}, "incomplete", "The English version needs both"),
            ({**ARABIC_ONLY, "body": "Only a message"}, "incomplete", "The English version needs both"),
            ({"body_ar": "نص بلا عنوان"}, "incomplete", "The Arabic version needs both"),
            (
                {"subject": "x" * (SUBJECT_MAX_LENGTH + 1), "body": "b"},
                "subject_too_long",
                f"at most {SUBJECT_MAX_LENGTH} characters, and it has {SUBJECT_MAX_LENGTH + 1}",
            ),
            (
                {"subject_ar": "ع", "body_ar": "ب" * (MESSAGE_MAX_LENGTH + 1)},
                "message_too_long",
                f"The Arabic message is too long: at most {MESSAGE_MAX_LENGTH} characters",
            ),
        ],
    )
    def test_bad_texts_are_refused_with_a_reason(self, event, texts, code, words):
        with translation.override("en"):
            with pytest.raises(RegistrationError) as refused:
                service.draft(event, **texts)
            assert refused.value.code == code
            assert words in str(refused.value.message)

    def test_a_refusal_is_worded_in_arabic_for_an_arabic_admin(self, event):
        with translation.override("ar"), pytest.raises(RegistrationError) as refused:
            service.draft(event, subject_ar="ع" * (SUBJECT_MAX_LENGTH + 1), body_ar="نص")
        assert str(refused.value.message) == "الموضوع العربي أطول من المسموح: الحد الأقصى 200 حرف، وطوله الآن 201."

    def test_the_limits_themselves_are_accepted(self, event):
        message = service.draft(event, subject="s" * SUBJECT_MAX_LENGTH, body="b" * MESSAGE_MAX_LENGTH)
        assert len(message.body) == MESSAGE_MAX_LENGTH


class TestSend:
    def test_each_participant_reads_their_language_after_the_commit(
        self, event, people, staff, run_on_commit, mailoutbox
    ):
        mailoutbox.clear()
        with run_on_commit() as callbacks:
            message = service.send(event, BOTH, by=staff)
            assert mailoutbox == []  # nothing leaves before the commit
        assert len(callbacks) == 3
        by_address = {email.to[0]: email for email in mailoutbox}
        arabic = by_address[people["arabic"].person.email]
        english = by_address[people["english"].person.email]
        assert arabic.subject == "[ملتقى] تغيّر مكان اللقاء"
        assert "نلتقي في قاعة دجلة.\nأحضروا هوياتكم." in arabic.body
        assert english.subject == "[Multaqa] The venue changed"
        assert "We meet at the Tigris Hall.\nBring your ID." in english.body
        html = english.alternatives[0][0]
        assert "We meet at the Tigris Hall.<br>Bring your ID." in html
        assert event.localized_for("en").title in html
        assert "All your registrations" in html
        assert 'lang="ar" dir="rtl"' in arabic.alternatives[0][0]
        assert sorted(by_address) == sorted(people[key].person.email for key in ("arabic", "english", "waiting"))
        assert message.recipients == 3
        assert pks(message.registrations.all()) == pks([people["arabic"], people["english"], people["waiting"]])

    def test_a_message_in_one_language_goes_to_everyone_in_it(self, event, people, staff, run_on_commit, mailoutbox):
        mailoutbox.clear()
        with run_on_commit():
            service.send(event, ARABIC_ONLY, by=staff)
        assert len(mailoutbox) == 3
        assert {email.subject for email in mailoutbox} == {"[ملتقى] تغيّر مكان اللقاء"}
        assert all('dir="rtl"' in email.alternatives[0][0] for email in mailoutbox)

    def test_the_record_and_one_audit_entry(self, event, people, staff, run_on_commit):
        with run_on_commit():
            message = service.send(event, BOTH, by=staff, query={"status": "confirmed"})
        stored = EventMessage.objects.get()
        assert stored == message
        assert (stored.event_id, stored.sent_by, stored.recipients) == (event.pk, staff, 2)
        assert (stored.subject, stored.body, stored.subject_ar, stored.body_ar) == tuple(BOTH.values())
        (entry,) = PageLogEntry.objects.filter(action=audit.MESSAGE)
        assert entry.page_id == event.pk and entry.user == staff
        assert entry.data == {"rows": 2, "message": stored.pk, "skipped": 1, "filters": {"status": "confirmed"}}
        with translation.override("en"):
            assert entry.message == "Message sent to participants: 2 recipients"
        with translation.override("ar"):
            assert PageLogEntry.objects.get(pk=entry.pk).message == "رسالة إلى المشاركين: مستلمان"

    @pytest.mark.parametrize(
        ("texts", "options", "code"),
        [
            ({}, {}, "empty"),
            ({"subject": "s" * (SUBJECT_MAX_LENGTH + 1), "body": "b"}, {}, "subject_too_long"),
            (BOTH, {"query": {"status": "nonsense"}}, "bad_filter"),
            (BOTH, {"ids": ["all"], "query": {"q": "nobody-by-this-name"}}, "no_recipients"),
        ],
    )
    def test_a_refusal_records_and_sends_nothing(
        self, event, people, staff, run_on_commit, mailoutbox, texts, options, code
    ):
        mailoutbox.clear()
        with run_on_commit(), pytest.raises(RegistrationError) as refused:
            service.send(event, texts, by=staff, **options)
        assert refused.value.code == code
        assert not EventMessage.objects.exists()
        assert not PageLogEntry.objects.filter(action=audit.MESSAGE).exists()
        assert mailoutbox == []

    def test_someone_who_may_not_manage_the_event_is_refused(self, event, people, run_on_commit, mailoutbox):
        mailoutbox.clear()
        with run_on_commit(), pytest.raises(RegistrationError) as refused:
            service.send(event, BOTH, by=organiser())
        assert refused.value.code == "forbidden"
        assert (EventMessage.objects.count(), mailoutbox) == (0, [])

    def test_a_rolled_back_send_sends_nothing(self, event, people, staff, run_on_commit, mailoutbox):
        mailoutbox.clear()
        with run_on_commit(), pytest.raises(RuntimeError), transaction.atomic():
            service.send(event, BOTH, by=staff)
            raise RuntimeError
        assert (EventMessage.objects.count(), mailoutbox) == (0, [])

    def test_the_recipient_links_go_with_the_registrations(self, event, people, staff, run_on_commit):
        with run_on_commit():
            message = service.send(event, BOTH, by=staff)
        people["english"].delete()
        message.refresh_from_db()
        assert pks(message.registrations.all()) == pks([people["arabic"], people["waiting"]])
        assert message.recipients == 3
