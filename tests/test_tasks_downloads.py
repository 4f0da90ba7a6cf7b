"""What a background task leaves to download (a print job's PDF, an attendee list exported in
the background) is given only to those who may see it: the event's organisers, and a reporter
of the event the lists they asked for themselves. Everyone else, and anyone guessing another
job's key, meets the not-found page or the sign-in page, and never the file."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from events import team
from events.attendance.models import PrintJob
from events.attendance.services import printing
from events.models import EventPage, EventRole
from tests.factories.accounts import UserFactory
from tests.factories.registrations import event_page, organiser
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db

BADGES = b"%PDF-1.4 badges of event A"
LIST = b"PK\x03\x04 attendee list of event A"


def organiser_of(event):
    """An organiser who may edit ``event``'s pages (both languages) and no other."""
    user = organiser()
    group, created = Group.objects.get_or_create(name=f"Organisers of {event.slug}")
    for page in EventPage.objects.filter(translation_key=event.translation_key) if created else ():
        GroupPagePermission.objects.create(group=group, page=page, permission_type="change")
    user.groups.add(group)
    return user


def reporter_of(event):
    user = UserFactory()
    team.add_member(event, user, EventRole.REPORTER)
    return user


def finished_job(event, kind, content, filename, by):
    job = printing.create_job(event, kind, {}, total=3, by=by)
    printing.finish(job, content, filename, 3)
    return job


def addresses(event, job):
    base = f"/admin/attendance/{event.pk}/print/{job.key}/"
    return [base, f"{base}status/", f"{base}pdf/"]


@pytest.fixture
def world(demo_site):
    a, b = event_page(title="ملتقى أ"), event_page(title="ملتقى ب")
    people = {
        "organiser": organiser_of(a),
        "other_organiser": organiser_of(b),
        "reporter": reporter_of(a),
        "other_reporter": reporter_of(a),
    }
    jobs = {
        "badges": finished_job(a, PrintJob.Kind.BADGES, BADGES, "badges-a.pdf", people["organiser"]),
        "list": finished_job(a, PrintJob.Kind.EXPORT, LIST, "attendees-a.xlsx", people["reporter"]),
    }
    return {"a": a, "b": b, **people, **jobs}


def downloaded(client, user, event, job):
    client.force_login(user)
    response = client.get(f"/admin/attendance/{event.pk}/print/{job.key}/pdf/")
    assert response.status_code == 200
    return response


def test_the_events_organiser_downloads_every_job_and_a_reporter_their_own_list(client, world):
    a = world["a"]
    response = downloaded(client, world["organiser"], a, world["badges"])
    assert response.content == BADGES and response["Content-Type"] == "application/pdf"
    assert downloaded(client, world["organiser"], a, world["list"]).content == LIST
    response = downloaded(client, world["reporter"], a, world["list"])
    assert response.content == LIST and 'attachment; filename="attendees-a.xlsx"' == response["Content-Disposition"]


def test_anyone_else_given_the_admin_meets_the_not_found_page(client, world):
    refused = [
        ("other_organiser", "badges"),
        ("other_organiser", "list"),
        ("reporter", "badges"),  # an organisers' print job, not theirs to read
        ("other_reporter", "list"),  # another reporter's list
    ]
    for who, job in refused:
        client.force_login(world[who])
        for address in addresses(world["a"], world[job]):
            response = client.get(address, follow=True)
            assert_not_found(response, "ar", hides=[world[job].filename, "%PDF", "attendee list"])


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, world):
    for job in ("badges", "list"):
        for address in addresses(world["a"], world[job]):
            response = client.get(address)
            assert response.status_code == 302 and "/login/" in response["Location"]
            assert b"PDF" not in response.content and b"attendee" not in response.content


def test_a_guessed_key_or_another_events_address_finds_nothing(client, world):
    a, b, job = world["a"], world["b"], world["badges"]
    guesses = [job.key[:-1] + ("A" if job.key[-1] != "A" else "B"), job.key.upper(), job.key[:16], "x" * 33]
    client.force_login(world["organiser"])
    for key in guesses:
        response = client.get(f"/admin/attendance/{a.pk}/print/{key}/pdf/", follow=True)
        assert_not_found(response, "ar", hides=[job.filename, "%PDF"])
    # B's organiser with A's real key under B's address: not found, as any key there.
    client.force_login(world["other_organiser"])
    assert_not_found(client.get(f"/admin/attendance/{b.pk}/print/{job.key}/pdf/", follow=True), "ar", hides=["%PDF"])
    # Nothing above changed the job.
    assert PrintJob.objects.get(pk=job.pk).state == PrintJob.State.DONE
