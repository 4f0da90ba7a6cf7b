"""The organisers' admin pages: a registration's own actions, readable status badges, the
dashboard panel, titles in the admin user's language, no setting up of past events."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from events.registrations import services
from events.registrations.models import RegistrationStatus
from tests.factories.accounts import UserFactory
from tests.factories.network import PersonFactory
from tests.factories.registrations import SettingsFactory, event_page, organiser

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def in_english(user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def admin_client(client, demo_site):
    client.force_login(in_english(UserFactory(is_staff=True, is_superuser=True)))
    return client


def detail_url(registration):
    return f"/admin/registrations/event/{registration.event_id}/registration/{registration.pk}/"


class TestRegistrationActions:
    def test_pending_registration_is_approved_from_its_page(self, admin_client, settings_for_event):
        settings_for_event.approval_required = True
        settings_for_event.save()
        registration = services.register(settings_for_event.event, PersonFactory())
        html = admin_client.get(detail_url(registration)).content.decode()
        for action in ("approve", "decline", "cancel", "promote"):
            assert f'name="action" value="{action}"' in html
        assert 'value="resend"' not in html
        response = admin_client.post(detail_url(registration), {"action": "approve"}, follow=True)
        registration.refresh_from_db()
        assert registration.status == "confirmed"
        assert registration.history.last().by.is_superuser
        assert "Registration approved." in response.content.decode()

    def test_promote_refused_when_full_then_beyond_capacity(self, admin_client, settings_for_event):
        settings_for_event.capacity = 1
        settings_for_event.save()
        _seated, waiting = (services.register(settings_for_event.event, PersonFactory()) for _ in range(2))
        response = admin_client.post(detail_url(waiting), {"action": "promote"}, follow=True)
        assert "No seat is free" in response.content.decode()
        waiting.refresh_from_db()
        assert waiting.status == "waitlisted"
        admin_client.post(detail_url(waiting), {"action": "promote", "override_capacity": "on"})
        waiting.refresh_from_db()
        assert waiting.status == "confirmed"
        assert waiting.history.last().note == "beyond capacity"

    def test_cancel_from_the_page_promotes_the_waiting_list(self, admin_client, settings_for_event):
        settings_for_event.capacity = 1
        settings_for_event.save()
        seated, waiting = (services.register(settings_for_event.event, PersonFactory()) for _ in range(2))
        admin_client.post(detail_url(seated), {"action": "cancel"})
        seated.refresh_from_db()
        waiting.refresh_from_db()
        assert (seated.status, waiting.status) == ("cancelled", "confirmed")
        html = admin_client.get(detail_url(seated)).content.decode()
        assert 'name="action"' not in html
        assert "no longer active" in html

    def test_bad_action_changes_nothing(self, admin_client, settings_for_event):
        registration = services.register(settings_for_event.event, PersonFactory())
        response = admin_client.post(detail_url(registration), {"action": "explode"}, follow=True)
        assert response.status_code == 200
        assert "Choose an action." in response.content.decode()
        registration.refresh_from_db()
        assert registration.status == "confirmed"


def test_status_badges_have_their_own_colour_and_name(admin_client, settings_for_event):
    settings_for_event.capacity = 1
    settings_for_event.save()
    people = [PersonFactory() for _ in range(4)]
    services.register(settings_for_event.event, people[0])
    services.register(settings_for_event.event, people[1])
    services.cancel(services.register(settings_for_event.event, people[2]))
    html = admin_client.get(f"/admin/registrations/event/{settings_for_event.event_id}/").content.decode()
    for status, label in (
        ("confirmed", "Confirmed"),
        ("waitlisted", "On the waiting list"),
        ("cancelled", "Cancelled"),
    ):
        assert f'registrations-status--{status}">{label}</span>' in html
    css = Path("events/registrations/static/registrations/staff.css").read_text()
    colours = {status: css.split(f".registrations-status--{status} {{")[1].split("}")[0] for status in S.values}
    assert len(set(colours.values())) == len(S.values)


class TestDashboardPanel:
    def organiser(self, index):
        return in_english(organiser(edit_pages_under=index))

    def test_shows_my_coming_events_with_pending_seats_and_next_date(self, client, demo_site):
        from events.models import EventIndexPage

        index = EventIndexPage.objects.get(locale__language_code="ar")
        mine = SettingsFactory(capacity=5, approval_required=True)
        services.register(mine.event, PersonFactory())
        services.register(mine.event, PersonFactory(), override_approval=True)
        past = SettingsFactory(event=event_page(start=timezone.now() - dt.timedelta(days=9)))
        other_index = index.get_parent().add_child(
            instance=EventIndexPage(title="أرشيف", slug="others", locale=index.locale)
        )
        theirs = SettingsFactory(event=event_page(index=other_index, english=False, title="ورشة غيري"))
        client.force_login(self.organiser(index))
        html = client.get("/admin/").content.decode()
        assert "My events: registrations" in html
        english = mine.event.localized_for("en").title
        assert english in html
        assert "1 to approve" in html
        assert "<td>4</td>" in html  # seats left: 5 less one confirmed
        assert mine.event.start.astimezone(mine.event.zone).strftime("%Y") in html
        assert past.event.localized_for("en").title not in html
        assert theirs.event.title not in html

    def test_not_shown_to_staff_outside_the_organisers(self, client, demo_site):
        client.force_login(UserFactory(is_staff=True, is_superuser=False))
        # Without access to the admin at all they are sent to the login page; with it, no panel.
        assert "My events: registrations" not in client.get("/admin/", follow=True).content.decode()


def test_titles_and_breadcrumbs_follow_the_admin_language(admin_client, settings_for_event):
    event = settings_for_event.event
    english = event.localized_for("en").title
    for url in (
        f"/admin/registrations/event/{event.pk}/",
        f"/admin/registrations/event/{event.pk}/settings/",
        f"/admin/registrations/event/{event.pk}/add/",
    ):
        html = admin_client.get(url).content.decode()
        assert english in html, url
        assert event.title not in html, url
    assert english in admin_client.get("/admin/registrations/").content.decode()


def test_past_events_offer_no_set_up_button(admin_client, demo_site):
    past = event_page(start=timezone.now() - dt.timedelta(days=9))
    coming = event_page()
    index = admin_client.get("/admin/registrations/").content.decode()
    assert f"/admin/registrations/event/{coming.pk}/settings/" in index
    assert f"/admin/registrations/event/{past.pk}/settings/" not in index
    page = admin_client.get(f"/admin/registrations/event/{past.pk}/").content.decode()
    assert "Set up registration" not in page


def test_dashboard_panel_query_count_does_not_grow_with_events(admin_client, django_assert_max_num_queries):
    from events.registrations.staff.panels import MyEventsPanel

    for _ in range(2):
        services.register(SettingsFactory(approval_required=True).event, PersonFactory())
    user = UserFactory(is_staff=True, is_superuser=True)
    with django_assert_max_num_queries(20) as few:
        assert len(MyEventsPanel(user).rows()) == 2
    for _ in range(6):
        services.register(SettingsFactory(approval_required=True).event, PersonFactory())
    # Events with their settings, the counts, the next sessions, the translations: the same
    # few queries for two events or eight.
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = MyEventsPanel(user).rows()
    assert len(rows) == 8 and all(row["pending"] == 1 for row in rows)
