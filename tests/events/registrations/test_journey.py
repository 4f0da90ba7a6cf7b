"""A participant finding their way: the header's account menu, the event's main action, the
page of one registration, the registration form's questions and who gets the meeting links."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Session
from events.registrations import services
from events.registrations.models import QuestionType, RegistrationStatus
from tests.factories.events import VenueFactory
from tests.factories.network import PersonFactory
from tests.factories.registrations import (
    QuestionFactory,
    SettingsFactory,
    add_questions,
    answers_post,
    english_of,
    event_page,
    participant,
)
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db
S = RegistrationStatus
ROOM = "https://meet.example.org/room-"


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def hero_action(html):
    start = html.index('class="registration-cta"')
    end = html.find('<div class="cta-bar"', start)
    return html[start : end if end > 0 else html.index("</header>", start)]


class TestHeader:
    def test_signed_in_person_sees_my_events_and_the_account_menu(self, client, demo_site):
        user, _person = participant()
        client.force_login(user)
        for language, labels in {
            "ar": ["فعالياتي", "الملف الشخصي", "البريد الإلكتروني وكلمة المرور", "تسجيل الخروج"],
            "en": ["My events", "Profile", "Email and password", "Sign out"],
        }.items():
            html = client.get(f"/{language}/").content.decode()
            header = html[html.index('<header class="site-header">') : html.index("</header>")]
            assert f'<li class="nav-my-events"><a href="/{language}/my/events/">{labels[0]}</a></li>' in header
            menu = header[header.index('class="account-menu-list"') : header.index("</details>")]
            assert [f"/{language}/my/events/", f"/{language}/my/profile/", f"/{language}/accounts/email/"] == (
                re.findall(r'<a href="([^"]+)"', menu)
            )
            assert all(label in text_of(menu) for label in labels)
            # Signing out is a POST with the CSRF token, not a link.
            signout = r'<form method="post" action="([^"]+)" class="account-menu-signout">(.*?)</form>'
            form = re.search(signout, menu, re.S)
            assert form.group(1) == f"/{language}/accounts/logout/"
            assert 'name="csrfmiddlewaretoken"' in form.group(2)

    def test_sign_out_from_the_menu_signs_out(self, client, demo_site):
        user, _person = participant()
        client.force_login(user)
        client.post("/en/accounts/logout/")
        html = client.get("/en/").content.decode()
        assert "account-menu" not in html and "/en/accounts/login/" in html

    def test_visitor_sees_sign_in_and_no_account_menu(self, client, demo_site):
        html = client.get("/en/").content.decode()
        assert "account-menu" not in html and "/en/my/events/" not in html
        assert 'href="/en/accounts/login/"' in html


class TestMainAction:
    def page(self, client, event):
        return client.get(event.url).content.decode()

    def test_register_with_seats_left_and_the_closing_date_beside_it(self, client, demo_site):
        settings = SettingsFactory(capacity=8, closes_at=timezone.now() + dt.timedelta(days=5))
        html = hero_action(self.page(client, settings.event))
        assert f'<a class="button cta-primary" href="/ar/registrations/{settings.event_id}/">التسجيل</a>' in html
        assert "بقيت 8 مقاعد" in html
        assert "يُغلق التسجيل في" in html
        english = english_of(settings.event)
        html = hero_action(self.page(client, english))
        assert f'href="/en/registrations/{english.pk}/">Register</a>' in html
        assert "8 seats left." in html and "Registration closes on" in html

    def test_the_calendar_is_a_secondary_action(self, client, demo_site):
        settings = SettingsFactory()
        html = self.page(client, english_of(settings.event))
        start = html.index('<div class="hero-actions">')
        actions = html[start : html.index("</header>", start)]
        calendar = re.search(r'<a class="([^"]+)" href="[^"]+\.ics" download data-calendar="ics">', actions)
        assert calendar.group(1) == "button button-secondary"
        assert actions.index("cta-primary") < actions.index('data-calendar="ics"')

    def test_approval_makes_it_a_request(self, client, demo_site):
        settings = SettingsFactory(approval_required=True)
        assert ">Request a place</a>" in hero_action(self.page(client, english_of(settings.event)))
        assert ">طلب مقعد</a>" in hero_action(self.page(client, settings.event))

    def test_full_event_offers_the_waiting_list(self, client, demo_site):
        settings = SettingsFactory(capacity=0)
        assert ">Join the waiting list</a>" in hero_action(self.page(client, english_of(settings.event)))

    def test_closed_says_so_and_links_nowhere(self, client, demo_site):
        settings = SettingsFactory(closes_at=timezone.now() - dt.timedelta(minutes=1))
        html = hero_action(self.page(client, english_of(settings.event)))
        assert 'aria-disabled="true">Registration closed</span>' in html
        assert "/registrations/" not in html
        assert "data-cta-bar" not in self.page(client, settings.event)

    def test_registered_person_is_led_to_their_ticket(self, client, demo_site):
        settings = SettingsFactory()
        user, person = participant()
        registration = services.register(settings.event, person)
        client.force_login(user)
        html = self.page(client, english_of(settings.event))
        assert f'href="/en/my/events/{registration.reference}/">Registered — your ticket</a>' in hero_action(html)

    def test_a_phone_bar_repeats_the_action(self, client, demo_site):
        settings = SettingsFactory()
        html = self.page(client, settings.event)
        bar = html[html.index("data-cta-bar") : html.index("</div>", html.index("data-cta-bar"))]
        assert f'href="/ar/registrations/{settings.event_id}/">التسجيل</a>' in bar
        assert settings.event.title in bar


class TestRegistrationPage:
    def test_confirmed_sees_ticket_place_calendar_and_next_steps(self, client, demo_site):
        venue = VenueFactory(name="Al-Mansour hall", name_ar="قاعة المنصور", address="14 Ramadan Street")
        settings = SettingsFactory(event=event_page(event_format="in_person", venue=venue, online_link=""))
        user, person = participant()
        registration = services.register(settings.event, person)
        client.force_login(user)
        english = english_of(settings.event)
        html = client.get(f"/en/my/events/{registration.reference}/").content.decode()
        text = text_of(html)
        assert "You're registered" in text and english.title in text and settings.event.title not in text
        assert f'href="/en/tickets/{registration.reference}/"' in html
        assert "Al-Mansour hall" in text and "14 Ramadan Street" in text
        assert f'href="/en/calendar/event/{english.pk}.ics"' in html and "calendar.google.com" in html
        assert "Show your ticket at the registration desk" in text
        assert f'href="/en/my/events/{registration.reference}/cancel/"' in html
        arabic = text_of(client.get(f"/ar/my/events/{registration.reference}/").content.decode())
        assert "تم تسجيلك" in arabic and "قاعة المنصور" in arabic and "ماذا بعد؟" in arabic

    def test_waitlisted_sees_the_position_but_no_ticket_link_or_calendar(self, client, demo_site):
        settings = SettingsFactory(capacity=0)
        user, person = participant()
        registration = services.register(settings.event, person)
        client.force_login(user)
        html = client.get(f"/en/my/events/{registration.reference}/").content.decode()
        assert "You are number 1 on the waiting list" in text_of(html)
        assert "/tickets/" not in html and ".ics" not in html and ROOM not in html
        assert "once your place is confirmed" in text_of(html)

    def test_someone_elses_registration_is_not_found(self, client, demo_site):
        settings = SettingsFactory()
        other = services.register(settings.event, PersonFactory())
        user, _person = participant()
        client.force_login(user)
        hides = [other.person.name, other.person.email, english_of(settings.event).title, ROOM]
        assert_not_found(client.get(f"/en/my/events/{other.reference}/"), "en", hides=hides)
        assert_not_found(client.get("/ar/my/events/NOPE/"), "ar", hides=hides)

    def test_registering_leads_there_with_the_message_in_view(self, client, demo_site):
        settings = SettingsFactory()
        user, person = participant()
        client.force_login(user)
        html = client.get(settings.event.url).content.decode()
        key = re.search(r'name="form_key" value="([^"]+)"', html).group(1)
        response = client.post(
            f"/ar/registrations/{settings.event_id}/",
            {"form_key": key, "name": person.name, "name_ar": person.name_ar},
            follow=True,
        )
        registration = person.registrations.get()
        assert response.redirect_chain == [(f"/ar/my/events/{registration.reference}/", 302)]
        html = response.content.decode()
        assert "#" not in response.redirect_chain[0][0]  # no jump past the message
        assert html.index('class="container messages"') < html.index('class="registration-summary card')
        assert "مقعدك مؤكَّد" in text_of(html)


class TestQuestions:
    def form_html(self, client, settings):
        user, _person = participant()
        client.force_login(user)
        return client.get(f"/en/registrations/{english_of(settings.event).pk}/").content.decode()

    def test_nothing_is_chosen_for_the_participant(self, client, settings_for_event):
        add_questions(settings_for_event)
        html = self.form_html(client, settings_for_event)
        for select in re.findall(r"<select[^>]*>.*?</select>", html, re.S):
            first = re.search(r"<option[^>]*>", select).group(0)
            assert 'value=""' in first, first
            assert "selected" not in select.replace(first, "")
        assert "checked" not in html

    def test_required_questions_are_marked(self, client, settings_for_event):
        add_questions(settings_for_event)  # every question required except the short text
        html = self.form_html(client, settings_for_event)
        governorate = re.search(r'<label for="id_q_governorate">(.*?)</label>', html, re.S).group(1)
        assert 'class="required-mark"' in governorate and "(required)" in governorate
        job = re.search(r'<label for="id_q_your_job_title">(.*?)</label>', html, re.S).group(1)
        assert "required" not in job
        legend = re.search(r"<legend>Your organisation&#x27;s field(.*?)</legend>", html, re.S).group(1)
        assert "required-mark" in legend

    def test_a_blank_required_list_is_refused(self, client, settings_for_event):
        questions = add_questions(settings_for_event)
        user, person = participant()
        client.force_login(user)
        url = f"/en/registrations/{english_of(settings_for_event.event).pk}/"
        key = re.search(r'name="form_key" value="([^"]+)"', client.get(url).content.decode()).group(1)
        data = {"form_key": key, "name": "Noor", **answers_post(questions, **{QuestionType.GOVERNORATE: ""})}
        response = client.post(url, data)
        assert response.status_code == 400 and "This field is required." in response.content.decode()
        assert not person.registrations.exists()

    def test_consent_is_required_only_when_the_organiser_marks_it(self, client, settings_for_event):
        optional = QuestionFactory(settings=settings_for_event, field_type=QuestionType.CONSENT, required=False)
        user, person = participant()
        client.force_login(user)
        url = f"/en/registrations/{english_of(settings_for_event.event).pk}/"
        html = client.get(url).content.decode()
        assert "required-mark" not in re.search(
            rf'<label for="id_q_{optional.clean_name}">(.*?)</label>', html, re.S
        ).group(1)
        key = re.search(r'name="form_key" value="([^"]+)"', html).group(1)
        response = client.post(url, {"form_key": key, "name": "Noor"})
        assert response.status_code == 302
        assert person.registrations.get().answers == {optional.clean_name: False}  # recorded as not given

    def test_a_consent_marked_required_must_be_given(self, client, settings_for_event):
        QuestionFactory(settings=settings_for_event, field_type=QuestionType.CONSENT, required=True)
        user, person = participant()
        client.force_login(user)
        url = f"/en/registrations/{english_of(settings_for_event.event).pk}/"
        key = re.search(r'name="form_key" value="([^"]+)"', client.get(url).content.decode()).group(1)
        assert client.post(url, {"form_key": key, "name": "Noor"}).status_code == 400
        assert not person.registrations.exists()


class TestMeetingLinks:
    @pytest.fixture
    def online(self, demo_site):
        """An online event with its link, and a session with a link of its own."""
        settings = SettingsFactory(capacity=1)
        Session.objects.create(
            page=settings.event,
            title="جلسة المتابعة",
            start=settings.event.start,
            end=settings.event.start + dt.timedelta(hours=1),
            online_link="https://meet.example.org/follow-up",
        )
        english = english_of(settings.event)
        Session.objects.create(
            page=english,
            title="Follow-up session",
            start=settings.event.start,
            end=settings.event.start + dt.timedelta(hours=1),
            online_link="https://meet.example.org/follow-up",
        )
        return settings

    def test_confirmation_email_has_the_links_and_the_waiting_list_email_does_not(
        self, online, django_capture_on_commit_callbacks, mailoutbox
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.register(online.event, PersonFactory(), language="en")
            services.register(online.event, PersonFactory(), language="en")  # waitlisted
        confirmed, waiting = mailoutbox
        link = online.event.online_link
        assert link in confirmed.body and link in confirmed.alternatives[0][0]
        assert "Follow-up session: https://meet.example.org/follow-up" in confirmed.body
        assert ROOM not in waiting.body and ROOM not in waiting.alternatives[0][0]
        assert "follow-up" not in waiting.body
        for message in mailoutbox:
            for _name, content, _mimetype in message.attachments:
                text = content if isinstance(content, str) else content.decode()
                assert "meet.example.org" not in text  # not in the calendar file either

    def test_pending_registration_gets_no_link(self, demo_site, django_capture_on_commit_callbacks, mailoutbox):
        settings = SettingsFactory(approval_required=True)
        with django_capture_on_commit_callbacks(execute=True):
            services.register(settings.event, PersonFactory(), language="en")
        (message,) = mailoutbox
        assert "meet.example.org" not in message.body + message.alternatives[0][0]

    def test_reminder_carries_the_link(self, demo_site, django_capture_on_commit_callbacks, mailoutbox):
        settings = SettingsFactory(event=event_page(start=timezone.now() + dt.timedelta(hours=20)))
        services.register(settings.event, PersonFactory(), language="ar")
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_event_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        (reminder,) = mailoutbox
        assert settings.event.online_link in reminder.body
        assert "الانضمام عبر الإنترنت" in reminder.body

    def test_in_person_event_emails_no_event_link(self, demo_site, django_capture_on_commit_callbacks, mailoutbox):
        venue = VenueFactory()
        settings = SettingsFactory(
            event=event_page(event_format="in_person", venue=venue, online_link="https://meet.example.org/stray")
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.register(settings.event, PersonFactory(), language="en")
        assert "meet.example.org" not in mailoutbox[0].body

    def test_my_events_shows_session_links_to_the_confirmed_only(self, client, online):
        user, person = participant()
        confirmed = services.register(online.event, person)
        other_user, other = participant()
        services.register(online.event, other)  # waitlisted
        client.force_login(user)
        html = client.get("/en/my/events/").content.decode()
        card = html[html.index(f'id="{confirmed.reference}"') :]
        assert online.event.online_link in card
        assert "Follow-up session" in text_of(card) and "https://meet.example.org/follow-up" in card
        detail = client.get(f"/en/my/events/{confirmed.reference}/").content.decode()
        assert online.event.online_link in detail and "https://meet.example.org/follow-up" in detail
        client.force_login(other_user)
        for path in ("/en/my/events/", f"/en/my/events/{other.registrations.get().reference}/"):
            assert "meet.example.org" not in client.get(path).content.decode()

    def test_never_on_the_public_page_or_in_calendar_files(self, client, online):
        user, person = participant()
        services.register(online.event, person)
        client.force_login(user)  # even for the confirmed participant
        english = english_of(online.event)
        feed = services.calendar.feed_for(person) if hasattr(services, "calendar") else None
        pages = [online.event.url, english.url, f"/en/calendar/event/{english.pk}.ics"]
        pages.append(f"/en/calendar/event/{english.pk}/agenda.ics")
        for path in pages:
            assert "meet.example.org" not in client.get(path).content.decode(), path
        from events.registrations.services.calendar import feed_for

        feed = feed_for(person)
        body = client.get(f"/en/my/calendar/{feed.token}.ics").content.decode()
        assert "BEGIN:VEVENT" in body and "meet.example.org" not in body
