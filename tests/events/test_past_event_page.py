"""A past event's page reads as a record of what happened, not as an invitation."""

import re

import pytest

from tests.factories.events import VenueFactory, at, event_page, translate
from tests.factories.network import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def past(events_index):
    speaker = PersonFactory(name="Ali Fadhil", name_ar="علي فاضل", slug="ali-fadhil")
    partner = OrganisationFactory(name="ICSSI", name_ar="المبادرة", slug="icssi")
    page = event_page(
        events_index["ar"],
        title="منتدى 2019",
        start=at(2019, 3, 10, 10),
        end=at(2019, 3, 11, 15),
        venue=VenueFactory(),
        event_format="hybrid",
        online_link="https://meet.example.org/old",
        partners=[(partner, "organiser")],
        sessions=[
            {
                "title": "الافتتاح",
                "kind": "keynote",
                "start": at(2019, 3, 10, 10),
                "end": at(2019, 3, 10, 11),
                "speakers": [{"person": speaker, "role": "speaker"}],
            }
        ],
    )
    return {"ar": page, "en": translate(page, title="Forum 2019")}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_invitation_on_a_past_event(client, past, language):
    html = client.get(past[language].url).content.decode()
    assert 'data-calendar="ics"' not in html  # no calendar call to action in the hero
    assert 'id="add-to-calendar"' not in html
    assert "/calendar/session/" not in html  # no "add this session" under past sessions
    assert 'class="agenda-ics"' not in html
    assert "event-online-note" not in html  # no "the link is sent to confirmed participants"
    assert "registration-cta" not in html and "cta-bar" not in html
    assert "meet.example.org" not in html


def test_it_shows_what_happened(client, past):
    html = client.get(past["en"].url).content.decode()
    record = re.search(r'<p class="event-hero-record">(.*?)</p>', html, re.S).group(1)
    assert record == "This event took place on 10–11 March 2019."
    assert 'href="#agenda"' in html and 'href="#speakers"' in html and 'href="#partners"' in html
    assert "Ali Fadhil" in html and "ICSSI" in html
    arabic = client.get(past["ar"].url).content.decode()
    assert "أُقيمت هذه الفعالية في 10–11 آذار 2019." in arabic


def test_an_upcoming_event_still_invites(client, events_index):
    page = event_page(
        events_index["ar"],
        start=at(2031, 3, 10, 10),
        end=at(2031, 3, 10, 15),
        event_format="online",
        online_link="https://meet.example.org/new",
        sessions=[{"title": "جلسة", "kind": "talk", "start": at(2031, 3, 10, 10), "end": at(2031, 3, 10, 11)}],
    )
    html = client.get(page.url).content.decode()
    assert 'data-calendar="ics"' in html and 'class="agenda-ics"' in html and "event-online-note" in html
    assert "event-hero-record" not in html
