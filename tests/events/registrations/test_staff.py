"""The organisers' side in the Wagtail admin: who may see it, live counts, search, filters,
bulk actions, settings and questions, adding by hand, resending a confirmation."""

import datetime as dt
import html
import importlib
import re
from urllib.parse import urlencode

import pytest
from django.utils import timezone, translation

from events.registrations import services
from events.registrations.models import (
    QuestionType,
    Registration,
    RegistrationQuestion,
    RegistrationSettings,
    RegistrationSource,
    StatusChange,
)
from events.registrations.wagtail_hooks import page_header_buttons, page_listing_more_buttons
from network.models import Person
from tests.factories.accounts import UserFactory
from tests.factories.network import PersonFactory
from tests.factories.registrations import SettingsFactory, event_page, organiser, settings_form_data
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db
S = Registration._meta.get_field("status").choices


@pytest.fixture
def admin_client(client, demo_site):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def event_url(settings, suffix=""):
    return f"/admin/registrations/event/{settings.event_id}/{suffix}"


class TestAccess:
    def test_organiser_sees_only_the_events_they_may_edit(self, client, demo_site):
        from events.models import EventIndexPage

        mine = SettingsFactory()
        index = EventIndexPage.objects.get(locale__language_code="ar")
        other_index = index.get_parent().add_child(
            instance=EventIndexPage(title="أرشيف", slug="archive", locale=index.locale)
        )
        theirs = SettingsFactory(event=event_page(index=other_index, english=False))
        client.force_login(organiser(edit_pages_under=index))
        html = client.get("/admin/registrations/").content.decode()
        assert mine.event.title in html
        assert theirs.event.title not in html
        response = client.get(event_url(mine))
        assert response.status_code == 200
        assert mine.event.title in response.content.decode()
        for url in (
            event_url(theirs),
            event_url(theirs, "settings/"),
            event_url(theirs, "counts/"),
            event_url(theirs, "bulk/cancel/?id=all"),
        ):
            response = client.get(url, follow=True)
            assert_not_found(response, "ar", hides=[theirs.event.title])

    def test_staff_outside_the_group_see_nothing(self, client, settings_for_event):
        services.register(settings_for_event.event, PersonFactory(email="private@example.org"))
        client.force_login(UserFactory(is_staff=True))
        for url in ("/admin/registrations/", event_url(settings_for_event)):
            response = client.get(url)
            # Without the admin's own permission, Wagtail sends them to its sign-in page.
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/")
            page = client.get(url, follow=True).content.decode()
            assert settings_for_event.event.title not in page
            assert "private@example.org" not in page

    def test_menu_item_and_page_buttons_only_for_organisers(self, client, settings_for_event):
        allowed = organiser(edit_pages_under=settings_for_event.event.get_parent())
        client.force_login(allowed)
        assert '"/admin/registrations/"' in client.get("/admin/").content.decode()
        buttons = list(page_listing_more_buttons(settings_for_event.event, allowed))
        assert [b.url for b in buttons] == [event_url(settings_for_event), event_url(settings_for_event, "settings/")]
        assert list(page_header_buttons(settings_for_event.event, allowed, "edit"))
        assert list(page_listing_more_buttons(settings_for_event.event.get_parent(), allowed)) == []
        assert list(page_listing_more_buttons(settings_for_event.event, UserFactory(is_staff=True))) == []


class TestEventPage:
    def test_counts_and_rows(self, admin_client, settings_for_event):
        settings_for_event.capacity = 1
        settings_for_event.save()
        seated = services.register(settings_for_event.event, PersonFactory(name="Seated One"))
        services.register(settings_for_event.event, PersonFactory(name="Waiting One"))
        html = admin_client.get(event_url(settings_for_event)).content.decode()
        assert 'data-count="confirmed">1<' in html
        assert 'data-count="capacity">1<' in html
        assert 'data-count="waitlisted">1<' in html
        assert seated.reference in html and seated.person.email in html
        assert "#1" in html
        counts = admin_client.get(event_url(settings_for_event, "counts/")).json()
        assert counts == {"confirmed": 1, "waitlisted": 1, "pending": 0, "capacity": 1}

    def test_english_page_id_leads_to_the_same_list(self, admin_client, settings_for_event):
        from tests.factories.registrations import english_of

        registration = services.register(settings_for_event.event, PersonFactory())
        html = admin_client.get(f"/admin/registrations/event/{english_of(settings_for_event.event).pk}/").content
        assert registration.reference.encode() in html

    @pytest.mark.parametrize(
        ("query", "found"),
        [("Hadi", ["Sara Hadi"]), ("سارة", ["Sara Hadi"]), ("omar@", ["Omar Z"]), ("status:waitlisted", ["Omar Z"])],
    )
    def test_search_and_status_filter(self, admin_client, settings_for_event, query, found):
        settings_for_event.capacity = 1
        settings_for_event.save()
        services.register(settings_for_event.event, PersonFactory(name="Sara Hadi", name_ar="سارة هادي"))
        services.register(settings_for_event.event, PersonFactory(name="Omar Z", name_ar="", email="omar@example.org"))
        params = {"status": query.split(":")[1]} if query.startswith("status:") else {"q": query}
        html = admin_client.get(event_url(settings_for_event), params).content.decode()
        for name in ("Sara Hadi", "Omar Z"):
            assert (name in html) == (name in found)

    @pytest.mark.parametrize(
        ("query", "found"),
        [
            ("احمد", ["directory"]),  # «أحمد» in the directory, typed without the hamza
            ("أحمد", ["directory"]),
            ("الاعلام", ["entered"]),  # «الإعلام» as staff entered it, typed without the hamza
            ("اعلام", ["entered"]),
            ("مدير الاعلام", ["entered"]),
            ("guest TYPED", ["entered"]),
            ("زيد", ["entered_only"]),
            # The directory's names of registrations awaiting acceptance find nothing.
            ("خفي", []),
            ("Realname", []),
            ("مخفي", []),
        ],
    )
    def test_search_folds_arabic_spelling_and_keeps_directory_names_of_awaiting_ones_hidden(
        self, admin_client, settings_for_event, query, found
    ):
        event = settings_for_event.event
        rows = {
            "directory": services.register(event, PersonFactory(name="Ahmad Kareem", name_ar="أحمد كريم")),
            "entered": services.add_by_staff(
                event,
                email=PersonFactory(name="Hidden Realname", name_ar="إسلام خفي").email,
                name="Guest Typed",
                name_ar="مدير الإعلام",
            ),
            "entered_only": services.add_by_staff(
                event, email=PersonFactory(name="Ahmad Hidden", name_ar="أحمد مخفي").email, name_ar="زيد"
            ),
        }
        assert rows["entered"].awaiting_acceptance and rows["entered_only"].awaiting_acceptance
        html = admin_client.get(event_url(settings_for_event), {"q": query}).content.decode()
        assert {key for key, registration in rows.items() if registration.reference in html} == set(found)

    def test_entered_names_are_kept_folded(self, settings_for_event):
        registration = services.add_by_staff(
            settings_for_event.event, email=PersonFactory().email, name="Al-Karkhi", name_ar="أسامة"
        )
        assert registration.entered_search_text == "al karkhi | اسامه"
        registration.entered_name_ar = "إيناس"
        registration.save(update_fields=["entered_name_ar"])
        registration.refresh_from_db()
        assert registration.entered_search_text == "al karkhi | ايناس"

    def test_the_migration_folds_the_names_entered_before_it(self, settings_for_event):
        from django.apps import apps

        fill = importlib.import_module("events.registrations.migrations.0003_entered_search_text")
        registration = services.add_by_staff(settings_for_event.event, email=PersonFactory().email, name_ar="أحمد")
        Registration.objects.update(entered_search_text="")
        fill.fill_entered_search_text(apps, None)
        registration.refresh_from_db()
        assert registration.entered_search_text == "احمد"

    def test_search_by_reference(self, admin_client, settings_for_event):
        registration = services.register(settings_for_event.event, PersonFactory(name="By Reference"))
        services.register(settings_for_event.event, PersonFactory(name="Someone Else"))
        html = admin_client.get(event_url(settings_for_event), {"q": registration.reference.lower()}).content.decode()
        assert "By Reference" in html and "Someone Else" not in html

    def test_bad_filter_values_do_not_break_the_page(self, admin_client, settings_for_event):
        registration = services.register(settings_for_event.event, PersonFactory())
        response = admin_client.get(event_url(settings_for_event), {"status": "nonsense", "p": "abc"})
        assert response.status_code == 200
        assert registration.reference in response.content.decode()  # the unknown status is ignored
        response = admin_client.get(event_url(settings_for_event), {"q": "x" * 500})
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-count="confirmed">1<' in html and registration.reference not in html

    def test_query_count_does_not_grow_with_rows(self, admin_client, settings_for_event, django_assert_max_num_queries):
        settings_for_event.capacity = 3
        settings_for_event.save()
        for _ in range(5):
            services.register(settings_for_event.event, PersonFactory())
        searched = {"q": "العضو", "status": "waitlisted"}  # every factory person's Arabic name
        admin_client.get(event_url(settings_for_event))
        # The session and the user, the event and its translation, the settings, the counts,
        # the count and the page of registrations (with their people), the admin's furniture.
        with django_assert_max_num_queries(20) as few:
            admin_client.get(event_url(settings_for_event))
        with django_assert_max_num_queries(len(few.captured_queries)):
            admin_client.get(event_url(settings_for_event), searched)
        for _ in range(40):
            services.register(settings_for_event.event, PersonFactory())
        with django_assert_max_num_queries(len(few.captured_queries)):
            html = admin_client.get(event_url(settings_for_event)).content.decode()
        assert html.count("data-bulk-action-checkbox") == 45
        with django_assert_max_num_queries(len(few.captured_queries)):
            html = admin_client.get(event_url(settings_for_event), searched).content.decode()
        assert html.count("data-bulk-action-checkbox") == 42

    def test_index_query_count_does_not_grow_with_events(self, admin_client, demo_site, django_assert_max_num_queries):
        for _ in range(3):
            SettingsFactory()
        admin_client.get("/admin/registrations/")
        # The events, their settings, their counts and their translations: a few queries per page.
        with django_assert_max_num_queries(20) as few:
            admin_client.get("/admin/registrations/")
        for _ in range(8):
            SettingsFactory()
        with django_assert_max_num_queries(len(few.captured_queries)):
            html = admin_client.get("/admin/registrations/").content.decode()
        assert html.count("/admin/registrations/event/") >= 11


def in_arabic(message):
    with translation.override("ar"):
        return translation.gettext(message)


def bulk_url(settings, action, ids):
    """The address the list's footer opens for ``action`` on the rows ``ids``."""
    query = urlencode([*(("id", pk) for pk in ids), ("next", event_url(settings))])
    return event_url(settings, f"bulk/{action}/?{query}")


class TestBulkActions:
    def post(self, client, settings, action, registrations, override=False):
        data = {"override_capacity": "on"} if override else {}
        return client.post(bulk_url(settings, action, [r.pk for r in registrations]), data, follow=True)

    def test_the_list_offers_the_actions_and_a_confirmation_lists_the_selection(self, admin_client, settings_for_event):
        settings_for_event.approval_required = True
        settings_for_event.save()
        chosen = services.register(settings_for_event.event, PersonFactory(name="Chosen One"))
        services.register(settings_for_event.event, PersonFactory(name="Left Alone"))
        html = admin_client.get(event_url(settings_for_event)).content.decode()
        for action in ("approve", "promote", "decline", "cancel"):
            assert f'href="{event_url(settings_for_event, f"bulk/{action}/")}"' in html
        page = admin_client.get(bulk_url(settings_for_event, "approve", [chosen.pk])).content.decode()
        assert chosen.reference in page and "Chosen One" in page and "Left Alone" not in page
        assert 'name="override_capacity"' in page
        chosen.refresh_from_db()
        assert chosen.status == "pending"

    def test_all_in_the_list_means_what_the_search_and_filters_show(self, admin_client, settings_for_event):
        settings_for_event.capacity = 1
        settings_for_event.save()
        seated = services.register(settings_for_event.event, PersonFactory())
        waiting = [services.register(settings_for_event.event, PersonFactory()) for _ in range(2)]
        url = event_url(settings_for_event, "bulk/cancel/?id=all&status=waitlisted")
        admin_client.post(url, follow=True)
        for registration in (seated, *waiting):
            registration.refresh_from_db()
        assert [r.status for r in (seated, *waiting)] == ["confirmed", "cancelled", "cancelled"]

    def test_approve_within_capacity_then_waitlist_unless_overridden(self, admin_client, settings_for_event):
        settings_for_event.capacity = 1
        settings_for_event.approval_required = True
        settings_for_event.save()
        first, second, third = (services.register(settings_for_event.event, PersonFactory()) for _ in range(3))
        html = self.post(admin_client, settings_for_event, "approve", [first, second]).content.decode()
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.status, second.status) == ("confirmed", "waitlisted")
        said = in_arabic("Of them, %(count)s went to the waiting list: no seat was free.") % {"count": 1}
        assert "قائمة الانتظار" in said and said in html  # not only "2 registrations updated"
        html = self.post(admin_client, settings_for_event, "approve", [third], override=True).content.decode()
        assert said not in html
        third.refresh_from_db()
        assert third.status == "confirmed"
        assert StatusChange.objects.filter(registration=third).last().by.is_superuser

    def test_decline_and_cancel_promote_the_waiting_list(self, admin_client, settings_for_event):
        settings_for_event.capacity = 2
        settings_for_event.save()
        a, b, c, d = (services.register(settings_for_event.event, PersonFactory()) for _ in range(4))
        self.post(admin_client, settings_for_event, "decline", [a])
        self.post(admin_client, settings_for_event, "cancel", [b])
        for registration in (a, b, c, d):
            registration.refresh_from_db()
        assert [r.status for r in (a, b, c, d)] == ["declined", "cancelled", "confirmed", "confirmed"]

    def test_bulk_decline_takes_one_reason_for_all(
        self, admin_client, settings_for_event, mailoutbox, django_capture_on_commit_callbacks
    ):
        settings_for_event.approval_required = True
        settings_for_event.save()
        chosen = [services.register(settings_for_event.event, PersonFactory(), language=lang) for lang in ("ar", "en")]
        left = services.register(settings_for_event.event, PersonFactory())
        page = admin_client.get(bulk_url(settings_for_event, "decline", [r.pk for r in chosen])).content.decode()
        assert '<textarea name="reason"' in page
        assert in_arabic("A confirmed seat goes to the first person on the waiting list, who is told by email.") in page
        mailoutbox.clear()
        reason = "Places are kept for the network's trainers."
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                bulk_url(settings_for_event, "decline", [r.pk for r in chosen]), {"reason": reason}, follow=True
            )
        with translation.override("ar"):
            done = translation.ngettext("%(count)s registration updated.", "%(count)s registrations updated.", 2) % {
                "count": 2
            }
        assert done in response.content.decode()
        for registration in (*chosen, left):
            registration.refresh_from_db()
        assert [r.status for r in (*chosen, left)] == ["declined", "declined", "pending"]
        assert [r.history.last().reason for r in chosen] == [reason, reason]
        bodies = {message.to[0]: message.body for message in mailoutbox}
        assert set(bodies) == {r.person.email for r in chosen}
        assert f"السبب كما كتبه فريق التنظيم:\n« {reason} »" in bodies[chosen[0].person.email]
        assert f"The organisers’ reason, in their words:\n« {reason} »" in bodies[chosen[1].person.email]

    def test_bulk_cancel_refuses_a_too_long_reason_and_changes_nothing(
        self, admin_client, settings_for_event, mailoutbox
    ):
        chosen = services.register(settings_for_event.event, PersonFactory())
        mailoutbox.clear()
        response = admin_client.post(bulk_url(settings_for_event, "cancel", [chosen.pk]), {"reason": "x" * 501})
        assert (
            in_arabic("The reason is too long: at most %(limit_value)d characters, and it has %(show_value)d.")
            % {
                "limit_value": 500,
                "show_value": 501,
            }
            in response.content.decode()
        )
        chosen.refresh_from_db()
        assert chosen.status == "confirmed"
        assert not chosen.history.exclude(reason="").exists()
        assert mailoutbox == []

    def test_promote_refuses_when_full_and_says_why(self, admin_client, settings_for_event):
        settings_for_event.capacity = 1
        settings_for_event.save()
        _seated, waiting = (services.register(settings_for_event.event, PersonFactory()) for _ in range(2))
        html = self.post(admin_client, settings_for_event, "promote", [waiting]).content.decode()
        assert waiting.reference in html
        assert "No seat is free" in html or "لا يوجد مقعد شاغر" in html
        waiting.refresh_from_db()
        assert waiting.status == "waitlisted"

    def test_registrations_of_another_event_are_not_touched(self, admin_client, settings_for_event):
        other = services.register(SettingsFactory().event, PersonFactory())
        self.post(admin_client, settings_for_event, "cancel", [other])
        other.refresh_from_db()
        assert other.status == "confirmed"

    @pytest.mark.parametrize(
        ("action", "ids", "message"),
        [
            ("explode", ["mine"], "Choose an action."),
            ("cancel", [], "Select at least one registration."),
            ("cancel", ["x"], "Select at least one registration."),
            ("cancel", ["²"], "Select at least one registration."),
            ("cancel", ["9" * 5000], "Select at least one registration."),
        ],
    )
    def test_bad_bulk_requests_change_nothing(self, admin_client, settings_for_event, action, ids, message):
        registration = services.register(settings_for_event.event, PersonFactory())
        ids = [registration.pk if value == "mine" else value for value in ids]
        response = admin_client.post(bulk_url(settings_for_event, action, ids))
        assert response.status_code == 302
        assert response["Location"] == event_url(settings_for_event)
        page = admin_client.get(response["Location"]).content.decode()
        assert message in page or in_arabic(message) in page
        registration.refresh_from_db()
        assert registration.status == "confirmed"


class TestSettings:
    def form_data(self, capacity="20", questions=(), **extra):
        return settings_form_data(questions, capacity=capacity, **extra)

    def test_set_up_registration_with_bilingual_questions(self, admin_client, event):
        question = {
            "label": "Your field",
            "label_ar": "مجالك",
            "field_type": QuestionType.SINGLE_CHOICE,
            "required": "on",
            "choices": "Media\nEducation",
            "choices_ar": "إعلام\nتعليم",
            "help_text": "",
            "help_text_ar": "",
        }
        response = admin_client.post(
            f"/admin/registrations/event/{event.pk}/settings/", self.form_data(questions=[question])
        )
        assert response.status_code == 302
        settings = RegistrationSettings.objects.get(event=event)
        assert settings.capacity == 20
        (saved,) = settings.questions.all()
        assert (saved.label_ar, saved.choices_ar, saved.clean_name) == ("مجالك", "إعلام\nتعليم", "your_field")
        # Each language's text runs in its own direction in the form, whatever the admin's language.
        page = admin_client.get(f"/admin/registrations/event/{event.pk}/settings/").content.decode()
        for name, direction in [("label", "ltr"), ("label_ar", "rtl"), ("choices", "ltr"), ("help_text_ar", "rtl")]:
            field = re.search(rf'<(?:input|textarea)[^>]*name="questions-0-{name}"[^>]*>', page).group(0)
            assert f'dir="{direction}"' in field, field

    def test_mismatched_choices_are_refused(self, admin_client, event):
        question = {
            "label": "Your field",
            "label_ar": "مجالك",
            "field_type": QuestionType.SINGLE_CHOICE,
            "choices": "Media\nEducation",
            "choices_ar": "إعلام",
        }
        response = admin_client.post(
            f"/admin/registrations/event/{event.pk}/settings/", self.form_data(questions=[question])
        )
        assert response.status_code == 400
        assert shows(response, "Give as many Arabic choices as English ones.")
        assert not RegistrationSettings.objects.exists()

    def test_closing_before_opening_is_refused(self, admin_client, event):
        response = admin_client.post(
            f"/admin/registrations/event/{event.pk}/settings/",
            self.form_data(opens_at="2030-01-02 10:00", closes_at="2030-01-01 10:00"),
        )
        assert response.status_code == 400
        assert shows(response, "Registration must close after it opens.")
        assert not RegistrationSettings.objects.exists()

    def test_raising_capacity_promotes_the_waiting_list(self, admin_client, settings_for_event, mailoutbox):
        settings_for_event.capacity = 1
        settings_for_event.save()
        _seated, waiting = (services.register(settings_for_event.event, PersonFactory()) for _ in range(2))
        response = admin_client.post(event_url(settings_for_event, "settings/"), self.form_data(capacity="2"))
        assert response.status_code == 302
        assert shows(admin_client.get(response["Location"]), "Registration settings saved.")
        waiting.refresh_from_db()
        assert waiting.status == "confirmed"


def shows(response, message):
    """Whether the page shows ``message`` as the organiser reads it (the admin in Arabic)."""
    with translation.override("ar"):
        expected = translation.gettext(message)
    return html.escape(expected) in response.content.decode() or expected in response.content.decode()


class TestAddByHand:
    def test_existing_person_is_found_by_email(self, admin_client, settings_for_event):
        # The organiser gives a name as well: the answer must not depend on the email being known.
        person = PersonFactory(email="guest@example.org")
        response = admin_client.post(
            event_url(settings_for_event, "add/"), {"email": "GUEST@example.org", "name": "Guest", "language": "en"}
        )
        assert response.status_code == 302
        registration = Registration.objects.get(person=person)
        assert (registration.source, registration.language) == (RegistrationSource.STAFF, "en")
        assert registration.awaiting_acceptance
        assert (registration.entered_email, registration.entered_name) == ("GUEST@example.org", "Guest")

    def test_new_person_outside_the_window(self, admin_client, settings_for_event):
        settings_for_event.closes_at = timezone.now() - dt.timedelta(days=1)
        settings_for_event.save()
        admin_client.post(
            event_url(settings_for_event, "add/"), {"name": "Delegate", "name_ar": "مندوب", "language": "ar"}
        )
        registration = Registration.objects.get()
        assert registration.person.name_ar == "مندوب" and registration.status == "confirmed"
        assert not registration.person.public_profile

    def test_full_event_needs_an_explicit_override(self, admin_client, settings_for_event):
        settings_for_event.capacity = 0
        settings_for_event.waitlist_enabled = False
        settings_for_event.save()
        response = admin_client.post(event_url(settings_for_event, "add/"), {"name": "VIP", "language": "ar"})
        assert response.status_code == 400
        assert shows(
            response, "The event is full and has no waiting list. Add the person beyond capacity to confirm them."
        )
        assert not Registration.objects.exists()
        admin_client.post(
            event_url(settings_for_event, "add/"), {"name": "VIP", "language": "ar", "override_capacity": "on"}
        )
        assert Registration.objects.get().status == "confirmed"

    def test_unknown_email_without_a_name_is_refused(self, admin_client, settings_for_event):
        response = admin_client.post(
            event_url(settings_for_event, "add/"), {"email": "x@example.org", "language": "ar"}
        )
        assert response.status_code == 400
        assert not Person.objects.filter(email="x@example.org").exists()


class TestDetail:
    def test_answers_history_and_resend(
        self, admin_client, settings_for_event, mailoutbox, django_capture_on_commit_callbacks
    ):
        question = RegistrationQuestion.objects.create(
            settings=settings_for_event,
            label="Your field",
            label_ar="مجالك",
            field_type=QuestionType.SINGLE_CHOICE,
            choices="Media\nEducation",
            choices_ar="إعلام\nتعليم",
        )
        registration = services.register(
            settings_for_event.event, PersonFactory(phone="+964 1"), answers={question.clean_name: "Education"}
        )
        url = event_url(settings_for_event, f"registration/{registration.pk}/")
        html = admin_client.get(url).content.decode()
        assert "مجالك" in html and "تعليم" in html  # in the organiser's language
        assert "+964 1" in html
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, {"action": "resend"}, follow=True)
        assert registration.person.email in response.content.decode()
        assert mailoutbox and mailoutbox[-1].to == [registration.person.email]

    def test_registration_of_another_event_is_404(self, admin_client, settings_for_event):
        other = services.register(SettingsFactory().event, PersonFactory())
        url = event_url(settings_for_event, f"registration/{other.pk}/")
        response = admin_client.get(url, follow=True)
        assert_not_found(response, "ar", hides=[other.reference])


@pytest.mark.parametrize(
    "screen",
    [
        "/admin/registrations/event/{event}/settings/",
        "/admin/registrations/event/{event}/add/",
        "/admin/registrations/event/{event}/import/",
        "/admin/registrations/event/{event}/registration/{registration}/",
        "/admin/attendance/{event}/plan/",
        "/admin/attendance/{event}/team/",
        "/admin/attendance/{event}/certificates/",
        "/admin/attendance/{event}/badges/",
        "/admin/attendance/{event}/export/",
    ],
)
def test_an_organiser_of_another_event_posting_a_form_to_its_screens_finds_nothing(client, settings_for_event, screen):
    """Even a form the screen would refuse (here an empty one) is answered "not found", as the
    screen is, before it is read: it used to send them back with the form's own message."""
    registration = services.register(settings_for_event.event, PersonFactory(name="Noor Ali"))
    client.force_login(organiser(edit_pages_under=event_page()))
    address = screen.format(event=settings_for_event.event_id, registration=registration.pk)
    response = client.post(address, {}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    # The one redirect is the language middleware's answer to "not found" outside /en/.
    assert response.redirect_chain == [(f"/en{address}", 302)]
    assert_not_found(response, "en", hides=["Noor Ali", registration.reference, settings_for_event.event.title])


def test_a_person_who_registered_is_kept_when_the_directory_deletes_them(admin_client, settings_for_event):
    """Deleting a person with registrations, alone or with others, is refused with their name
    (it was an error page: the registrations point at them); anyone else is deleted."""
    registered = services.register(settings_for_event.event, PersonFactory(name="Noor Ali")).person
    unregistered = PersonFactory(name="Sami Aziz")
    people = "/admin/snippets/network/person/"
    for address in (f"{people}delete/{registered.pk}/", f"/admin/bulk/network/person/delete/?id={registered.pk}"):
        response = admin_client.post(address, HTTP_ACCEPT_LANGUAGE="en", follow=True)
        assert response.redirect_chain[-1][0] == people
        shown = [str(message) for message in response.context["messages"]]
        assert shown == [
            "These people registered for events and cannot be deleted: Noor Ali. To remove a duplicate, "
            "merge it into the record to keep."
        ]
    bulk = f"/admin/bulk/network/person/delete/?id={registered.pk}&id={unregistered.pk}"
    admin_client.post(bulk, HTTP_ACCEPT_LANGUAGE="en")
    assert set(Person.objects.filter(pk__in=[registered.pk, unregistered.pk])) == {registered, unregistered}
    admin_client.post(f"{people}delete/{unregistered.pk}/")
    assert not Person.objects.filter(pk=unregistered.pk).exists()
