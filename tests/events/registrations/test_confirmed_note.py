"""The organisers' note for confirmed participants ("bring your ID; the entrance is at gate 3"):
in each email that confirms a seat or reminds of it and on the registration page of a
confirmed, accepted registration, in the participant's language or the other when only that
is written, as plain text with its line breaks; never to someone waiting or not yet accepted.
It comes with the set-up into a copy of the event."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import Client

from events.copying import copy_set_up
from events.registrations import services
from events.registrations.models import RegistrationSettings, RegistrationStatus
from events.registrations.models.settings import NOTE_MAX
from tests.factories.registrations import event_page, participant

pytestmark = pytest.mark.django_db
S = RegistrationStatus

NOTE = "Bring an ID card.\nThe entrance is at gate 3 <not the main door>."
NOTE_AR = "أحضر بطاقة الهوية.\nالدخول من البوابة 3."


@pytest.fixture
def noted(settings_for_event):
    """One seat, a waiting list, and the note in both languages."""
    settings_for_event.capacity = 1
    settings_for_event.confirmed_note = NOTE
    settings_for_event.confirmed_note_ar = NOTE_AR
    settings_for_event.save()
    return settings_for_event


def registered(settings, language, mailoutbox, capture):
    """A new participant registered in ``language``; their registration and the email it sent."""
    _user, person = participant()
    with capture(execute=True):
        registration = services.register(settings.event, person, language=language)
    return registration, next(message for message in mailoutbox if message.to == [person.email])


class TestTheEmails:
    @pytest.mark.parametrize(
        ("language", "heading", "lines"),
        [
            ("en", "From the organisers:", NOTE.splitlines()),
            ("ar", "من فريق التنظيم:", NOTE_AR.splitlines()),
        ],
    )
    def test_the_confirmation_carries_it_in_the_participants_language(
        self, noted, language, heading, lines, mailoutbox, django_capture_on_commit_callbacks
    ):
        registration, email = registered(noted, language, mailoutbox, django_capture_on_commit_callbacks)
        assert registration.status == S.CONFIRMED
        assert f"{heading}\n{lines[0]}\n{lines[1]}" in email.body
        html = email.alternatives[0][0]
        soup = BeautifulSoup(html, "html.parser")
        note = soup.find("p", attrs={"dir": "auto"})
        assert [text.strip() for text in note.stripped_strings] == lines
        # Plain text: the organisers' angle brackets are shown, never read as HTML.
        if language == "en":
            assert "&lt;not the main door&gt;" in html and "<not the main door>" not in html

    def test_the_other_language_when_only_that_is_written(self, noted, mailoutbox, django_capture_on_commit_callbacks):
        RegistrationSettings.objects.filter(pk=noted.pk).update(confirmed_note="")
        _registration, email = registered(noted, "en", mailoutbox, django_capture_on_commit_callbacks)
        assert "From the organisers:\nأحضر بطاقة الهوية." in email.body

    def test_someone_waiting_gets_it_only_once_a_seat_is_theirs(
        self, noted, mailoutbox, django_capture_on_commit_callbacks
    ):
        first, _email = registered(noted, "en", mailoutbox, django_capture_on_commit_callbacks)
        waiting, email = registered(noted, "en", mailoutbox, django_capture_on_commit_callbacks)
        assert waiting.status == S.WAITLISTED
        assert "From the organisers" not in email.body and "gate 3" not in email.alternatives[0][0]
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel(first)
        promoted = next(message for message in mailoutbox if message.to == [waiting.person.email])
        assert "A seat became free" in promoted.body and "The entrance is at gate 3" in promoted.body

    def test_no_note_no_heading(self, settings_for_event, mailoutbox, django_capture_on_commit_callbacks):
        _registration, email = registered(settings_for_event, "ar", mailoutbox, django_capture_on_commit_callbacks)
        assert "من فريق التنظيم" not in email.body


class TestTheRegistrationPage:
    def page(self, registration, language="en"):
        client = Client()
        client.force_login(registration.person.user)
        return client.get(f"/{language}/my/events/{registration.reference}/").content.decode()

    def test_a_confirmed_seat_shows_it_with_its_line_breaks(
        self, noted, mailoutbox, django_capture_on_commit_callbacks
    ):
        registration, _email = registered(noted, "en", mailoutbox, django_capture_on_commit_callbacks)
        soup = BeautifulSoup(self.page(registration, "ar"), "html.parser")
        section = soup.select_one(".registration-note")
        assert section.h2.get_text() == "من فريق التنظيم"
        assert [text.strip() for text in section.select_one(".registration-note-text").stripped_strings] == (
            NOTE_AR.splitlines()
        )
        english = BeautifulSoup(self.page(registration), "html.parser").select_one(".registration-note-text")
        assert "The entrance is at gate 3 <not the main door>." in english.get_text()

    def test_someone_waiting_or_not_yet_accepted_does_not_see_it(
        self, noted, mailoutbox, django_capture_on_commit_callbacks
    ):
        registered(noted, "en", mailoutbox, django_capture_on_commit_callbacks)
        waiting, _email = registered(noted, "en", mailoutbox, django_capture_on_commit_callbacks)
        assert "gate 3" not in self.page(waiting)
        RegistrationSettings.objects.filter(pk=noted.pk).update(capacity=5)
        user, person = participant()
        added = services.add_by_staff(
            noted.event, email=person.email, name="Guest", language="en", override_capacity=True
        )
        assert added.status == S.CONFIRMED and added.awaiting_acceptance
        assert "gate 3" not in self.page(added)


def test_it_comes_with_a_copy_of_the_event(noted):
    copy = event_page(title="The next edition")
    copy_set_up(noted.event, copy)
    copied = RegistrationSettings.objects.get(event=copy)
    assert (copied.confirmed_note, copied.confirmed_note_ar) == (NOTE, NOTE_AR)


def test_a_note_too_long_is_refused(noted):
    noted.confirmed_note_ar = "ب" * (NOTE_MAX + 1)
    with pytest.raises(ValidationError) as refused:
        noted.full_clean()
    assert list(refused.value.message_dict) == ["confirmed_note_ar"]


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Note for confirmed participants", "note for confirmed participants, in Arabic"]),
        ("ar", ["ملاحظة للمشاركين المؤكَّدين", "ملاحظة للمشاركين المؤكَّدين، بالعربية"]),
    ],
)
def test_the_settings_page_asks_for_it_in_both_languages(admin_client_in, noted, language, labels):
    html = admin_client_in(language).get(f"/admin/registrations/event/{noted.event_id}/settings/").content.decode()
    for label in labels:
        assert label.lower() in html.lower()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one('textarea[name="confirmed_note"]')["dir"] == "ltr"
    assert soup.select_one('textarea[name="confirmed_note_ar"]')["dir"] == "rtl"
    assert soup.select_one('textarea[name="confirmed_note_ar"]').get_text().strip() == NOTE_AR
