"""No public API answer holds personal data: every public endpoint (read from the served
OpenAPI schema, so a new one is walked too) asked for every record, in both languages, with
and without filters, while the directory holds a person with an email, a phone, a gender,
answers to an event's questions and a private affiliation, and people who never agreed to a
public profile (one registered, one moderating a session the organiser chose not to name
them at)."""

import json

import pytest
from django.utils import translation

from events.models import SessionSpeaker
from events.models.choices import speaker_role_label
from events.registrations.models import Registration, RegistrationStatus
from tests.api import public_world as world
from tests.factories.network import PersonFactory
from tests.factories.registrations import SettingsFactory

pytestmark = pytest.mark.django_db

public_world = world.public_world  # the fixture these tests use
ANSWER = "My private answer about my health"
PERSONAL_KEYS = {"email", "phone", "gender", "answers", "online_link", "meeting_link", "user", "public_source"}


@pytest.fixture
def registered(public_world):
    """Layla and Zaid registered for the forum with their answers."""
    settings = SettingsFactory(event=public_world["forum"])
    for person in (public_world["layla"], public_world["zaid"]):
        Registration.objects.create(
            event=settings.event,
            person=person,
            status=RegistrationStatus.CONFIRMED,
            answers={"why": ANSWER, "phone": person.phone},
        )
    return public_world


def public_paths(client):
    """Every GET path of the public API, as its schema lists them."""
    schema = client.get("/api/v1/openapi.json").json()
    return [path for path, operations in schema["paths"].items() if "get" in operations and "/staff" not in path]


def addresses(client, world):
    """Every public endpoint, for every record there is to ask for, in both languages."""
    events = [world["forum"], world["forum_en"], world["workshop"]]
    references = {
        "{event_id}": [str(event.pk) for event in events],
        "{reference}": [
            "layla",
            "zaid",
            str(world["layla"].pk),
            str(world["zaid"].pk),
            "icsf",
            "peace",
            "unlisted",
            str(world["unlisted"].pk),
        ],
    }
    filters = ["", "limit=100", "organisation=icsf", "q=zaid", "q=Hidden", "kind=forum", "network=none"]
    found = []
    for path in public_paths(client):
        relative = path.removeprefix("/api/v1/")
        placeholder = next((name for name in references if name in relative), None)
        concrete = (
            [relative.replace(placeholder, value) for value in references[placeholder]] if placeholder else [relative]
        )
        for address in concrete:
            for language in ("ar", "en"):
                for extra in filters if placeholder is None else [""]:
                    found.append(f"/api/v1/{address}?lang={language}&{extra}")
    return found


def keys_of(value):
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys_of(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys_of(item)}
    return set()


def texts_of(value):
    """Every string an answer holds, decoded (the JSON may write Arabic as \\u escapes)."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in texts_of(item)]
    if isinstance(value, list):
        return [text for item in value for text in texts_of(item)]
    return [str(value)]


def test_no_public_answer_holds_personal_data(registered, client):
    layla, zaid = registered["layla"], registered["zaid"]
    walked = addresses(client, registered)
    assert len(public_paths(client)) >= 6 and len(walked) > 40
    forbidden = [
        layla.email,
        layla.phone,
        zaid.email,
        zaid.phone,
        zaid.name,
        zaid.name_ar,
        zaid.slug,
        zaid.title,
        ANSWER,
        world.SECRETS["meeting"],
        "female",
        "male",
    ]
    seen = set()
    for address in walked:
        response = client.get(address)
        assert response.status_code in (200, 404, 422), (address, response.status_code)
        answer = json.loads(response.content)
        text = "\n".join([response.content.decode(), *texts_of(answer)])
        for secret in forbidden:
            assert secret not in text, (address, secret)
        assert not keys_of(answer) & PERSONAL_KEYS, address
        seen.add(response.status_code)
        # A person without a public profile has no page: asked for by slug or id, a 404.
        if f"people/{zaid.slug}" in address or f"people/{zaid.pk}?" in address:
            assert response.status_code == 404
    assert seen >= {200, 404}
    # And what is public is there: the consenting speaker and the directory's person.
    event = client.get(f"/api/v1/events/{registered['forum'].pk}?lang=en").json()
    assert "Layla Hassan" in texts_of(event) and "ليلى حسن" in texts_of(client.get("/api/v1/people?lang=ar").json())


def test_a_speaker_without_a_public_profile_is_named_as_the_page_names_them_and_no_more(public_world, client):
    """Speaking at a public event is public (events.models.agenda.SessionSpeaker): the page
    shows the name and affiliation, never a profile link, title, photo or the person's record."""
    speaker = PersonFactory(
        name="Omar Named",
        name_ar="عمر",
        slug="omar",
        title="Private title",
        email="omar@private.example.org",
        gender="male",
        public_profile=False,
    )
    forum = public_world["forum"]
    for version in (forum, public_world["forum_en"]):
        SessionSpeaker.objects.create(session=version.sessions.first(), person=speaker, role="panellist", sort_order=5)
    event = client.get(f"/api/v1/events/{forum.pk}?lang=en").json()
    named = [entry for entry in event["sessions"][0]["speakers"] if entry["name"] == "Omar Named"]
    assert named == [
        {
            "name": "Omar Named",
            "role": {"code": "panellist", "label": "Panellist"},
            "affiliation": "",
            "title": "",
            "photo": None,
            "profile": None,
        }
    ]
    # In Arabic the role is said in the form that fits anyone: a private gender is not told.
    arabic = client.get(f"/api/v1/events/{forum.pk}?lang=ar").json()["sessions"][0]["speakers"]
    role = next(entry["role"] for entry in arabic if entry["name"] == "عمر")
    with translation.override("ar"):
        assert role["label"] == speaker_role_label("panellist")
    assert "Omar Named" not in texts_of(client.get("/api/v1/people?lang=en&limit=100").json())
    assert client.get("/api/v1/people/omar").status_code == 404


def test_an_unpublished_or_restricted_event_gives_nothing_away(public_world, client):
    from wagtail.models import PageViewRestriction

    workshop = public_world["workshop"]
    PageViewRestriction.objects.create(page=workshop, restriction_type=PageViewRestriction.PASSWORD, password="x")
    draft = public_world["forum"]
    draft.title = "Secret draft title"
    draft.save_revision()  # saved, not published
    texts = texts_of(client.get("/api/v1/events?lang=ar&limit=100").json())
    assert "ورشة البيانات" not in texts and "Secret draft title" not in texts
    assert client.get(f"/api/v1/events/{workshop.pk}").status_code == 404
    assert "منتدى الحوار" in texts  # as published
