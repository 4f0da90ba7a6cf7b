"""The organisers' admin pages: a registration's own actions, readable status badges, the
dashboard panel, titles in the admin user's language, no setting up of past events."""

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from events.registrations import services
from events.registrations.models import REASON_MAX_LENGTH, RegistrationStatus
from tests.factories.accounts import UserFactory, admin_in
from tests.factories.network import PersonFactory
from tests.factories.registrations import SettingsFactory, event_page, organiser
from tests.quality.test_language import LATIN_WORD, readable_text

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def in_english(user):
    return admin_in(user, "en")


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
        for action in ("approve", "promote"):
            assert f'name="action" value="{action}"' in html
        for action in ("decline", "cancel"):  # each asks first, on a page of its own
            assert f'name="action" value="{action}"' not in html
            assert f'href="{detail_url(registration)}{action}/"' in html
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
        page = admin_client.get(f"{detail_url(seated)}cancel/").content.decode()
        assert (
            f"goes to the first person on the waiting list, <bdi><strong>{waiting.person.name}</strong></bdi>" in page
        )
        response = admin_client.post(f"{detail_url(seated)}cancel/", {"reason": ""}, follow=True)
        assert "Registration cancelled." in response.content.decode()
        seated.refresh_from_db()
        waiting.refresh_from_db()
        assert (seated.status, waiting.status) == ("cancelled", "confirmed")
        assert waiting.history.last().note == "waiting list"
        html = admin_client.get(detail_url(seated)).content.decode()
        assert 'name="action"' not in html
        assert f"{detail_url(seated)}cancel/" not in html
        assert "no longer active" in html

    def test_bad_action_changes_nothing(self, admin_client, settings_for_event):
        registration = services.register(settings_for_event.event, PersonFactory())
        response = admin_client.post(detail_url(registration), {"action": "explode"}, follow=True)
        assert response.status_code == 200
        assert "Choose an action." in response.content.decode()
        registration.refresh_from_db()
        assert registration.status == "confirmed"


class TestDecliningAndCancelling:
    """Declining and cancelling ask first, on a page that names the person and the event, says
    what follows and takes an optional reason for the participant."""

    def test_decline_asks_first_and_changes_nothing_until_confirmed(self, admin_client, settings_for_event, mailoutbox):
        registration = services.register(settings_for_event.event, PersonFactory(), language="ar")
        history = registration.history.count()
        mailoutbox.clear()
        response = admin_client.get(f"{detail_url(registration)}decline/")
        html = response.content.decode()
        english = settings_for_event.event.localized_for("en").title
        assert (
            f"You are about to decline the registration of <bdi><strong>{registration.person.name}</strong></bdi> "
            f"for <bdi><strong>{english}</strong></bdi>."
        ) in html
        assert "receives an email in Arabic saying that their registration was not accepted." in html
        assert "write it in Arabic if you can" in html
        assert "No one on the waiting list moves up into their seat." in html
        assert '<textarea name="reason"' in html and "maxlength" not in html
        assert f'<a class="button button-secondary" href="{detail_url(registration)}">Go back</a>' in html
        assert ">Decline the registration</button>" in html
        # The old one-click post to the registration's page does nothing either.
        response = admin_client.post(detail_url(registration), {"action": "decline"}, follow=True)
        assert "Choose an action." in response.content.decode()
        registration.refresh_from_db()
        assert registration.status == "confirmed"
        assert registration.history.count() == history
        assert mailoutbox == []

    @pytest.mark.parametrize(
        ("language", "label"),
        [("en", "The organisers’ reason, in their words:"), ("ar", "السبب كما كتبه فريق التنظيم:")],
    )
    def test_confirming_with_a_reason_declines_keeps_it_and_emails_it(
        self, admin_client, settings_for_event, mailoutbox, django_capture_on_commit_callbacks, language, label
    ):
        settings_for_event.approval_required = True
        settings_for_event.save()
        registration = services.register(settings_for_event.event, PersonFactory(), language=language)
        mailoutbox.clear()
        reason = "The workshop is for trainers\r\nalready in the network."
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(f"{detail_url(registration)}decline/", {"reason": reason}, follow=True)
        assert response.redirect_chain == [(detail_url(registration), 302)]
        html = response.content.decode()
        assert "Registration declined." in html
        registration.refresh_from_db()
        assert registration.status == "declined"
        change = registration.history.last()
        assert (change.to_status, change.reason, change.by.is_superuser) == ("declined", reason.replace("\r", ""), True)
        assert (
            '<div class="registrations-reason"><span class="registrations-reason-label">Reason given to the '
            'participant:</span><blockquote dir="auto">The workshop is for trainers<br>already in the network.'
            "</blockquote></div>"
        ) in html
        (message,) = mailoutbox
        assert message.to == [registration.person.email]
        assert f"{label}\n« {reason.replace(chr(13), '')} »" in message.body

    def test_cancel_shows_the_waiting_list_and_bulk_free_text_stays_out(self, admin_client, settings_for_event):
        settings_for_event.capacity = 1
        settings_for_event.save()
        seated = services.register(settings_for_event.event, PersonFactory(), language="en")
        waiting = services.register(settings_for_event.event, PersonFactory())
        html = admin_client.get(f"{detail_url(waiting)}cancel/").content.decode()
        assert "saying that their registration is cancelled." in html
        assert "They leave the waiting list; those behind them move up one place." in html
        assert "seat" not in html.split("What happens next")[1].split("</ul>")[0]
        html = admin_client.get(f"{detail_url(seated)}cancel/").content.decode()
        assert "receives an email in English" in html
        assert f"<bdi><strong>{waiting.person.name}</strong></bdi>, who is told by email." in html

    @pytest.mark.parametrize(
        ("admin_language", "message"),
        [
            ("en", "The reason is too long: at most 500 characters, and it has 501."),
            ("ar", "السبب أطول من المسموح: الحد الأقصى 500 حرف، وطوله الآن 501."),
        ],
    )
    def test_a_too_long_reason_is_refused_with_a_message_and_nothing_changes(
        self, client, demo_site, settings_for_event, mailoutbox, admin_language, message
    ):
        user = UserFactory(is_staff=True, is_superuser=True)
        client.force_login(in_english(user) if admin_language == "en" else user)
        registration = services.register(settings_for_event.event, PersonFactory())
        history = registration.history.count()
        mailoutbox.clear()
        reason = "ب" * (REASON_MAX_LENGTH + 1)
        response = client.post(f"{detail_url(registration)}cancel/", {"reason": reason})
        assert response.status_code == 400
        html = response.content.decode()
        assert message in html
        assert f"{reason}</textarea>" in html  # kept, to be shortened
        registration.refresh_from_db()
        assert registration.status == "confirmed"
        assert registration.history.count() == history
        assert mailoutbox == []

    def test_an_inactive_registration_is_not_offered_again(self, admin_client, settings_for_event):
        registration = services.cancel(services.register(settings_for_event.event, PersonFactory()))
        response = admin_client.get(f"{detail_url(registration)}decline/", follow=True)
        assert response.redirect_chain == [(detail_url(registration), 302)]
        assert "This registration is no longer active." in response.content.decode()
        response = admin_client.post(f"{detail_url(registration)}decline/", {"reason": "late"}, follow=True)
        assert "This registration is no longer active." in response.content.decode()
        registration.refresh_from_db()
        assert registration.status == "cancelled"
        assert not registration.history.exclude(reason="").exists()

    def test_another_events_registration_is_not_found_here(self, admin_client, settings_for_event):
        other = services.register(SettingsFactory().event, PersonFactory())
        url = f"/admin/registrations/event/{settings_for_event.event_id}/registration/{other.pk}/decline/"
        response = admin_client.get(url, follow=True)
        assert response.status_code == 404
        assert admin_client.post(response.request["PATH_INFO"], {"reason": "x"}).status_code == 404
        other.refresh_from_db()
        assert other.status == "confirmed"

    def test_arabic_page_speaks_arabic_throughout(self, client, demo_site, settings_for_event):
        """The Arabic admin's confirmation, with every sentence it can show: no English left
        in the page's main part (the reference is a code, not a word)."""
        settings_for_event.capacity = 1
        settings_for_event.save()
        seated = services.register(settings_for_event.event, PersonFactory(), language="en")
        services.register(settings_for_event.event, PersonFactory())
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        for action, title in (("decline", "رفض التسجيل؟"), ("cancel", "إلغاء التسجيل؟")):
            html = client.get(f"{detail_url(seated)}{action}/").content.decode()
            assert '<html lang="ar" dir="rtl"' in html
            assert title in html and "باللغة الإنجليزية" in html and "ماذا بعد؟" in html
            main = BeautifulSoup(html, "html.parser").find("main")
            text = readable_text(main, "ar").replace(seated.reference, " ")
            assert not LATIN_WORD.findall(text), LATIN_WORD.findall(text)

    def test_the_registrations_language_is_named_in_the_admin_language(self, client, demo_site, settings_for_event):
        registration = services.register(settings_for_event.event, PersonFactory(), language="en")
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        html = client.get(detail_url(registration)).content.decode()
        assert "<dd>الإنجليزية</dd>" in html and "<dd>English</dd>" not in html
        english = client.get(detail_url(registration), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "<dd>English</dd>" in english

    def test_history_notes_read_in_the_admin_language(self, client, demo_site, settings_for_event):
        settings_for_event.capacity = 0
        settings_for_event.save()
        registration = services.register(settings_for_event.event, PersonFactory(), override_capacity=True)
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        html = client.get(detail_url(registration)).content.decode()
        assert "<td>متجاوزًا السعة</td>" in html
        assert "beyond capacity" not in html


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


def test_a_long_email_reads_left_to_right_and_breaks_only_after_its_at(client, demo_site, settings_for_event):
    """In the Arabic admin the address stays one left-to-right run, may break after its "@"
    only, and keeps the whole address in its title when a part is cut with an ellipsis."""
    address = "zainab.abdulrahman.alhashimi@iraqi-civil-society-network.example.org"
    services.register(settings_for_event.event, PersonFactory(email=address))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(f"/admin/registrations/event/{settings_for_event.event_id}/").content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    cell = BeautifulSoup(html, "html.parser").find("bdi", class_="staff-address")
    assert cell["dir"] == "ltr" and cell["title"] == address
    assert [part.get_text() for part in cell.find_all("span")] == [
        "zainab.abdulrahman.alhashimi@",
        "iraqi-civil-society-network.example.org",
    ]
    assert cell.find("wbr").find_previous_sibling("span").get_text().endswith("@")
    css = Path("events/registrations/static/registrations/staff.css").read_text()
    part = css.split(".staff-address-part {")[1].split("}")[0]
    assert "white-space: nowrap" in part and "text-overflow: ellipsis" in part
    assert "anywhere" not in css.split(".staff-address {")[1].split("}")[0]


def test_our_admin_screens_wrap_a_long_title_instead_of_cutting_it(admin_client, settings_for_event):
    """Wagtail's header keeps its title on one line and hides what does not fit; the
    registrations, attendance and report screens load the stylesheet that lets it wrap."""
    event = settings_for_event.event
    header = Path("events/static/events/admin-header.css").read_text()
    assert "li:last-child { white-space: normal;" in header
    for stylesheet in ("registrations/staff.css", "reporting/report.css"):
        assert (
            Path(f"events/{stylesheet.split('/')[0]}/static/{stylesheet}")
            .read_text()
            .startswith('@import url("../events/admin-header.css");')
        )
    for url, stylesheet in (
        (f"/admin/registrations/event/{event.pk}/", "registrations/staff.css"),
        (f"/admin/attendance/{event.pk}/", "registrations/staff.css"),
        (f"/admin/reports/{event.pk}/", "reporting/report.css"),
    ):
        assert f'href="/static/{stylesheet}"' in admin_client.get(url).content.decode(), url
