"""The people and the data the authorization matrix (test_matrix.py) requests every URL of the
site with: event A with its participants, its certificate, ticket, calendar feed, print job and
online-meeting report; event B with its own organiser and participant; the directory and the
admin's own records (an image, a document, a collection, a redirect, a workflow); and one
account per role.

``build()`` makes it all and returns plain values (ids, references, tokens), so that the demo
snapshots (tests/snapshots.py) can keep it; ``users()`` gives each role's account back."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupPagePermission, Workflow, WorkflowTask
from wagtail.users.models import UserProfile

from api import tokens
from events import team
from events.attendance.models import Certificate, PrintJob
from events.attendance.services import badges, meeting_import, printing
from events.attendance.services.certificates import new_code
from events.attendance.slots import slots_for
from events.models import EventPage, EventRole, Session
from events.registrations.models import EventMessage, Invitation, Registration, RegistrationStatus
from events.registrations.services.calendar import feed_for
from events.registrations.services.tickets import ticket_token
from tests.factories.accounts import UserFactory
from tests.factories.attendance import desk_staff, plan
from tests.factories.events import VenueFactory, image
from tests.factories.network import AffiliationFactory, MembershipFactory, OrganisationFactory, PersonFactory
from tests.factories.registrations import RegistrationFactory, SettingsFactory, event_page, organiser, participant
from webhooks import services as webhooks
from webhooks.models import Delivery, Kind

ROLES = [
    "anonymous",
    "participant",  # registered for event A
    "other_participant",  # registered for event B only
    "desk",  # desk staff of event A
    "reporter",  # reporter of event A
    "organiser",  # organiser of event A
    "other_organiser",  # organiser of event B
    "directory",  # directory staff
    "superuser",
]

# Event A's participants: the matrix's refused answers must name none of them.
PEOPLE_OF_A = [
    # (name, Arabic name, email, phone, status)
    ("Layla Haddad", "ليلى حداد", "layla.haddad@mail.example", "+964 770 555 0101", RegistrationStatus.CONFIRMED),
    ("Basim Kadhim", "بسام كاظم", "basim.kadhim@mail.example", "+964 770 555 0102", RegistrationStatus.CONFIRMED),
    ("Amna Jasim", "آمنة جاسم", "amna.jasim@mail.example", "+964 770 555 0103", RegistrationStatus.WAITLISTED),
    ("Omar Faris", "عمر فارس", "omar.faris@mail.example", "+964 770 555 0104", RegistrationStatus.PENDING),
]
PAGE_ACTIONS = ("change", "publish")


def build():
    """Everything the matrix requests, made through the factories and services the other
    tests use; returns ids and strings only."""
    start = (timezone.now() + dt.timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)
    opening = Session(title="Opening", start=start, end=start + dt.timedelta(hours=1))
    event_a = event_page(start=start, end=start + dt.timedelta(days=1, hours=8), sessions=[opening])
    SettingsFactory(event=event_a, capacity=2)
    plan(event_a, completion_rule="slots", completion_value=1)
    event_b = event_page(start=start + dt.timedelta(days=7), end=start + dt.timedelta(days=7, hours=6))
    SettingsFactory(event=event_b, capacity=20)
    world = {"event_a": event_a.pk, "event_b": event_b.pk, "start": start.isoformat()}
    world.update(_people_of_a(event_a))
    world.update(_accounts(event_a, event_b))
    # The organiser's personal API token: their account page revokes it, no one else's does.
    world["api_token"] = tokens.create(get_user_model().objects.get(pk=world["organiser"]), name="Matrix")[0].pk
    world.update(_webhook_of_a(event_a, world))
    world.update(_records_of_a(event_a, world))
    world.update(_directory())
    world.update(_admin_records(event_a))
    for account in users(world).values():
        if account is not None:
            # Made here once, where the admin would make it on the first request of each
            # (and make it again after every request rolled back).
            UserProfile.get_for_user(account)
    return world


def _people_of_a(event):
    name, name_ar, email, phone, _status = PEOPLE_OF_A[0]
    user = UserFactory(email=email)
    person = PersonFactory(participant=True, user=user, name=name, name_ar=name_ar, email=email, phone=phone)
    registrations = [RegistrationFactory(event=event, person=person)]
    for name, name_ar, email, phone, status in PEOPLE_OF_A[1:]:
        other = PersonFactory(participant=True, name=name, name_ar=name_ar, email=email, phone=phone)
        registrations.append(RegistrationFactory(event=event, person=other, status=status))
    return {
        "participant": user.pk,
        "person": person.pk,
        "registration": registrations[0].pk,
        "registrations": [registration.pk for registration in registrations],
        "references": [registration.reference for registration in registrations],
    }


def _accounts(event_a, event_b):
    _other_user, other_person = participant(name="Huda Salim", name_ar="هدى سالم")
    registration_b = RegistrationFactory(event=event_b, person=other_person)
    reporter = UserFactory(first_name="Rana", last_name="Reporter")
    team.add_member(event_a, reporter, EventRole.REPORTER)
    directory = UserFactory(is_staff=True)
    directory.groups.add(_directory_editors())
    return {
        "other_participant": _other_user.pk,
        "registration_b": registration_b.pk,
        "reference_b": registration_b.reference,
        "desk": desk_staff(event_a).pk,
        "reporter": reporter.pk,
        "organiser": _organiser_of(event_a).pk,
        "other_organiser": _organiser_of(event_b).pk,
        "directory": directory.pk,
        "superuser": UserFactory(is_staff=True, is_superuser=True).pk,
    }


def _organiser_of(event):
    """An organiser as the demo makes them (fixtures/organisers.py): in the "Event organisers"
    group, and in a group of their own that may edit and publish ``event``'s pages in both
    languages, and no other."""
    user = organiser()
    group = Group.objects.create(name=f"Organisers of {event.slug}")
    for page in EventPage.objects.filter(translation_key=event.translation_key):
        for action in PAGE_ACTIONS:
            GroupPagePermission.objects.create(group=group, page=page, permission_type=action)
    user.groups.add(group)
    return user


def _directory_editors():
    """Directory staff: who may change the directory's records (network/staff/access.py)."""
    group = Group.objects.create(name="Directory editors")
    verbs, models = ("add", "change", "delete", "view"), ("person", "organisation", "network")
    codenames = ["access_admin", "view_mergelog", *(f"{verb}_{model}" for verb in verbs for model in models)]
    group.permissions.set(Permission.objects.filter(codename__in=codenames))
    return group


def _records_of_a(event, world):
    """Event A's certificate, ticket, calendar feed, print job, online-meeting report (and one
    waiting for its columns to be chosen), a message its organisers wrote to its participants
    and an invitation to register."""
    registration = Registration.objects.get(pk=world["registration"])
    message = EventMessage.objects.create(event=event, subject="Bring your ID", body="At the door.", recipients=1)
    message.registrations.set([registration])
    invitation = Invitation.objects.create(event=event, email="invited-to-a@example.org")
    certificate = Certificate.objects.create(registration=registration, code=new_code(), issued_at=timezone.now())
    slot = slots_for(event)[0].key
    job = printing.create_job(event, PrintJob.Kind.BADGES, badges.job_options("a6"), total=2)
    printing.finish(job, b"%PDF-1.4 badges of event A", "badges.pdf", 2)
    report = meeting_import.read_upload(event, _zoom_report(event), filename="participants.csv", slot_key=slot)
    columns = meeting_import.keep_for_columns(event, _zoom_report(event, ARABIC_TITLES), filename="participants.csv")
    return {
        "certificate": certificate.code,
        "ticket_token": ticket_token(registration),
        "feed_token": feed_for(registration.person).token,
        "slot": slot,
        "print_job": job.key,
        "meeting_report": report.key,
        "meeting_columns": columns.key,
        "event_message": message.pk,
        "invitation": invitation.pk,
        "invitation_token": invitation.token,
    }


# Column titles made up for the tests (no source gives those of the tools in Arabic): a report
# with them waits for its organiser to choose its columns.
ARABIC_TITLES = "الاسم,البريد الإلكتروني,وقت الانضمام,وقت المغادرة,المدة (دقائق),ضيف"


def _zoom_report(event, titles="Name (original name),User Email,Join time,Leave time,Duration (minutes),Guest"):
    """A Zoom participants export of event A's first day in which Layla and Basim joined."""
    day = timezone.localtime(event.start, event.zone).strftime("%m/%d/%Y")
    lines = [titles]
    for name, _name_ar, email, *_rest in PEOPLE_OF_A[:2]:
        lines.append(f"{name},{email},{day} 09:10,{day} 11:40,150,No")
    return ("\r\n".join(lines) + "\r\n").encode()


def _directory():
    organisation = OrganisationFactory(slug="tigris-civic-forum", name="Tigris Civic Forum", name_ar="منتدى دجلة")
    speaker = PersonFactory(slug="public-speaker-x1", name="Public Speaker", name_ar="متحدث عام")
    AffiliationFactory(person=speaker, organisation=organisation)
    membership = MembershipFactory(person=speaker)
    return {
        "organisation": organisation.pk,
        "organisation_slug": organisation.slug,
        "public_person": speaker.pk,
        "public_person_slug": speaker.slug,
        "network": membership.network.pk,
        "network_slug": membership.network.slug,
    }


def _webhook_of_a(event, world):
    """The organiser of A's webhook endpoint for A, with one delivery: theirs alone to see."""
    owner = get_user_model().objects.get(pk=world["organiser"])
    url = "https://93.184.215.14/multaqa"
    endpoint = webhooks.create_endpoint(by=owner, url=url, kinds=[Kind.CREATED], event=event)
    delivery = Delivery.objects.create(endpoint=endpoint, event=event, kind=Kind.CREATED, body="{}")
    return {"webhook": endpoint.pk, "webhook_delivery": delivery.pk}


def _admin_records(event):
    """The admin's own records, so that its addresses lead to something that exists."""
    picture = image(title="matrix-picture")
    document = get_document_model().objects.create(
        title="Programme", file=ContentFile(b"the programme", name="programme.txt")
    )
    collection = Collection.get_first_root_node().add_child(name="Event photos")
    redirect = Redirect.objects.create(old_path="/old-programme", redirect_link="/ar/")
    workflow = Workflow.objects.order_by("pk").first()
    task = WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order").first()
    return {
        "image": picture.pk,
        "image_file": picture.file.name,
        "document": document.pk,
        "document_file": document.filename,
        "collection": collection.pk,
        "redirect": redirect.pk,
        "workflow": workflow.pk if workflow else 0,
        "task": task.task_id if task else 0,
        "venue": VenueFactory().pk,
        "session": Session.objects.get(page=event).pk,
        "revision": EventPage.objects.get(pk=event.pk).latest_revision_id,
        "organisers_group": Group.objects.get(name="Event organisers").pk,
    }


def users(world):
    """``{role: account}``, ``None`` for the anonymous visitor."""
    accounts = get_user_model().objects.in_bulk([world[role] for role in ROLES[1:]])
    return {"anonymous": None, **{role: accounts[world[role]] for role in ROLES[1:]}}


def people_of_a():
    """What no page may show of event A's participants to someone who may not see them: their
    names in both scripts, emails and phones (their references are in the world)."""
    hidden = []
    for name, name_ar, email, phone, _status in PEOPLE_OF_A:
        hidden += [name, name_ar, email, phone, phone.replace(" ", "")]
    return hidden


def statuses_and_counts():
    """What a refusal must not show besides: the names of registration statuses (in both
    languages) and the desk's counters."""
    hidden = ['"checked_in"', '"confirmed"']
    for language in ("en", "ar"):
        with translation.override(language):
            hidden += [str(label) for value, label in RegistrationStatus.choices if value != "confirmed"]
    return hidden
