"""The event page's call to action, "My events", cancelling, the profile and the personal
calendar feed."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from events.registrations import services
from events.registrations.models import CalendarFeed, Registration, RegistrationStatus
from events.registrations.services.calendar import feed_for
from network.models import Affiliation, Organisation, Person, PublicBasis
from tests.factories.accounts import UserFactory
from tests.factories.events import VenueFactory
from tests.factories.network import PersonFactory
from tests.factories.registrations import (
    QuestionFactory,
    RegistrationFactory,
    SettingsFactory,
    english_of,
    event_page,
    participant,
)
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def cta(event, user=None):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return render_to_string("registrations/event_cta.html", {"event": event, "request": request})


class TestCallToAction:
    def test_no_settings_no_call_to_action(self, event):
        assert cta(event).strip() == ""

    def test_open_with_seats_left(self, settings_for_event):
        html = cta(settings_for_event.event)
        assert 'data-state="open"' in html
        assert "بقيت 10 مقاعد" in html
        assert f'href="/ar/registrations/{settings_for_event.event_id}/"' in html

    def test_english_page_shows_english_and_the_same_event(self, settings_for_event):
        from django.utils import translation

        english = english_of(settings_for_event.event)
        with translation.override("en"):
            html = cta(english)
        assert "10 seats left." in html
        assert f'href="/en/registrations/{english.pk}/"' in html

    def test_one_click_for_a_signed_in_participant_when_there_are_no_questions(self, settings_for_event):
        user, _person = participant()
        html = cta(settings_for_event.event, user)
        assert 'method="post"' in html
        assert 'name="form_key"' in html
        assert '<button type="submit" class="button cta-primary">التسجيل</button>' in html

    def test_questions_lead_to_the_form(self, settings_for_event):
        QuestionFactory(settings=settings_for_event)
        user, _person = participant()
        html = cta(settings_for_event.event, user)
        assert 'method="post"' not in html
        assert f'href="/ar/registrations/{settings_for_event.event_id}/"' in html

    def test_full_with_waiting_list(self, settings_for_event):
        settings_for_event.capacity = 0
        settings_for_event.save()
        html = cta(settings_for_event.event)
        assert 'data-state="waitlist"' in html
        assert "الانضمام إلى قائمة الانتظار" in html

    def test_full_without_waiting_list(self, settings_for_event):
        settings_for_event.capacity = 0
        settings_for_event.waitlist_enabled = False
        settings_for_event.save()
        html = cta(settings_for_event.event)
        assert "اكتمل العدد في هذه الفعالية." in html
        assert f"/registrations/{settings_for_event.event_id}/" not in html

    def test_not_yet_open_says_when(self, settings_for_event):
        settings_for_event.opens_at = timezone.now() + dt.timedelta(days=3)
        settings_for_event.save()
        html = cta(settings_for_event.event)
        assert "يُفتح التسجيل في" in html
        assert str(timezone.localtime(settings_for_event.opens_at).year) in html

    def test_closed(self, settings_for_event):
        settings_for_event.closes_at = timezone.now() - dt.timedelta(minutes=5)
        settings_for_event.save()
        assert "التسجيل مغلق." in cta(settings_for_event.event)

    def test_registered_links_to_the_registration_and_its_ticket(self, settings_for_event):
        user, person = participant()
        registration = services.register(settings_for_event.event, person)
        html = cta(settings_for_event.event, user)
        assert 'data-state="registered"' in html
        assert f'<a class="button cta-primary" href="/ar/my/events/{registration.reference}/">مسجَّل — تذكرتك</a>' in html

    def test_waitlisted_sees_the_position(self, settings_for_event):
        settings_for_event.capacity = 0
        settings_for_event.save()
        services.register(settings_for_event.event, PersonFactory())
        user, person = participant()
        services.register(settings_for_event.event, person)
        html = cta(settings_for_event.event, user)
        assert "وترتيبك 2" in html
        assert "/tickets/" not in html

    def test_event_page_includes_it(self, client, settings_for_event):
        html = client.get(settings_for_event.event.url).content.decode()
        assert 'class="registration-cta' in html


class TestMyEvents:
    def test_lists_upcoming_and_past_with_status_and_actions(self, client, demo_site):
        user, person = participant()
        client.force_login(user)
        upcoming = SettingsFactory(capacity=1)
        full = SettingsFactory(capacity=0)
        past_event = event_page(start=timezone.now() - dt.timedelta(days=30))
        SettingsFactory(event=past_event)
        confirmed = services.register(upcoming.event, person)
        services.register(full.event, PersonFactory())
        waiting = services.register(full.event, person)
        old = services.register(past_event, person, source="staff", ignore_window=True)

        html = client.get("/ar/my/events/").content.decode()
        upcoming_part, past_part = html.split('id="past-title"')
        assert confirmed.reference in upcoming_part and waiting.reference in upcoming_part
        assert old.reference in past_part
        assert f"/ar/tickets/{confirmed.reference}/" in upcoming_part
        assert f"/ar/my/events/{confirmed.reference}/cancel/" in upcoming_part
        assert f"/ar/my/events/{old.reference}/cancel/" not in html
        assert old.status == "confirmed" and f"/ar/tickets/{old.reference}/" not in html  # over: no ticket
        assert f"/ar/my/events/{old.reference}/" in past_part  # its details stay
        assert "ترتيبك 2 في قائمة الانتظار" in upcoming_part

    def test_meeting_link_only_for_confirmed_participants(self, client, demo_site):
        user, person = participant()
        client.force_login(user)
        online = SettingsFactory(capacity=1, event=event_page(online_link="https://meet.example.org/secret-room"))
        services.register(online.event, person)
        assert "https://meet.example.org/secret-room" in client.get("/ar/my/events/").content.decode()

        other_user, other = participant()
        services.register(online.event, other)  # waitlisted
        client.force_login(other_user)
        assert "secret-room" not in client.get("/ar/my/events/").content.decode()
        client.logout()
        assert "secret-room" not in client.get(online.event.url).content.decode()

    def test_english_titles_on_the_english_page(self, client, settings_for_event):
        user, person = participant()
        client.force_login(user)
        services.register(settings_for_event.event, person, language="en")
        html = client.get("/en/my/events/").content.decode()
        assert english_of(settings_for_event.event).title in html
        assert "Confirmed" in html

    def test_query_count_does_not_grow_with_registrations(self, client, demo_site, django_assert_max_num_queries):
        user, person = participant()
        client.force_login(user)
        for capacity in (5, 0, 5, 0, 5, 0):
            services.register(SettingsFactory(capacity=capacity).event, person)
        client.get("/ar/my/events/")  # warms the site's caches (root paths, locales)
        with django_assert_max_num_queries(25) as few:
            client.get("/ar/my/events/")
        for capacity in (5, 0) * 12:
            services.register(SettingsFactory(capacity=capacity).event, person)
        with django_assert_max_num_queries(len(few.captured_queries)) as many:
            html = client.get("/ar/my/events/").content.decode()
        assert html.count('class="card registration-card"') == 30
        assert len(many.captured_queries) == len(few.captured_queries)

    @pytest.mark.parametrize("lang", ["ar", "en"])
    def test_reasons_cost_the_same_queries_for_1_and_10_declined(
        self, client, demo_site, django_assert_max_num_queries, lang
    ):
        """The organisers' reasons are read for all the registrations at once (services/reasons.py)."""
        user, person = participant()
        client.force_login(user)

        def declined_with_reasons(first, last):
            for number in range(first, last):
                registration = services.register(SettingsFactory(capacity=5).event, person)
                services.decline(registration, reason=f"Reason number {number}: the hall is smaller.")

        declined_with_reasons(0, 1)
        client.get(f"/{lang}/my/events/")  # warms the site's caches (root paths, locales)
        with django_assert_max_num_queries(25) as few:
            client.get(f"/{lang}/my/events/")
        declined_with_reasons(1, 10)
        with django_assert_max_num_queries(len(few.captured_queries)) as many:
            html = client.get(f"/{lang}/my/events/").content.decode()
        assert html.count('class="organisers-reason"') == 10
        assert all(f"Reason number {number}:" in html for number in range(10))
        assert len(many.captured_queries) == len(few.captured_queries)

    def test_requires_sign_in(self, client):
        response = client.get("/ar/my/events/")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_the_page_of_a_registration_for_an_event_that_is_over_offers_no_ticket_or_link(self, client, demo_site):
        user, person = participant()
        start = timezone.now() - dt.timedelta(days=3)
        over = event_page(start=start, end=start + dt.timedelta(hours=5))
        client.force_login(user)
        past = RegistrationFactory(event=over, person=person)
        coming = services.register(SettingsFactory(capacity=5).event, person)
        for registration, shown in ((past, False), (coming, True)):
            page = client.get(f"/en/my/events/{registration.reference}/").content.decode()
            assert (f"/en/tickets/{registration.reference}/" in page) is shown
            assert ("meet.example.org" in page) is shown
            assert ("This event is over." in page) is not shown
            assert ("<p>Online</p>" in page) is not shown  # where it took place, without the way in
        past.status = RegistrationStatus.CANCELLED
        past.save()
        page = client.get(f"/en/my/events/{past.reference}/").content.decode()
        assert "This registration is no longer active." in page and "Thank you for taking part" not in page

    def test_a_declined_registration_shows_the_organisers_reason_and_never_their_notes(self, client, demo_site):
        user, person = participant()
        client.force_login(user)
        declined = services.register(SettingsFactory(capacity=5).event, person)
        services.decline(declined, reason="<b>The hall</b> holds fewer people than we hoped.")
        quiet = services.register(SettingsFactory(capacity=5).event, person)
        services.cancel(quiet, note="approved, no seat free")
        page = client.get(f"/en/my/events/{declined.reference}/").content.decode()
        assert "The organisers’ reason, in their words:" in page
        assert "&lt;b&gt;The hall&lt;/b&gt; holds fewer people than we hoped." in page
        arabic = client.get(f"/ar/my/events/{declined.reference}/").content.decode()
        assert "السبب كما كتبه فريق التنظيم:" in arabic
        page = client.get(f"/en/my/events/{quiet.reference}/").content.decode()
        assert "organisers’ reason" not in page and "no seat free" not in page


class TestCancel:
    def test_participant_cancels_and_the_first_waiting_is_promoted(self, client, settings_for_event, mailoutbox):
        settings_for_event.capacity = 1
        settings_for_event.save()
        user, person = participant()
        client.force_login(user)
        mine = services.register(settings_for_event.event, person)
        waiting = services.register(settings_for_event.event, PersonFactory())
        with pytest.MonkeyPatch.context():
            response = client.post(f"/ar/my/events/{mine.reference}/cancel/", follow=True)
        assert "أُلغي تسجيلك في" in response.content.decode()
        mine.refresh_from_db()
        waiting.refresh_from_db()
        assert (mine.status, waiting.status) == (S.CANCELLED, S.CONFIRMED)

    def test_someone_elses_registration_is_404_and_unchanged(self, client, settings_for_event):
        user, _person = participant()
        client.force_login(user)
        other = services.register(settings_for_event.event, PersonFactory())
        hides = [other.person.name, other.person.name_ar, other.person.email, settings_for_event.event.title]
        assert_not_found(client.post(f"/ar/my/events/{other.reference}/cancel/"), "ar", hides=hides)
        assert_not_found(client.post("/en/my/events/NOT-A-REF/cancel/"), "en", hides=hides)
        other.refresh_from_db()
        assert other.status == S.CONFIRMED

    def test_get_asks_for_confirmation_and_does_not_cancel(self, client, settings_for_event):
        user, person = participant()
        client.force_login(user)
        mine = services.register(settings_for_event.event, person)
        html = client.get(f"/ar/my/events/{mine.reference}/cancel/").content.decode()
        assert "أتريد إلغاء تسجيلك؟" in html
        assert settings_for_event.event.title in html
        assert f'<form method="post" action="/ar/my/events/{mine.reference}/cancel/"' in html
        assert f'href="/ar/my/events/{mine.reference}/"' in html  # "No, keep it"
        mine.refresh_from_db()
        assert mine.status == S.CONFIRMED

    def test_message_names_the_event_in_the_page_language(self, client, settings_for_event):
        user, person = participant()
        client.force_login(user)
        mine = services.register(settings_for_event.event, person)
        english = english_of(settings_for_event.event)
        html = client.get(f"/en/my/events/{mine.reference}/cancel/").content.decode()
        assert english.title in html and settings_for_event.event.title not in html
        response = client.post(f"/en/my/events/{mine.reference}/cancel/", follow=True)
        message = response.content.decode().split('class="container messages"')[1].split("</div>")[0]
        assert f"Your registration for {english.title} is cancelled." in message
        assert settings_for_event.event.title not in message

    def test_a_cancelled_registration_is_not_asked_again(self, client, settings_for_event):
        user, person = participant()
        client.force_login(user)
        mine = services.register(settings_for_event.event, person)
        services.cancel(mine)
        response = client.get(f"/ar/my/events/{mine.reference}/cancel/")
        assert response.status_code == 302 and response["Location"] == f"/ar/my/events/{mine.reference}/"

    def test_too_late_once_the_event_started(self, client, demo_site):
        started = SettingsFactory(event=event_page(start=timezone.now() - dt.timedelta(hours=1)))
        user, person = participant()
        client.force_login(user)
        mine = services.register(started.event, person, source="staff", ignore_window=True)
        response = client.post(f"/ar/my/events/{mine.reference}/cancel/", follow=True)
        assert "بدأت الفعالية" in response.content.decode()
        mine.refresh_from_db()
        assert mine.status == S.CONFIRMED


class TestProfile:
    def test_prefilled_and_saved(self, client, demo_site):
        user, person = participant(name="Ali Hassan", name_ar="علي حسن")
        client.force_login(user)
        html = client.get("/ar/my/profile/").content.decode()
        assert 'value="Ali Hassan"' in html and 'value="علي حسن"' in html
        response = client.post(
            "/ar/my/profile/",
            {
                "name": "Ali Hassan",
                "name_ar": "علي حسن",
                "title": "Trainer",
                "title_ar": "مدرّب",
                "country": "IQ",
                "governorate": "basra",
                "gender": "male",
                "phone": "+964 770 123 4567",
                "public_profile": "on",
                "organisation": "منظمة تواصل لتمكين الشباب",
            },
        )
        assert response.status_code == 302
        person.refresh_from_db()
        assert (person.title_ar, person.governorate, person.gender, person.phone) == (
            "مدرّب",
            "basra",
            "male",
            "+964 770 123 4567",
        )
        assert person.public_profile and person.public_profile_since
        organisation = Organisation.objects.get(name_ar="منظمة تواصل لتمكين الشباب")
        assert not organisation.is_public
        assert Affiliation.objects.get(person=person).organisation == organisation
        assert "منظمة تواصل لتمكين الشباب" in client.get("/ar/my/profile/").content.decode()

    def test_the_profile_sits_beside_the_account_menu_and_its_lists_start_on_choose(self, client, demo_site):
        user, _person = participant(name="Noor")
        client.force_login(user)
        html = client.get("/ar/my/profile/").content.decode()
        start = html.index('<nav class="account-nav"')
        menu = html[start : html.index("</nav>", start)]
        assert 'href="/ar/my/profile/" aria-current="page">الملف الشخصي' in menu
        assert "/ar/accounts/email/" in menu and "/ar/my/events/" in menu
        assert "---------" not in html
        assert html.count('<option value="" selected>اختر…</option>') == 3  # country, governorate, gender

    def test_ticking_the_box_oneself_makes_consent_the_basis(self, client, demo_site):
        user, person = participant(name="Ali Hassan")
        Person.objects.filter(pk=person.pk).update(
            public_profile=True, public_basis=PublicBasis.PUBLISHED_SOURCE, public_source="«مقال»"
        )
        client.force_login(user)
        response = client.post("/ar/my/profile/", {"name": "Ali Hassan", "public_profile": "on"})
        assert response.status_code == 302
        person.refresh_from_db()
        assert (person.public_profile, person.public_basis) == (True, PublicBasis.CONSENT)
        assert person.public_profile_since is not None

    def test_existing_organisation_is_reused(self, client, demo_site):
        existing = Organisation.objects.create(
            name="Code for Iraq", name_ar="برمجة من أجل العراق", slug="code-for-iraq"
        )
        user, person = participant()
        client.force_login(user)
        client.post("/ar/my/profile/", {"name": "A", "organisation": "code for iraq"})
        assert Affiliation.objects.get(person=person).organisation == existing
        assert Organisation.objects.count() == 1

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"name": "", "name_ar": ""}, "اكتب اسمك"),
            ({"name": "A", "phone": "call me maybe"}, "اكتب رقم هاتف"),
            ({"name": "A", "country": "XX"}, "انتق خياراً صحيحاً"),
            ({"name": "A", "governorate": "atlantis"}, "انتق خياراً صحيحاً"),
            ({"name": "A" * 300}, "255"),
            ({"name": "A", "country": "SE", "governorate": "basra"}, "المحافظات المدرجة هي محافظات العراق"),
        ],
        ids=["no-name", "bad-phone", "bad-country", "bad-governorate", "too-long", "governorate-outside-iraq"],
    )
    def test_bad_input_changes_nothing(self, client, demo_site, data, message):
        user, person = participant(name="Before", name_ar="قبل")
        client.force_login(user)
        response = client.post("/ar/my/profile/", data)
        assert response.status_code == 400
        assert message in response.content.decode()
        person.refresh_from_db()
        assert (person.name, person.name_ar, person.phone) == ("Before", "قبل", "")

    def test_unverified_account_is_asked_to_confirm(self, client, demo_site):
        user = UserFactory(verified=False)
        client.force_login(user)
        response = client.get("/ar/my/profile/")
        assert response.status_code == 403
        assert "أكّد عنوان بريدك الإلكتروني" in response.content.decode()
        assert not Person.objects.exists()


class TestAccountLinking:
    def test_confirmed_email_links_the_matching_person(self, demo_site):
        existing = PersonFactory(email="Noor@Example.org", user=None)
        user = UserFactory(email="noor@example.org", verified=False)
        address = EmailAddress.objects.get(user=user)
        email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
        existing.refresh_from_db()
        assert existing.user == user

    def test_confirmed_email_without_a_match_creates_a_private_person(self, demo_site):
        user = UserFactory(email="new@example.org", verified=False)
        address = EmailAddress.objects.get(user=user)
        email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
        email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
        person = Person.objects.get(user=user)
        assert person.email == "new@example.org"
        assert not person.public_profile
        assert Person.objects.count() == 1

    def test_a_person_linked_to_another_account_is_not_taken_over(self, demo_site):
        _owner, taken = participant()
        user = UserFactory(email=taken.email, verified=False)
        address = EmailAddress.objects.get(user=user)
        email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
        taken.refresh_from_db()
        assert taken.user != user
        assert Person.objects.get(user=user).pk != taken.pk


class TestCalendarFeed:
    def test_feed_lists_confirmed_events_only_and_no_personal_data(self, client, demo_site):
        user, person = participant(phone="+964 770 000 0000")
        client.force_login(user)
        confirmed = SettingsFactory(capacity=5)
        waiting = SettingsFactory(capacity=0)
        services.register(confirmed.event, person)
        services.register(waiting.event, person)
        client.post("/ar/my/calendar/", {"action": "create"})
        feed = CalendarFeed.objects.get(person=person)
        client.logout()
        body = client.get(f"/en/my/calendar/{feed.token}.ics").content.decode()
        assert "BEGIN:VCALENDAR" in body
        assert english_of(confirmed.event).title in body
        assert english_of(waiting.event).title not in body
        for private in (person.email, person.phone, person.name, "meet.example.org"):
            assert private not in body

    @pytest.mark.parametrize("count", [3, 12])
    def test_the_feed_costs_the_same_queries_however_many_events_it_holds(
        self, client, demo_site, django_assert_max_num_queries, count
    ):
        """Each event's venue comes with it, translated or not (the English feed of events
        that have an English version and of events that have only the Arabic one)."""
        _user, person = participant()
        for number in range(count):
            venue = VenueFactory(name=f"Hall {number}", city="Basra")
            event = event_page(event_format="in_person", venue=venue, online_link="", english=number % 2 == 0)
            services.register(SettingsFactory(event=event, capacity=5).event, person)
        feed = feed_for(person)
        # The feed, the registrations with their events and venues, the English versions with
        # theirs, and the site with its root page for the events' addresses (12 events alike).
        with django_assert_max_num_queries(5):
            body = client.get(f"/en/my/calendar/{feed.token}.ics").content.decode()
        assert body.count("BEGIN:VEVENT") == count
        assert all(f"Hall {number}" in body for number in range(count))

    def test_replacing_the_address_revokes_the_old_one(self, client, demo_site):
        user, person = participant()
        client.force_login(user)
        client.post("/ar/my/calendar/", {"action": "create"})
        old = CalendarFeed.objects.get(person=person).token
        assert client.get(f"/ar/my/calendar/{old}.ics").content.startswith(b"BEGIN:VCALENDAR")
        response = client.post("/ar/my/calendar/", {"action": "reset"}, follow=True)
        new = CalendarFeed.objects.get(person=person).token
        assert new != old
        assert new in response.content.decode()
        assert_not_found(client.get(f"/ar/my/calendar/{old}.ics"), "ar", hides=["BEGIN:VCALENDAR", person.email])

    def test_unknown_token_is_404(self, client, demo_site):
        assert_not_found(client.get("/ar/my/calendar/not-a-token.ics"), "ar", hides=["BEGIN:VCALENDAR"])


def test_registration_answers_never_reach_the_public_event_page(client, settings_for_event):
    question = QuestionFactory(settings=settings_for_event, label="Secret question")
    _user, person = participant(phone="+964 771 999 9999")
    registration = services.register(
        settings_for_event.event, person, answers={question.clean_name: "my secret answer"}
    )
    assert registration.answers
    html = client.get(settings_for_event.event.url).content.decode()
    for private in ("my secret answer", person.email, person.phone):
        assert private not in html
    assert Registration.objects.count() == 1
