"""An organiser gives a registration's place to someone else (the colleague an organisation sends
instead): the newcomer takes the same seat, place on the waiting list or request for
approval, so no one else moves; the one who leaves is told, with the organiser's reason; both
registrations link to each other in the admin and in the audit log; a refusal changes nothing."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone
from wagtail.models import PageLogEntry

from core.errors import DomainError
from events import audit
from events.registrations import services
from events.registrations.models import OrganiserEmails, Registration, RegistrationSettings, RegistrationStatus
from events.registrations.services.counter import reconcile
from network.models import Person
from network.people import link_person
from tests.events.registrations.test_organiser_notifications import organiser_of
from tests.factories.accounts import UserFactory, admin_in
from tests.factories.network import PersonFactory
from tests.factories.registrations import english_of, participant
from tests.not_found import assert_not_found
from tests.quality.test_language import LATIN_WORD, readable_text

pytestmark = pytest.mark.django_db
S = RegistrationStatus


@pytest.fixture
def admin_client(client, demo_site):
    client.force_login(admin_in(UserFactory(is_staff=True, is_superuser=True), "en"))
    return client


@pytest.fixture
def full_event(settings_for_event):
    """Two seats, both taken, and two people waiting."""
    settings_for_event.capacity = 2
    settings_for_event.save()
    people = [
        PersonFactory(name=name, email=f"{name.lower()}@example.org") for name in ("Amal", "Badr", "Chiya", "Dara")
    ]
    registrations = [services.register(settings_for_event.event, person, language="en") for person in people]
    assert [r.status for r in registrations] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    return registrations


def detail_url(registration):
    return f"/admin/registrations/event/{registration.event_id}/registration/{registration.pk}/"


def fresh(registration):
    return Registration.objects.get(pk=registration.pk)


class TestTheService:
    def test_the_seat_goes_to_the_newcomer_and_no_one_waiting_moves(
        self, full_event, mailoutbox, django_capture_on_commit_callbacks
    ):
        amal, badr, chiya, dara = full_event
        by = UserFactory(is_staff=True, is_superuser=True)
        with django_capture_on_commit_callbacks(execute=True):
            newcomer = services.replace(
                amal,
                email="Huda@Example.org",
                name="Huda Kareem",
                name_ar="هدى كريم",
                language="ar",
                by=by,
                reason="Your organisation sends Huda instead.",
            )
        amal = fresh(amal)
        assert amal.status == S.CANCELLED
        assert amal.history.last().note == "place given to someone else"
        assert amal.history.last().reason == "Your organisation sends Huda instead."
        assert (newcomer.status, newcomer.replaces, newcomer.source) == (S.CONFIRMED, amal, "staff")
        assert newcomer.awaiting_acceptance and newcomer.entered_email == "Huda@Example.org"  # as typed
        assert newcomer.person.email.lower() == "huda@example.org" and newcomer.answers == {}
        assert newcomer.history.get().note == "in the place of another participant"
        assert [fresh(r).status for r in (badr, chiya, dara)] == [S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
        assert reconcile(event_ids=[amal.event_id]) == []
        # The one who leaves is told in their language with the reason; the newcomer is asked
        # to accept, in the language chosen for them.
        to_amal, to_huda = mailoutbox
        assert to_amal.to == ["amal@example.org"] and "cancelled" in to_amal.subject
        assert "Your organisation sends Huda instead." in to_amal.body
        assert [address.lower() for address in to_huda.to] == ["huda@example.org"]
        assert "فعالياتي" in to_huda.body
        entries = {entry.action: entry for entry in PageLogEntry.objects.filter(page_id=amal.event_id)}
        assert entries[audit.REPLACE].data["replacement"] == newcomer.reference
        assert entries[audit.REPLACE].data["reference"] == amal.reference
        assert entries[audit.ADD].data["reference"] == newcomer.reference

    def test_a_waiting_place_keeps_its_position(self, full_event):
        _amal, _badr, chiya, dara = full_event
        newcomer = services.replace(chiya, name="Guest")
        assert (newcomer.status, newcomer.waitlist_position()) == (S.WAITLISTED, 1)
        assert fresh(dara).waitlist_position() == 2
        services.cancel(full_event[0])  # a seat frees: the newcomer, first in line, takes it
        assert (fresh(newcomer).status, fresh(dara).status) == (S.CONFIRMED, S.WAITLISTED)

    def test_a_pending_request_still_awaits_approval(self, settings_for_event):
        settings_for_event.approval_required = True
        settings_for_event.save()
        pending = services.register(settings_for_event.event, PersonFactory())
        newcomer = services.replace(pending, name_ar="ضيف")
        assert (newcomer.status, fresh(pending).status, newcomer.awaiting_acceptance) == (
            S.PENDING,
            S.CANCELLED,
            False,
        )

    @pytest.mark.parametrize(
        "case, code",
        [
            ("same person", "same_person"),
            ("already registered", "already_registered"),
            ("no longer active", "not_active"),
            ("invalid email", "invalid_email"),
            ("reason too long", "reason_too_long"),
        ],
    )
    def test_a_refusal_changes_nothing(self, full_event, case, code, mailoutbox, django_capture_on_commit_callbacks):
        amal, badr, _chiya, dara = full_event
        if case == "no longer active":
            services.cancel(dara)
            mailoutbox.clear()
        target = dara if case == "no longer active" else amal
        arguments = {
            "same person": {"email": "AMAL@example.org", "name": "Amal"},
            "already registered": {"email": "badr@example.org", "name": "Badr"},
            "no longer active": {"email": "new@example.org", "name": "New"},
            "invalid email": {"email": "not an email", "name": "New"},
            "reason too long": {"email": "new@example.org", "name": "New", "reason": "x" * 5000},
        }[case]
        before = (
            list(Registration.objects.order_by("pk").values_list("pk", "status")),
            Person.objects.count(),
            PageLogEntry.objects.count(),
        )
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError) as raised:
            services.replace(target, **arguments)
        assert raised.value.code == code
        assert str(raised.value.message)
        after = (
            list(Registration.objects.order_by("pk").values_list("pk", "status")),
            Person.objects.count(),
            PageLogEntry.objects.count(),
        )
        assert after == before
        assert mailoutbox == []
        assert fresh(badr).status == S.CONFIRMED


class TestTheAdminPages:
    def test_the_page_says_what_follows_and_gives_the_place(
        self, admin_client, full_event, mailoutbox, django_capture_on_commit_callbacks
    ):
        amal = full_event[0]
        detail = admin_client.get(detail_url(amal)).content.decode()
        assert f'href="{detail_url(amal)}replace/"' in detail and "Give the place to someone else" in detail
        page = admin_client.get(f"{detail_url(amal)}replace/").content.decode()
        for text in (
            "You are about to give the place of <bdi><strong>Amal</strong></bdi>",
            "The new person takes the confirmed seat: no one on the waiting list moves.",
            "receives an email in English saying that their registration is cancelled",
            "The answers stay with the cancelled registration",
        ):
            assert text in page, text
        assert 'value="en" selected' in page  # the emails' language starts as the registration's
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                f"{detail_url(amal)}replace/",
                {"email": "huda@example.org", "name": "Huda", "name_ar": "", "language": "en", "reason": ""},
                follow=True,
            )
        newcomer = Registration.objects.get(replaces=amal)
        assert response.redirect_chain[-1][0] == detail_url(newcomer)
        html = response.content.decode()
        assert "Huda takes the place of Amal: Confirmed, until they accept it in “My events”." in html
        assert f'<a href="{detail_url(amal)}"><code>{amal.reference}</code></a>' in html
        old = admin_client.get(detail_url(amal)).content.decode()
        assert (
            "Place given to" in old and f'<a href="{detail_url(newcomer)}"><code>{newcomer.reference}</code></a>' in old
        )
        assert "place given to someone else" in old
        assert "Give the place to someone else" not in old  # no longer active
        assert [message.to for message in mailoutbox] == [["amal@example.org"], ["huda@example.org"]]
        history = admin_client.get(f"/admin/pages/{amal.event_id}/history/").content.decode()
        assert (
            f"Gave the place of Amal ({amal.reference}) to someone else (registration {newcomer.reference})" in history
        )

    def test_a_form_without_a_name_or_with_someone_registered_changes_nothing(self, admin_client, full_event):
        amal = full_event[0]
        url = f"{detail_url(amal)}replace/"
        response = admin_client.post(url, {"email": "x@example.org", "name": "", "name_ar": "", "language": "ar"})
        assert response.status_code == 400
        assert "Give the person&#x27;s name in at least one script." in response.content.decode()
        response = admin_client.post(url, {"email": "badr@example.org", "name": "Badr", "language": "ar"})
        assert response.status_code == 400
        assert "This person is already registered for this event." in response.content.decode()
        response = admin_client.post(url, {"email": "@", "name": "X", "language": "ar"})
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select_one("#id_email") is not None and "Enter a valid email address." in response.content.decode()
        assert fresh(amal).status == S.CONFIRMED
        assert not Registration.objects.filter(replaces=amal).exists()

    def test_an_ended_registration_offers_no_replacement(self, admin_client, full_event):
        dara = full_event[3]
        services.cancel(dara)
        response = admin_client.get(f"{detail_url(dara)}replace/", follow=True)
        assert response.redirect_chain[-1][0] == detail_url(dara)
        assert "This registration is no longer active." in response.content.decode()
        response = admin_client.post(f"{detail_url(dara)}replace/", {"name": "X", "language": "ar"}, follow=True)
        assert "This registration is no longer active." in response.content.decode()
        assert not Registration.objects.filter(replaces=dara).exists()

    def test_the_arabic_page_speaks_arabic_throughout(self, client, demo_site, settings_for_event):
        waiting_person = PersonFactory(name="", name_ar="سارة", email="sara@example.org")
        settings_for_event.capacity = 0
        settings_for_event.save()
        waiting = services.register(settings_for_event.event, waiting_person, language="en")
        client.force_login(admin_in(UserFactory(is_staff=True, is_superuser=True), "ar"))
        html = client.get(f"{detail_url(waiting)}replace/").content.decode()
        assert '<html lang="ar" dir="rtl"' in html
        assert "منح المكان لشخص آخر" in html and "باللغة الإنجليزية" in html and "#1" in html
        main = BeautifulSoup(html, "html.parser").find("main")
        # The languages of the emails are named in their own language, English as "English".
        assert '<option value="en" selected>English</option>' in html
        text = readable_text(main, "ar").replace(waiting.reference, " ").replace("English", " ")
        assert not LATIN_WORD.findall(text), LATIN_WORD.findall(text)
        response = client.post(f"{detail_url(waiting)}replace/", {"name": "", "name_ar": "", "language": "ar"})
        assert response.status_code == 400
        assert "اكتب اسم الشخص بالعربية أو بالأحرف اللاتينية على الأقل." in response.content.decode()
        response = client.post(
            f"{detail_url(waiting)}replace/", {"name": "", "name_ar": "ليلى", "language": "ar"}, follow=True
        )
        newcomer = Registration.objects.get(replaces=waiting)
        assert "أخذ ليلى مكان سارة: في قائمة الانتظار." in response.content.decode()
        assert "في مكان" in response.content.decode()
        assert (newcomer.status, newcomer.waitlist_position()) == (S.WAITLISTED, 1)


@pytest.fixture
def giving(settings_for_event):
    """Noor's confirmed registration for an event that lets participants give their place, and
    her signed-in client."""
    settings_for_event.participants_give_places = True
    settings_for_event.save()
    user, person = participant(name="Noor Ali", name_ar="نور علي")
    registration = services.register(settings_for_event.event, person, language="en")
    client = Client()
    client.force_login(user)
    return client, registration


def give_url(registration, language="en"):
    return f"/{language}/my/events/{registration.reference}/give/"


COLLEAGUE = {"email": "sami@example.org", "name": "Sami Hassan", "name_ar": "سامي حسن", "language": "ar"}


class TestParticipantsGiveTheirPlace:
    def test_the_participant_gives_the_place_and_the_colleague_accepts_it(
        self, giving, mailoutbox, django_capture_on_commit_callbacks
    ):
        client, registration = giving
        lead = organiser_of(registration.event, "en")
        RegistrationSettings.objects.filter(event_id=registration.event_id).update(
            notify_organisers=OrganiserEmails.ALL
        )
        page = client.get(f"/en/my/events/{registration.reference}/").content.decode()
        assert f'href="{give_url(registration)}"' in page and "Give my place to someone else" in page
        form = client.get(give_url(registration)).content.decode()
        assert "Your colleague takes your confirmed seat." in form
        assert "Your answers are not passed on" in form
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(give_url(registration), COLLEAGUE, follow=True)
        assert response.redirect_chain[-1][0] == "/en/my/events/"
        assert "You gave your place at" in response.content.decode() and "sami@example.org" in response.content.decode()
        newcomer = Registration.objects.get(replaces=registration)
        assert (fresh(registration).status, newcomer.status) == (S.CANCELLED, S.CONFIRMED)
        assert newcomer.awaiting_acceptance and newcomer.source == "online" and newcomer.language == "ar"
        assert newcomer.history.get().by == registration.person.user
        # Noor's own page says where her place went; the organisers' log has no staff entry.
        assert (
            "Your place was given to someone else."
            in client.get(f"/en/my/events/{registration.reference}/").content.decode()
        )
        assert not PageLogEntry.objects.filter(action__in=[audit.REPLACE, audit.ADD]).exists()
        by_recipient = {tuple(message.to): message for message in mailoutbox}
        to_sami = by_recipient[("sami@example.org",)]
        assert "نور علي" in to_sami.body and "فعالياتي" in to_sami.body  # in the language Noor chose for Sami
        # Noor is told she gave it, and to whom, as she named them.
        to_noor = by_recipient[(registration.person.email,)]
        assert to_noor.subject == f"[Multaqa] You gave your place at {english_of(registration.event).title}"
        assert "to Sami Hassan, so your registration is cancelled" in to_noor.body
        assert lead.email in {address for message in mailoutbox for address in message.to}

        # Sami signs up with that address and accepts the place.
        sami = UserFactory(email="sami@example.org", verified=True)
        link_person(sami, "sami@example.org")  # as confirming the address does
        sami_client = Client()
        sami_client.force_login(sami)
        my_events = sami_client.get("/en/my/events/").content.decode()
        assert f"/en/my/events/{newcomer.reference}/accept/" in my_events
        sami_client.post(f"/en/my/events/{newcomer.reference}/accept/")
        newcomer.refresh_from_db()
        assert (newcomer.status, newcomer.awaiting_acceptance, newcomer.person.user) == (S.CONFIRMED, False, sami)

    def test_an_event_that_does_not_allow_it_offers_nothing(self, giving):
        client, registration = giving
        RegistrationSettings.objects.filter(event_id=registration.event_id).update(participants_give_places=False)
        assert give_url(registration) not in client.get(f"/en/my/events/{registration.reference}/").content.decode()
        response = client.post(give_url(registration), COLLEAGUE, follow=True)
        assert "do not let participants give their place to someone else" in response.content.decode()
        assert (fresh(registration).status, Registration.objects.filter(replaces=registration).exists()) == (
            S.CONFIRMED,
            False,
        )

    @pytest.mark.parametrize(
        "case, message",
        [
            ("no email", "This field is required."),
            ("own email", "This is your own email address."),
            ("colleague registered", "This person cannot take your place. Ask the organisers if you need help."),
            ("no name", "Give the person&#x27;s name in at least one script."),
        ],
    )
    def test_a_refused_form_says_why_and_changes_nothing(self, giving, case, message, mailoutbox):
        client, registration = giving
        services.register(registration.event, PersonFactory(email="sami@example.org"))
        data = {
            "no email": {**COLLEAGUE, "email": ""},
            "own email": {**COLLEAGUE, "email": registration.person.email.upper()},
            "colleague registered": COLLEAGUE,
            "no name": {**COLLEAGUE, "email": "new@example.org", "name": "", "name_ar": ""},
        }[case]
        mailoutbox.clear()
        people = Person.objects.count()
        response = client.post(give_url(registration), data)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert fresh(registration).status == S.CONFIRMED
        assert not Registration.objects.filter(replaces=registration).exists()
        assert (Person.objects.count(), mailoutbox) == (people, [])

    def test_too_late_once_the_event_started_and_before_accepting(self, giving):
        client, registration = giving
        Registration.objects.filter(pk=registration.pk).update(awaiting_acceptance=True)
        response = client.get(give_url(registration), follow=True)
        assert "Accept the registration first." in response.content.decode()
        Registration.objects.filter(pk=registration.pk).update(awaiting_acceptance=False)
        type(registration.event).objects.filter(pk=registration.event_id).update(
            start=timezone.now() - dt.timedelta(hours=1)
        )
        response = client.post(give_url(registration), COLLEAGUE, follow=True)
        assert "too late to give your place" in response.content.decode()
        assert fresh(registration).status == S.CONFIRMED

    def test_someone_elses_registration_is_not_found(self, giving):
        _client, registration = giving
        other, _person = participant()
        client = Client()
        client.force_login(other)
        assert_not_found(client.post(give_url(registration), COLLEAGUE), "en", hides=[registration.event.title])
        assert fresh(registration).status == S.CONFIRMED

    def test_the_arabic_page_and_email_speak_arabic(self, giving, mailoutbox, django_capture_on_commit_callbacks):
        client, registration = giving
        Registration.objects.filter(pk=registration.pk).update(language="ar")
        html = client.get(give_url(registration, "ar")).content.decode()
        assert '<html lang="ar" dir="rtl"' in html
        assert "امنح مكاني لشخص آخر" in html and "يأخذ زميلك مقعدك المؤكَّد." in html
        main = BeautifulSoup(html, "html.parser").find("main")
        # The language named in its own words, and the time zone's offset from UTC.
        text = readable_text(main, "ar").replace("English", " ").replace("UTC", " ")
        for title in (registration.event.title, english_of(registration.event).title):
            text = text.replace(title, " ")
        assert not LATIN_WORD.findall(text), LATIN_WORD.findall(text)
        response = client.post(give_url(registration, "ar"), {**COLLEAGUE, "email": ""})
        assert "هذا الحقل مطلوب." in response.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(give_url(registration, "ar"), COLLEAGUE, follow=True)
        assert "منحتَ مكانك في" in response.content.decode()
        to_sami = next(message for message in mailoutbox if message.to == ["sami@example.org"])
        assert "مُنح لك مكان في" in to_sami.subject and "منحك نور علي مكانه" in to_sami.body
        # Noor registered in Arabic is told in Arabic, naming Sami as she typed his Arabic name.
        to_noor = next(message for message in mailoutbox if message.to == [registration.person.email])
        assert to_noor.subject == f"[ملتقى] منحتَ مكانك في {registration.event.title}"
        assert "إلى سامي حسن" in to_noor.body
