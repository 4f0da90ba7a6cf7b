"""The benchmark dataset (manage.py build_bench_data): the counts its scale asks for, names in
both scripts, and the same names again from the same seed."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Locale

from events.attendance.models import Attendance
from events.models import EventPage
from events.queries import upcoming_events
from events.registrations.models import Registration
from events.registrations.services.calendar import feed_for, personal_feed
from fixtures import bench_data
from fixtures.bench_data import FEED_PERSON
from network.models import Organisation, Person

pytestmark = pytest.mark.django_db


def build(*arguments):
    out = io.StringIO()
    call_command("build_bench_data", "--scale", "0.004", "--no-index", *arguments, stdout=out)
    return out.getvalue()


def names():
    return (
        list(Person.objects.filter(slug__startswith="bench-p-").order_by("slug").values_list("name", "name_ar")),
        list(Organisation.objects.filter(slug__startswith="bench-o-").order_by("slug").values_list("name", "name_ar")),
        sorted(EventPage.objects.filter(slug__startswith="bench-e-").values_list("title", flat=True)),
        list(Registration.objects.filter(reference__startswith="BD").order_by("reference").values_list(
            "person__slug", "event__slug", "status")),
    )  # fmt: skip


def test_the_dataset_has_the_counts_of_its_scale_and_the_same_names_from_the_same_seed():
    printed = build("--seed", "3")
    assert "built in" in printed and "2 events" in printed

    events = EventPage.objects.filter(slug__startswith="bench-e-")
    assert events.filter(locale__language_code="ar", live=True).count() == 2
    assert events.filter(locale__language_code="en", live=True).count() == 2
    assert Organisation.objects.filter(slug__startswith="bench-o-").count() == 20
    assert Person.objects.filter(slug__startswith="bench-p-").count() == 200
    registrations = Registration.objects.filter(reference__startswith="BD")
    assert registrations.count() == 400  # two events, no person twice at one of them
    assert registrations.values("event", "person").distinct().count() == 400
    assert Attendance.objects.filter(registration__in=registrations).exists()  # the past event's
    person = Person.objects.get(slug="bench-p-0")
    assert person.name.isascii() and not person.name_ar.isascii() and len(person.name.split()) >= 3

    first = names()
    with pytest.raises(CommandError):
        build("--seed", "3")  # a second dataset is not piled on the first
    build("--seed", "3", "--replace")
    assert names() == first


def test_feed_events_are_upcoming_arabic_events_all_in_one_participants_calendar():
    build("--seed", "3")
    first = names()
    build("--seed", "3", "--replace", "--feed-events", "3")

    feed_pages = EventPage.objects.filter(slug__startswith="bench-e-feed-")
    assert feed_pages.count() == 3
    assert set(feed_pages.values_list("locale__language_code", flat=True)) == {"ar"}
    assert set(feed_pages) <= set(upcoming_events(Locale.objects.get(language_code="ar")))
    person = Person.objects.get(slug=FEED_PERSON)
    calendar = personal_feed(feed_for(person).token, "ar")
    assert calendar.count(b"BEGIN:VEVENT") == 3
    unfolded = calendar.replace(b"\r\n ", b"").decode()
    assert all(f"SUMMARY:{page.title}" in unfolded for page in feed_pages)

    # The rest of the dataset is what the seed gives without them.
    people, organisations, titles, registrations = names()
    feed_titles = set(feed_pages.values_list("title", flat=True))
    assert people == [*first[0], (person.name, person.name_ar)] and organisations == first[1]
    assert [title for title in titles if title not in feed_titles] == first[2]
    assert [row for row in registrations if not row[1].startswith("bench-e-feed-")] == first[3]

    bench_data.remove()  # as --replace does
    assert not EventPage.objects.filter(slug__startswith="bench-e-feed-").exists()
    assert not Person.objects.filter(slug=FEED_PERSON).exists()
