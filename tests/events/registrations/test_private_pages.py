"""Participant pages with personal data are never kept by a shared cache, and the ticket
check says nothing of another event's registration."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from events.registrations import services
from events.registrations.services import tickets
from events.registrations.services.calendar import feed_for
from events.registrations.signals import ORGANISERS_GROUP
from tests.factories.accounts import UserFactory
from tests.factories.registrations import participant
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db


def private(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_every_personal_page_is_private_and_not_stored(client, settings_for_event):
    user, person = participant(name="Noor Ali")
    registration = services.register(settings_for_event.event, person)
    feed = feed_for(person)
    client.force_login(user)
    pages = [
        "/ar/my/events/",
        "/en/my/profile/",
        f"/ar/registrations/{settings_for_event.event_id}/",
        f"/ar/tickets/{registration.reference}/",
        f"/ar/my/calendar/{feed.token}.ics",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert private(response), (url, response.get("Cache-Control"))
    assert "Noor Ali" in client.get("/en/my/profile/").content.decode()
    assert private(client.post(f"/ar/my/events/{registration.reference}/cancel/"))


def test_staff_of_another_event_learn_nothing_from_the_check_page(client, settings_for_event):
    from events.models import EventIndexPage

    _user, person = participant(name="Noor Ali", name_ar="نور علي")
    registration = services.register(settings_for_event.event, person)
    services.cancel(registration)
    index = EventIndexPage.objects.get(locale__language_code="ar")
    other_index = index.get_parent().add_child(
        instance=EventIndexPage(title="أرشيف", slug="other-events", locale=index.locale)
    )
    organiser = UserFactory(is_staff=True)
    group = Group.objects.get(name=ORGANISERS_GROUP)
    organiser.groups.add(group)
    GroupPagePermission.objects.create(group=group, page=other_index, permission_type="change")
    client.force_login(organiser)
    response = client.get(f"/en/tickets/check/{tickets.ticket_token(registration)}/")
    # The reference is part of the address asked for (the language links repeat it).
    assert_not_found(response, "en", hides=["not confirmed", "Noor Ali", "نور علي"])
    # The event's own staff are told the status.
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert (
        "This registration is not confirmed"
        in client.get(f"/en/tickets/check/{tickets.ticket_token(registration)}/").content.decode()
    )
