"""The public API's world: two events in Arabic (one translated into English) with an agenda,
speakers and partners, organisations (one not listed in the directory), a person with a
public profile and private details, and one who never agreed to a public profile.

Test modules import the fixtures they use from here (the staff API's tests keep theirs in
this folder's conftest.py)."""

import json

import pytest

from network.models import Organisation
from tests.factories.events import VenueFactory, at, event_page, read_again, translate
from tests.factories.network import AffiliationFactory, OrganisationFactory, PersonFactory

API = "/api/v1/"

# What the public must never read, whatever they ask for.
SECRETS = {
    "email": "layla.private@example.org",
    "phone": "+964 770 111 2233",
    "hidden_name": "Zaid Hidden",
    "hidden_name_ar": "زيد المخفي",
    "hidden_email": "zaid.hidden@example.org",
    "hidden_phone": "+964 780 999 0000",
    "hidden_title": "Undercover title",
    "meeting": "https://meet.example.org/secret-room-api",
}


@pytest.fixture
def public_world(demo_site, demo_snapshots, settings, tmp_path):
    """``forum`` (Arabic, translated into English as ``forum_en``) and ``workshop`` (Arabic
    only); ``layla`` (public profile, with email, phone and gender), ``zaid`` (no public
    profile, with an email, a phone and a title; moderates a session without being named);
    ``organiser`` and ``partner`` (listed) and ``unlisted`` (not in the directory).
    Built once per session, copied back after that (it holds no files)."""
    from events.models import EventPage

    settings.MEDIA_ROOT = tmp_path / "media"
    ids = demo_snapshots.load("public-world", build_world)
    models = {"forum": EventPage, "forum_en": EventPage, "workshop": EventPage}
    models.update(organiser=Organisation, partner=Organisation, unlisted=Organisation)
    return read_again(ids, models)


def build_world():
    from events.models import EventIndexPage

    index = EventIndexPage.objects.get(locale__language_code="ar")
    organiser = OrganisationFactory(name="Iraqi Civil Society Forum", name_ar="منتدى المجتمع المدني", slug="icsf")
    partner = OrganisationFactory(name="Peace Network", name_ar="شبكة السلام", slug="peace", kind="network")
    unlisted = OrganisationFactory(name="Unlisted Office", name_ar="مكتب غير مدرج", slug="unlisted", is_public=False)
    layla = PersonFactory(
        name="Layla Hassan",
        name_ar="ليلى حسن",
        slug="layla",
        email=SECRETS["email"],
        phone=SECRETS["phone"],
        gender="female",
        title="Researcher",
        title_ar="باحثة",
        bio="Works on dialogue.",
        bio_ar="تعمل على الحوار.",
    )
    AffiliationFactory(person=layla, organisation=organiser, role="Researcher", role_ar="باحثة")
    AffiliationFactory(person=layla, organisation=unlisted, is_primary=False)
    zaid = PersonFactory(
        name=SECRETS["hidden_name"],
        name_ar=SECRETS["hidden_name_ar"],
        slug="zaid",
        email=SECRETS["hidden_email"],
        phone=SECRETS["hidden_phone"],
        gender="male",
        title=SECRETS["hidden_title"],
        public_profile=False,
    )
    AffiliationFactory(person=zaid, organisation=organiser)
    baghdad = VenueFactory(name="Al-Mansour hall", name_ar="قاعة المنصور", city="Baghdad", city_ar="بغداد")
    erbil = VenueFactory(name="Erbil hall", name_ar="قاعة أربيل", city="Erbil", city_ar="أربيل")
    forum = event_page(
        index,
        title="منتدى الحوار",
        slug="dialogue-forum",
        kind="forum",
        event_format="hybrid",
        start=at(2030, 5, 10, 9),
        end=at(2030, 5, 11, 17),
        venue=baghdad,
        online_link=SECRETS["meeting"],
        languages=["ar", "en"],
        summary="ملتقى للحوار",
        tags=["dialogue"],
        sessions=[
            {
                "title": "الافتتاح",
                "kind": "keynote",
                "start": at(2030, 5, 10, 9),
                "end": at(2030, 5, 10, 10),
                "room": "Main hall",
                "online_link": SECRETS["meeting"],
                "speakers": [
                    {"person": layla, "role": "speaker", "organisation": organiser},
                    {"person": zaid, "role": "moderator", "show_publicly": False},
                ],
            }
        ],
        partners=[(organiser, "organiser"), (partner, "partner"), (unlisted, "sponsor")],
    )
    english = translate(forum, title="Dialogue Forum", slug="dialogue-forum", summary="A forum for dialogue")
    workshop = event_page(
        index,
        title="ورشة البيانات",
        slug="data-workshop",
        kind="workshop",
        event_format="in_person",
        start=at(2031, 2, 1, 9),
        end=at(2031, 2, 1, 15),
        venue=erbil,
        languages=["ku"],
        partners=[(partner, "organiser")],
    )
    built = {
        "forum": forum,
        "forum_en": english,
        "workshop": workshop,
        "layla": layla,
        "zaid": zaid,
        "organiser": organiser,
        "partner": partner,
        "unlisted": unlisted,
    }
    return {name: record.pk for name, record in built.items()}


@pytest.fixture
def public_api(client):
    """``public_api(path, status=200, **headers)``: the JSON of a GET on the public API,
    after checking its status."""

    def get(path, status=200, **headers):
        response = client.get(API + path, headers=headers)
        assert response.status_code == status, (path, response.status_code, response.content[:500])
        return json.loads(response.content)

    return get
