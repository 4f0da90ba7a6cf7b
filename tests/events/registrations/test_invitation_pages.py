"""What a visitor sees of an event by invitation only: the event page says so and offers no
form, the register address refuses, and the invitation's link leads (after signing in) to
the usual form; a link that cannot be used says why in the visitor's language."""

import pytest
from django.utils import timezone

from events.registrations.models import Invitation, Registration
from tests.events.registrations.test_concurrency import signed_form_key
from tests.factories.registrations import SettingsFactory, english_of, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(settings_for_event):
    settings_for_event.invitation_only = True
    settings_for_event.save()
    return settings_for_event


@pytest.fixture
def invitation(closed):
    return Invitation.objects.create(event=closed.event, email="guest@example.org", language="en")


def link(invitation, language="en", token=None):
    return f"/{language}/registrations/{invitation.event_id}/invitation/{token or invitation.token}/"


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Registration for this event is by invitation only."),
        ("ar", "التسجيل في هذه الفعالية بالدعوة فقط."),
    ],
)
def test_the_event_page_says_by_invitation_and_offers_no_form(client, closed, language, sentence):
    event = closed.event if language == "ar" else english_of(closed.event)
    page = client.get(event.url).content.decode()
    assert sentence in page
    assert 'data-state="invitation_only"' in page
    assert f'href="/{language}/registrations/{closed.event_id}/"' not in page
    assert 'name="form_key"' not in page


def test_the_register_address_refuses_without_an_invitation(client, closed):
    user, person = participant()
    client.force_login(user)
    url = f"/ar/registrations/{closed.event_id}/"
    page = client.get(url)
    assert page.status_code == 403
    assert "التسجيل في هذه الفعالية بالدعوة فقط." in page.content.decode()
    assert 'name="form_key"' not in page.content.decode()
    posted = client.post(url, {"form_key": signed_form_key(closed), "name": person.name, "name_ar": person.name_ar})
    assert posted.status_code == 403
    assert not Registration.objects.filter(event=closed.event).exists()


def test_a_visitor_not_signed_in_is_offered_sign_in_and_sign_up_coming_back(client, invitation):
    url = link(invitation)
    page = client.get(url).content.decode()
    assert "You are invited to register" in page
    assert f'href="/en/accounts/login/?next={url.replace("/", "%2F")}"' in page
    assert f'href="/en/accounts/signup/?next={url.replace("/", "%2F")}"' in page
    assert "guest@example.org" not in page


def test_signed_in_the_invitee_registers_with_the_usual_form(client, invitation, closed):
    user, person = participant(name="Sam Lee")
    client.force_login(user)
    page = client.get(link(invitation)).content.decode()
    assert 'name="form_key"' in page
    assert 'name="name"' in page
    response = client.post(
        link(invitation), {"form_key": signed_form_key(closed), "name": "Sam Lee", "name_ar": person.name_ar}
    )
    registration = Registration.objects.get(event=closed.event)
    assert response.status_code == 302
    assert response["Location"] == f"/en/my/events/{registration.reference}/"
    assert registration.person == person
    invitation.refresh_from_db()
    assert invitation.registration == registration
    # Opening the link again leads to the registration, not to a second one.
    again = client.get(link(invitation))
    assert again["Location"] == f"/en/my/events/{registration.reference}/"


@pytest.mark.parametrize(
    ("language", "heading", "sentence"),
    [
        ("en", "Invitation not found", "This invitation link is not valid."),
        ("ar", "لم يُعثر على الدعوة", "رابط الدعوة هذا غير صالح."),
    ],
)
def test_an_unknown_token_is_a_not_found_page_in_the_visitors_language(client, invitation, language, heading, sentence):
    response = client.get(link(invitation, language, token="made-up-token"))
    assert response.status_code == 404
    page = response.content.decode()
    assert heading in page and sentence in page


def test_another_events_token_is_as_unknown_and_names_nothing_of_it(client, invitation):
    other = SettingsFactory(invitation_only=True)
    theirs = Invitation.objects.create(event=other.event, email="secret-guest@example.org")
    response = client.get(f"/en/registrations/{invitation.event_id}/invitation/{theirs.token}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Invitation not found" in page
    assert english_of(other.event).title not in page and other.event.title not in page


def test_a_revoked_or_used_invitation_says_why(client, invitation):
    user, _person = participant()
    client.force_login(user)
    invitation.revoked_at = timezone.now()
    invitation.save()
    response = client.get(link(invitation))
    assert response.status_code == 410
    assert "This invitation was withdrawn by the organisers." in response.content.decode()
    invitation.revoked_at = None
    invitation.save()
    someone, their_person = participant()
    from events.registrations.services import register

    register(invitation.event, their_person, invitation=invitation)
    response = client.get(link(invitation))
    assert response.status_code == 409
    assert "This invitation has already been used." in response.content.decode()
    assert their_person.name not in response.content.decode()
