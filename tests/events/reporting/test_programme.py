"""The programme and network report: figures across the events of a network or an
organisation, counted only over the events the user may report on, and the sentence funders
read, in both languages."""

import html

import pytest
from django.contrib.auth import get_user_model

from events.reporting.services.programme import programme_report, scope
from fixtures import attendance as demo_attendance
from fixtures import events as demo_events
from fixtures import network as demo_network
from network.models import Network
from tests.factories.accounts import UserFactory
from tests.factories.registrations import event_page, organiser
from tests.not_found import assert_not_found
from tests.quality.references import missing_references

from .conftest import reporter_of, with_admin_access

pytestmark = pytest.mark.django_db


def test_figures_across_a_programmes_phases_and_its_sentence(phases):
    network, first, second = phases
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "x")
    events = scope(admin, network=network)
    assert events == [first, second]
    report = programme_report(events, network)
    assert (report.participants, report.repeat, report.countries, report.governorates) == (4, 1, 2, 2)
    assert [(row.participants, row.new_members, row.hours) for row in report.events] == [(3, 2, 8), (2, 1, 4)]
    assert report.new_members == 3 and report.hours == 12
    assert report.sentence("en") == "4 participants from 2 countries, 3 of them new members of the network"
    assert report.sentence("ar") == "4 مشاركين من بلدين، 3 منهم أعضاء جدد في الشبكة"
    assert scope(admin, network=network, year=2025) == [second]


def test_a_reporter_counts_only_the_events_they_may_report_on(client, phases):
    network, first, second = phases
    reporter = reporter_of(second)
    client.force_login(reporter)
    page = client.get(f"/admin/reports/programme/?of=network-{network.pk}", HTTP_ACCEPT_LANGUAGE="en")
    text = html.unescape(page.content.decode())
    assert "2 participants from 1 country, 1 of them a new member of the network" in text
    assert "<dt>Events</dt><dd>1</dd>" in text and second.localized_for("en").title in text
    assert first.localized_for("en").title not in text


def test_a_network_of_no_event_of_the_user_shows_nothing(client, phases):
    network, _first, _second = phases
    client.force_login(reporter_of(event_page()))
    page = client.get(f"/admin/reports/programme/?of=network-{network.pk}", HTTP_ACCEPT_LANGUAGE="en")
    text = html.unescape(page.content.decode())
    assert "Select a valid choice" in text and "participants from" not in text


def test_each_refused_choice_is_named_by_its_field(client, phases):
    """The field's description names its error message by an id the message has."""
    network, _first, second = phases
    client.force_login(reporter_of(second))
    page = client.get(f"/admin/reports/programme/?of=network-{network.pk}&year=1", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert 'aria-describedby="id_year_error"' in text and not missing_references(text)


def test_someone_who_reports_on_nothing_finds_no_page(client, phases):
    network, _first, _second = phases
    client.force_login(with_admin_access(UserFactory()))
    response = client.get(f"/admin/reports/programme/?of=network-{network.pk}", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert_not_found(response, "en", hides=[network.name, network.name_ar])


def test_the_kaiciid_demo_reads_as_its_article_in_both_languages(client, demo_site, demo_snapshots):
    demo_snapshots.load("network", lambda: demo_network.load(lambda message: None))
    demo_snapshots.load("events", lambda: demo_events.load(lambda message: None))
    demo_snapshots.load("attendance", lambda: demo_attendance.load(lambda message: None))
    kaiciid = Network.objects.get(slug="kaiciid-dialogue-network")
    organisers = organiser(edit_pages_under=event_page().get_parent())
    client.force_login(organisers)
    for language, sentence in (
        ("en", "72 participants from 8 countries, 60 of them new members of the network"),
        ("ar", "72 مشاركًا من 8 بلدان، 60 منهم أعضاء جدد في الشبكة"),
    ):
        page = client.get(f"/admin/reports/programme/?of=network-{kaiciid.pk}", HTTP_ACCEPT_LANGUAGE=language)
        text = html.unescape(page.content.decode())
        assert f"<strong>{sentence}</strong>" in text
