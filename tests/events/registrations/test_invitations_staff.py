"""The organisers' "Invitations" page of an event: adding by pasting lines in either admin
language, the list with each invitation's state and the registration it led to, sending
again and revoking, hostile text shown as text, who may reach it, and its query count."""

import pytest
from django.utils import timezone

from events.registrations.models import Invitation
from events.registrations.services import register
from tests.events.registrations.test_messages_pages import text_of
from tests.factories.registrations import organiser, participant
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db


def page_url(event):
    return f"/admin/registrations/event/{event.pk}/invitations/"


@pytest.fixture
def event(settings_for_event):
    settings_for_event.invitation_only = True
    settings_for_event.save()
    return settings_for_event.event


def test_adding_in_english_lists_them_with_counts_and_emails_each(admin_client_in, event, mailoutbox, run_on_commit):
    client = admin_client_in("en")
    lines = "Huda Kareem <huda@example.org>\nSam Lee, sam@example.org\nplain@example.org"
    with run_on_commit():
        response = client.post(page_url(event), {"lines": lines, "language": "en"}, follow=True)
    shown = text_of(response)
    assert "3 invitations sent." in shown
    assert [invitation.name for invitation in Invitation.objects.order_by("email")] == ["Huda Kareem", "", "Sam Lee"]
    assert sorted(email.to[0] for email in mailoutbox) == ["huda@example.org", "plain@example.org", "sam@example.org"]
    html = response.content.decode()
    assert 'data-count="total">3<' in html and 'data-count="waiting">3<' in html
    assert shown.count("Not registered yet") == 5  # the count's label, the filter's choice and each row


def test_the_arabic_admin_page_is_right_to_left_and_names_bad_lines(admin_client_in, event, mailoutbox):
    client = admin_client_in("ar")
    page = client.get(page_url(event)).content.decode()
    assert 'dir="rtl"' in page
    assert "الدعوات" in page
    response = client.post(page_url(event), {"lines": "ok@example.org\nليس بريدًا", "language": "ar"})
    assert response.status_code == 400
    shown = text_of(response)
    assert "السطر 2" in shown
    assert not Invitation.objects.exists() and mailoutbox == []


def test_already_invited_are_named_and_skipped(admin_client_in, event):
    Invitation.objects.create(event=event, email="known@example.org")
    response = admin_client_in("en").post(
        page_url(event), {"lines": "known@example.org\nnew@example.org", "language": "ar"}, follow=True
    )
    shown = text_of(response)
    assert "1 invitation sent." in shown
    assert "Already invited, so skipped: known@example.org." in shown


def test_a_used_invitation_links_its_registration_and_who_used_it(admin_client_in, event):
    invitation = Invitation.objects.create(event=event, email="guest@example.org")
    _user, person = participant(name="Noor Ali", name_ar="نور علي")
    registration = register(event, person, invitation=invitation)
    html = admin_client_in("en").get(page_url(event)).content.decode()
    assert f'href="/admin/registrations/event/{event.pk}/registration/{registration.pk}/"' in html
    assert registration.reference in html and "Noor Ali" in html
    assert 'data-count="registered">1<' in html


def test_send_again_and_revoke_from_the_list(admin_client_in, event, mailoutbox, run_on_commit):
    client = admin_client_in("en")
    invitation = Invitation.objects.create(event=event, email="guest@example.org", language="en")
    base = f"{page_url(event)}{invitation.pk}/"
    assert client.get(f"{base}send-again/").status_code == 405
    with run_on_commit():
        shown = text_of(client.post(f"{base}send-again/", follow=True))
    assert "The invitation was sent again to guest@example.org." in shown
    assert len(mailoutbox) == 1
    shown = text_of(client.post(f"{base}revoke/", follow=True))
    assert "its link no longer works" in shown
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    shown = text_of(client.post(f"{base}send-again/", follow=True))
    assert "This invitation was withdrawn: it cannot be sent." in shown
    assert len(mailoutbox) == 1


def test_a_hostile_name_and_email_are_shown_as_text(admin_client_in, event):
    Invitation.objects.create(event=event, email="x@example.org", name='<script>alert("x")</script>')
    html = admin_client_in("en").get(page_url(event)).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    response = admin_client_in("en").post(page_url(event), {"lines": "<img src=x onerror=alert(1)>", "language": "en"})
    assert "<img src=x onerror" not in response.content.decode()


def test_a_non_organiser_gets_nothing(client, event, mailoutbox):
    from events.models import EventIndexPage

    invitation = Invitation.objects.create(event=event, email="secret@example.org")
    index = EventIndexPage.objects.get(locale__language_code="ar")
    other_index = index.get_parent().add_child(
        instance=EventIndexPage(title="أرشيف", slug="archive-inv", locale=index.locale)
    )
    client.force_login(organiser(edit_pages_under=other_index))
    response = client.get(page_url(event), follow=True)
    assert_not_found(response, "ar", hides=["secret@example.org", event.title])
    path = response.request["PATH_INFO"]  # the admin's address in the user's language
    assert client.post(path, {"lines": "a@example.org", "language": "ar"}).status_code == 404
    assert client.post(f"{path}{invitation.pk}/revoke/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and Invitation.objects.count() == 1 and mailoutbox == []


@pytest.mark.parametrize("count", [3, 60])
def test_the_list_costs_the_same_queries_however_many(admin_client_in, event, django_assert_num_queries, count):
    client = admin_client_in("en")
    client.get(page_url(event))  # the session, the user's profile and the site's settings, cached
    for number in range(count):
        invitation = Invitation.objects.create(event=event, email=f"p{number}@example.org")
        if number % 3 == 0:
            register(event, participant()[1], invitation=invitation)
        elif number % 3 == 1:
            Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    with django_assert_num_queries(QUERIES_OF_THE_LIST) as captured:
        page = client.get(page_url(event))
    assert page.content.decode().count("data-invitation=") == count, captured


# The session, its user and their admin profile; the event, its locale and its specific page; how
# many invitations the list holds and its page of them with their registrations and people (one
# join); the registration settings; the counts by state (one aggregate); the event in the
# admin's language (the locales, the translation, its specific page). A superuser: no
# permission query.
QUERIES_OF_THE_LIST = 13
