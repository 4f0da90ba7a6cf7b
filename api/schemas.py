"""The shapes of the public API's answers, from which its OpenAPI schema is drawn.

Only what the public pages show: no email, phone, gender, registration answers or online
meeting link has a field here, so none can be sent by mistake.
"""

from datetime import date, datetime
from typing import Literal

from django.conf import settings
from ninja import Field, Schema
from pydantic import create_model, field_validator

from events.filters import FIRST_YEAR, LAST_YEAR
from events.models.choices import EventFormat, EventKind, EventLanguage
from network.geography import Governorate
from network.models import OrganisationKind

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
Language = Literal[LANGUAGE_CODES]
# A slug (in any script) or an id, as the directory's addresses take them.
SLUG = r"^[-\w]+$"

# A record's public page in each of the site's languages; null where it has none in a language.
PageUrls = create_model(
    "PageUrls",
    __base__=Schema,
    **{code: (str | None, Field(None, description=f"The public page in '{code}'.")) for code in LANGUAGE_CODES},
)


# What a request may ask for.


class InLanguage(Schema):
    lang: Language | None = Field(
        None, description="The language of the answer; without it, the one the request's Accept-Language prefers."
    )

    @field_validator("*", mode="before")
    @classmethod
    def blank_is_absent(cls, value):
        """``kind=`` is no filter, as on the site's pages (a form's "Any")."""
        return None if value == "" else value


class EventFilters(InLanguage):
    """The public events index's filters, and a date range, an organisation and a language."""

    kind: EventKind | None = None
    format: EventFormat | None = None
    city: str | None = Field(None, max_length=120, description="As the venue writes it in English.")
    country: str | None = Field(None, max_length=2, description="A two-letter country code.")
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR)
    topic: str | None = Field(None, max_length=100, description="A topic's slug.")
    date_from: date | None = Field(None, description=f"Events that end on or after this day ({settings.TIME_ZONE}).")
    date_to: date | None = Field(None, description="Events that start on or before this day.")
    organisation: str | None = Field(
        None, max_length=255, pattern=SLUG, description="An organiser or partner: its slug or id in the directory."
    )
    language: EventLanguage | None = Field(None, description="Events held in this language.")


class DirectoryFilters(InLanguage):
    q: str | None = Field(None, max_length=200, description="Words of the name, in either script.")
    country: str | None = Field(None, max_length=2, description="A two-letter country code.")
    governorate: Governorate | None = None
    network: str | None = Field(None, max_length=255, pattern=SLUG, description="A network's slug.")


class OrganisationFilters(DirectoryFilters):
    kind: OrganisationKind | None = None


class PersonFilters(DirectoryFilters):
    organisation: str | None = Field(None, max_length=255, pattern=SLUG, description="An organisation's slug.")


# What the answers hold.


class Choice(Schema):
    """A value from a fixed list: its code, the same in every language, and its name."""

    code: str
    label: str


class Topic(Schema):
    slug: str
    name: str


class Place(Schema):
    name: str
    address: str
    city: str
    governorate: Choice | None
    country: Choice | None
    latitude: float | None
    longitude: float | None
    map_url: str


class EventSummary(Schema):
    id: int = Field(description="The event, the same in every language: its id in the site's default language.")
    language: str = Field(description="The language of this version of the event.")
    title: str
    summary: str
    kind: Choice
    format: Choice
    start: datetime = Field(description="In the event's time zone.")
    end: datetime
    time_zone: str
    languages: list[Choice] = Field(description="The languages the event is held in.")
    venue: Place | None
    image: str | None
    topics: list[Topic]
    urls: PageUrls


class Speaker(Schema):
    name: str
    role: Choice
    affiliation: str
    title: str = Field(description="Only for people with a public directory profile.")
    photo: str | None = Field(description="Only for people with a public directory profile.")
    profile: PageUrls | None = Field(description="The directory profile, for people who have a public one.")


class Material(Schema):
    title: str
    kind: Choice = Field(description="slides, document, recording, photos or link.")
    url: str = Field(description="The document to download, or the page it is published on.")


class AgendaSession(Schema):
    title: str
    kind: Choice
    start: datetime
    end: datetime
    room: str
    description: str
    speakers: list[Speaker]
    materials: list[Material] = Field(description="Slides, documents and recordings published with the session.")


class Partner(Schema):
    role: Choice
    name: str
    logo: str | None
    organisation: int | None = Field(description="The organisation's id in the directory, when it is listed there.")
    profile: PageUrls | None


class EventDetail(EventSummary):
    calendar: str = Field(description="The event as a calendar file (.ics).")
    contact: str | None = Field(
        description="The organising team's address for participants' questions, as the page shows it."
    )
    sessions: list[AgendaSession]
    partners: list[Partner]


class OrganisationSummary(Schema):
    id: int
    slug: str
    name: str
    other_name: str = Field(description="The name in the other script, when it differs.")
    acronym: str
    kind: Choice
    city: str
    governorate: Choice | None
    country: Choice | None
    logo: str | None
    urls: PageUrls


class OrganisationDetail(OrganisationSummary):
    description: str
    website: str
    social_links: list[str]


class Affiliation(Schema):
    organisation: int
    slug: str
    name: str
    role: str
    until: date | None
    urls: PageUrls


class PersonSummary(Schema):
    id: int
    slug: str
    name: str
    other_name: str = Field(description="The name in the other script, when it differs.")
    title: str
    governorate: Choice | None
    country: Choice | None
    photo: str | None
    affiliations: list[Affiliation] = Field(description="With organisations listed in the directory.")
    urls: PageUrls


class PersonDetail(PersonSummary):
    biography: str
    links: list[str]


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    """A refusal: ``detail`` in the request's language, ``code`` for programs."""

    detail: str
    code: str
    errors: list[FieldError] = []
