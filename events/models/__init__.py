"""Event models, a module per concern; everything is importable from ``events.models``."""

from events.models.agenda import Session, SessionMaterial, SessionSpeaker
from events.models.choices import (
    DEFAULT_TIME_ZONE,
    EventFormat,
    EventKind,
    EventLanguage,
    MaterialKind,
    PartnerRole,
    SessionKind,
    SpeakerRole,
    time_zone_choices,
)
from events.models.event import EventPage
from events.models.index import EventIndexPage
from events.models.partners import EventPageTag, EventPartner
from events.models.team import EventRole, EventTeamMember
from events.models.venue import Venue

__all__ = [
    "DEFAULT_TIME_ZONE",
    "EventFormat",
    "EventIndexPage",
    "EventKind",
    "EventLanguage",
    "EventPage",
    "EventPageTag",
    "EventPartner",
    "EventRole",
    "EventTeamMember",
    "MaterialKind",
    "PartnerRole",
    "Session",
    "SessionKind",
    "SessionMaterial",
    "SessionSpeaker",
    "SpeakerRole",
    "Venue",
    "time_zone_choices",
]
