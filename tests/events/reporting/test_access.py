"""Only the event's organisers and the reporters given it read its report or download it; for
anyone else it does not exist — a 404 that names nothing — and nothing is written to the
audit trail."""

import pytest
from wagtail.models import PageLogEntry

from events import audit
from tests.factories.attendance import desk_staff
from tests.factories.registrations import event_page, organiser
from tests.not_found import assert_not_found

from .conftest import reporter_of, with_admin_access

pytestmark = pytest.mark.django_db

ADDRESSES = ["/admin/reports/{}/", "/admin/reports/{}/pdf/", "/admin/reports/{}/xlsx/"]


def refused_everywhere(client, user, event):
    """Checks every report address of ``event`` refuses ``user``; returns how many were asked."""
    client.force_login(user)
    hides = [event.title, event.localized_for("en").title, "Baghdad", "بغداد"]
    for address in ADDRESSES:
        response = client.get(address.format(event.pk), HTTP_ACCEPT_LANGUAGE="en", follow=True)
        assert_not_found(response, "en", hides=hides)
    assert not PageLogEntry.objects.filter(action=audit.REPORT).exists()
    return len(ADDRESSES)


def test_an_organiser_of_another_event_is_refused(client, small_event):
    other = event_page()
    other_organiser = organiser(edit_pages_under=other)
    assert refused_everywhere(client, other_organiser, small_event) == len(ADDRESSES)


def test_desk_staff_of_the_event_are_refused(client, small_event):
    assert refused_everywhere(client, with_admin_access(desk_staff(small_event)), small_event) == len(ADDRESSES)


def test_a_reporter_of_another_event_is_refused(client, small_event):
    assert refused_everywhere(client, reporter_of(event_page()), small_event) == len(ADDRESSES)


def test_an_event_that_does_not_exist_is_not_found(client, manager):
    client.force_login(manager)
    for address in ADDRESSES:
        assert_not_found(client.get(address.format(999999), HTTP_ACCEPT_LANGUAGE="en", follow=True), "en")


def test_a_reporter_of_this_event_reads_its_report(client, small_event):
    reporter = reporter_of(small_event)
    client.force_login(reporter)
    page = client.get(f"/admin/reports/{small_event.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<dt>Participants</dt><dd>4</dd>" in page
    assert "Workshop number" in page  # the event's English title heads the page
    assert not PageLogEntry.objects.filter(action=audit.REPORT).exists()  # reading is not recorded
