"""The benchmark dataset (manage.py build_bench_data): the counts its scale asks for, names in
both scripts, and the same names again from the same seed."""

import io

import pytest
from django.core.management import CommandError, call_command

from events.attendance.models import Attendance
from events.models import EventPage
from events.registrations.models import Registration
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
