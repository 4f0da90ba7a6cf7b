"""The rules an event must satisfy, applied wherever an event is saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from events import rules
from tests.factories.events import BAGHDAD, VenueFactory, at

pytestmark = pytest.mark.django_db


def codes(error):
    return {field: [e.code for e in errors] for field, errors in error.value.error_dict.items()}


def test_end_before_start_is_refused_on_the_end_field():
    with pytest.raises(ValidationError) as error:
        rules.check_event_times(at(2030, 5, 2, 9), at(2030, 5, 1, 9))
    assert codes(error) == {"end": ["end_before_start"]}


def test_online_event_without_link_is_refused_on_the_link_field():
    with pytest.raises(ValidationError) as error:
        rules.check_location("online", None, "")
    assert codes(error) == {"online_link": ["online_without_link"]}


def test_hybrid_event_needs_venue_and_link():
    with pytest.raises(ValidationError) as error:
        rules.check_location("hybrid", None, "")
    assert codes(error) == {"online_link": ["online_without_link"], "venue": ["in_person_without_venue"]}


def test_complete_locations_pass():
    venue = VenueFactory()
    assert rules.check_location("in_person", venue, "") is None
    assert rules.check_location("online", None, "https://meet.example.org/x") is None
    assert rules.check_location("hybrid", venue, "https://meet.example.org/x") is None


def test_session_outside_event_days_in_event_time_zone():
    start, end = at(2030, 5, 10, 9), at(2030, 5, 11, 17)
    # 23:30 on 11 May in Baghdad is still the event's last day, though it is 20:30 UTC.
    rules.check_session(at(2030, 5, 11, 23, 0), at(2030, 5, 11, 23, 30), start, end, "Asia/Baghdad")
    with pytest.raises(ValidationError) as error:
        rules.check_session(at(2030, 5, 12, 0, 30), at(2030, 5, 12, 1, 0), start, end, "Asia/Baghdad")
    assert codes(error) == {"start": ["session_outside_event"], "end": ["session_outside_event"]}
    message = error.value.error_dict["start"][0].messages[0]
    assert "10" in message and "11" in message


def test_session_end_before_its_start():
    start, end = at(2030, 5, 10, 9), at(2030, 5, 11, 17)
    with pytest.raises(ValidationError) as error:
        rules.check_session(at(2030, 5, 10, 12), at(2030, 5, 10, 11), start, end, "Asia/Baghdad")
    assert codes(error) == {"end": ["session_end_before_start"]}


def test_unknown_time_zone_falls_back_to_baghdad():
    assert rules.zone("Not/AZone") == BAGHDAD
    assert rules.zone("") == BAGHDAD
    assert rules.zone("Asia/Amman").key == "Asia/Amman"


def test_venue_needs_both_coordinates():
    venue = VenueFactory.build(latitude="33.3", longitude=None)
    with pytest.raises(ValidationError) as error:
        venue.full_clean()
    assert "longitude" in error.value.error_dict


def test_venue_map_link_is_a_plain_openstreetmap_link():
    with_coordinates = VenueFactory.build(latitude="33.312806", longitude="44.361488")
    assert with_coordinates.map_url().startswith("https://www.openstreetmap.org/?mlat=33.312806&mlon=44.361488")
    without = VenueFactory.build(name="Al-Mahatta hall", city="Baghdad")
    assert without.map_url() == ("https://www.openstreetmap.org/search?query=Al-Mahatta+hall%2C+Baghdad%2C+Iraq")


def test_event_page_clean_applies_the_rules(events_index):
    from events.models import EventPage

    page = EventPage(title="x", slug="x", start=at(2030, 1, 2), end=at(2030, 1, 1), event_format="online")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert set(error.value.error_dict) >= {"end", "online_link"}


def test_dates_read_naturally_in_each_language():
    from django.utils import translation

    from events import dates

    with translation.override("ar"):
        assert dates.date_range(at(2018, 8, 10, 10), at(2018, 8, 11, 15), BAGHDAD) == "10–11 آب 2018"
        assert dates.date_range(at(2025, 3, 13, 10), at(2025, 3, 13, 14), BAGHDAD, with_time=True) == (
            "13 آذار 2025، 10:00–14:00"
        )
    with translation.override("en"):
        assert dates.date_range(at(2018, 8, 10, 10), at(2018, 8, 11, 15), BAGHDAD) == "10–11 August 2018"
        assert dates.date_range(at(2021, 2, 3, 16), at(2021, 3, 17, 17), BAGHDAD) == "3 February – 17 March 2021"
        assert dates.date_range(at(2020, 12, 28), at(2021, 1, 2), BAGHDAD) == "28 December 2020 – 2 January 2021"
        assert dates.zone_label("Asia/Baghdad", at(2030, 1, 1)) == "Baghdad time (UTC+03:00)"
        # Event times are shown in the event's zone, not the server's.
        amman = dt.timezone(dt.timedelta(hours=2))
        assert dates.date_range(at(2030, 1, 1, 23, 30), at(2030, 1, 1, 23, 45), amman) == "1 January 2030"
