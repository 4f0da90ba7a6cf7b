"""Factories for event tests: venues, event pages with agendas and partners, images."""

import datetime as dt
import itertools
from io import BytesIO
from zoneinfo import ZoneInfo

import factory
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Locale

from events.models import EventIndexPage, EventPage, EventPartner, Session, SessionMaterial, SessionSpeaker, Venue
from tests.factories.indexing import indexed_once
from tests.factories.network import OrganisationFactory, PersonFactory

BAGHDAD = ZoneInfo("Asia/Baghdad")
_numbers = itertools.count(1)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Hall {n}")
    name_ar = factory.Sequence(lambda n: f"القاعة {n}")
    city = "Baghdad"
    city_ar = "بغداد"
    governorate = "baghdad"
    country = "IQ"


def image(title="picture", size=(64, 40), color=(15, 94, 102)):
    """A small PNG in the image library (tests should point MEDIA_ROOT at a temporary folder)."""
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


def at(*parts, tz=BAGHDAD):
    return dt.datetime(*parts, tzinfo=tz)


def weekly_sessions(start, weeks=3, hours=2):
    """Sessions a week apart from ``start`` («الأسبوع 1», «الأسبوع 2»…): a programme whose
    sessions fall on some of its days only."""
    return [
        {
            "title": f"الأسبوع {number + 1}",
            "kind": "seminar",
            "start": start + dt.timedelta(days=7 * number),
            "end": start + dt.timedelta(days=7 * number, hours=hours),
        }
        for number in range(weeks)
    ]


@indexed_once()
def event_page(parent=None, *, sessions=(), partners=(), tags=(), publish=True, **fields):
    """A live event page under ``parent`` (the Arabic events index by default).

    ``sessions``: dicts of Session fields, each with optional ``speakers`` and ``materials``
    lists of dicts of SessionSpeaker and SessionMaterial fields. ``partners``: (organisation,
    role) pairs.
    """
    number = next(_numbers)
    parent = parent or EventIndexPage.objects.get(locale__language_code="ar")
    values = {
        "title": f"Event {number}",
        "slug": f"event-{number}",
        "kind": "conference",
        "event_format": "in_person",
        "start": at(2030, 5, 10, 9),
        "end": at(2030, 5, 11, 17),
        "summary": f"Summary of event {number}",
        **fields,
    }
    if values["event_format"] != "online" and "venue" not in fields:
        values["venue"] = VenueFactory()
    if values["event_format"] != "in_person":
        values.setdefault("online_link", f"https://meet.example.org/secret-room-{number}")
    page = EventPage(**values)
    page.partners = [
        EventPartner(organisation=organisation, role=role, sort_order=i)
        for i, (organisation, role) in enumerate(partners)
    ]
    built = []
    for order, spec in enumerate(sessions):
        spec = dict(spec)
        speakers, materials = spec.pop("speakers", []), spec.pop("materials", [])
        session = Session(sort_order=order, **spec)
        session.speakers = [SessionSpeaker(sort_order=i, **speaker) for i, speaker in enumerate(speakers)]
        session.materials = [SessionMaterial(sort_order=i, **material) for i, material in enumerate(materials)]
        built.append(session)
    page.sessions = built
    if tags:
        page.tags.set(list(tags))
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)


def read_again(ids, models=None):
    """The records a fixture's demo snapshot built, read again from the ids it kept. ``models``
    names the model of a record; without it ``ar`` and ``en`` are event pages, any other name
    a person."""
    from network.models import Person

    models = models or {}

    def model(name):
        return models.get(name) or (EventPage if name in ("ar", "en") else Person)

    return {name: model(name).objects.get(pk=pk) for name, pk in ids.items()}


@indexed_once()
def translate(page, language="en", **fields):
    """The page's translation in ``language`` (sessions and partners copied), published."""
    translation = page.copy_for_translation(Locale.objects.get(language_code=language)).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return EventPage.objects.get(pk=translation.pk)


@indexed_once()
def big_event(parent=None, sessions=40, speakers=60, partners=25, images=True, materials=0, **fields):
    """An event with many sessions, speakers and partners (with photos and logos), and
    ``materials`` for each session (a document, then a link, in turn), for query-count guards."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    documents = (
        [
            Document.objects.create(title=f"Slides {n}", file=ContentFile(b"%PDF-1.4", name=f"slides-{n}.pdf"))
            for n in range(sessions * materials // 2 + 1)
        ]
        if materials
        else []
    )
    people = PersonFactory.create_batch(speakers)
    organisations = OrganisationFactory.create_batch(partners)
    if images:
        for record in people:
            record.photo = image(f"photo-{record.slug}")
            record.save()
        for record in organisations:
            record.logo = image(f"logo-{record.slug}")
            record.save()
    roles = ["organiser", "co_organiser", "sponsor", "partner", "media_partner"]
    specs = []
    for number in range(sessions):
        day = 10 + number // 20
        hour = 8 + (number % 20) // 2
        minute = 30 * (number % 2)
        in_session = people[number * speakers // sessions : (number + 1) * speakers // sessions] or people[:1]
        specs.append(
            {
                "title": f"Session {number}",
                "kind": "talk",
                "start": at(2030, 5, day, hour, minute),
                "end": at(2030, 5, day, hour, minute + 29),
                "room": "Main hall",
                "speakers": [
                    {"person": person, "role": "speaker", "organisation": organisations[i % partners]}
                    for i, person in enumerate(in_session)
                ],
                "materials": [
                    {"document": documents[(number * materials + m) // 2]}
                    if m % 2 == 0
                    else {"kind": "recording", "url": f"https://video.example.org/{number}-{m}"}
                    for m in range(materials)
                ],
            }
        )
    partner_list = [(organisation, roles[i % len(roles)]) for i, organisation in enumerate(organisations)]
    return event_page(parent, sessions=specs, partners=partner_list, **fields)
