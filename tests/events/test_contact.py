"""The organisers' address for participants' questions: on the event page in both languages (a
translation without one shows the main page's), in every email to a participant about the
event, whose replies go to it, and in the public API's event, as the page gives it; nowhere
when the organisers give none."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from events.registrations import services
from tests.factories.events import event_page, translate
from tests.factories.registrations import SettingsFactory, participant

pytestmark = pytest.mark.django_db

CONTACT = "team@alliance.example.org"


def contact_on(client, page):
    """The "Questions?" part of the page's facts, as text, or None."""
    soup = BeautifulSoup(client.get(page.url).content.decode(), "html.parser")
    link = soup.select_one(".event-facts a.event-contact")
    if link is None:
        return None
    assert link["href"] == f"mailto:{link.get_text()}" and link["dir"] == "ltr"
    return link.find_parent("p").get_text(" ", strip=True)


class TestTheEventPage:
    def test_both_languages_show_it_the_translation_from_the_main_page(self, client, events_index):
        arabic = event_page(contact_email=CONTACT)
        english = translate(arabic, contact_email="")
        assert contact_on(client, arabic) == f"راسل فريق التنظيم: {CONTACT}"
        assert contact_on(client, english) == f"Write to the organisers: {CONTACT}"
        html = client.get(arabic.url).content.decode()
        assert "لديك سؤال؟" in html

    def test_a_translation_may_give_its_own(self, client, events_index):
        arabic = event_page(contact_email=CONTACT)
        english = translate(arabic, contact_email="english-desk@alliance.example.org")
        assert contact_on(client, english) == "Write to the organisers: english-desk@alliance.example.org"
        assert contact_on(client, arabic) == f"راسل فريق التنظيم: {CONTACT}"

    def test_none_given_shows_nothing(self, client, events_index):
        arabic = event_page()
        english = translate(arabic)
        for page in (arabic, english):
            assert contact_on(client, page) is None
        assert "Questions?" not in client.get(english.url).content.decode()

    def test_an_address_that_is_not_one_is_refused(self, events_index):
        page = event_page()
        page.contact_email = "team at alliance"
        with pytest.raises(ValidationError) as refused:
            page.full_clean()
        assert "contact_email" in refused.value.message_dict


class TestTheEmails:
    @pytest.mark.parametrize(
        ("language", "line"),
        [
            ("en", f"Questions? Write to the organisers: {CONTACT}"),
            ("ar", f"لديك سؤال؟ راسل فريق التنظيم: {CONTACT}"),
        ],
    )
    def test_replies_go_to_the_organisers(
        self, events_index, language, line, mailoutbox, django_capture_on_commit_callbacks
    ):
        arabic = event_page(contact_email=CONTACT)
        translate(arabic)  # without its own: the English email gives the main page's
        settings = SettingsFactory(event=arabic)
        _user, person = participant()
        with django_capture_on_commit_callbacks(execute=True):
            services.register(settings.event, person, language=language)
        [email] = mailoutbox
        assert email.reply_to == [CONTACT]
        assert line in email.body
        assert f'href="mailto:{CONTACT}"' in email.alternatives[0][0]

    def test_without_one_replies_go_nowhere_new(self, events_index, mailoutbox, django_capture_on_commit_callbacks):
        settings = SettingsFactory(event=event_page())
        _user, person = participant()
        with django_capture_on_commit_callbacks(execute=True):
            services.register(settings.event, person, language="en")
        [email] = mailoutbox
        assert email.reply_to == []
        assert "Write to the organisers" not in email.body and "mailto:" not in email.alternatives[0][0]


def test_the_public_api_gives_it_as_the_page_does(client, events_index):
    arabic = event_page(contact_email=CONTACT)
    translate(arabic, contact_email="")
    other = event_page()
    for language in ("ar", "en"):
        answer = client.get(f"/api/v1/events/{arabic.pk}?lang={language}").json()
        assert (answer["language"], answer["contact"]) == (language, CONTACT)
    assert client.get(f"/api/v1/events/{other.pk}?lang=en").json()["contact"] is None
