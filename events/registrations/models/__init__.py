"""Registration records: per-event settings and questions, registrations and their history,
and the personal calendar feed token."""

from .feeds import CalendarFeed
from .imports import ImportMapping
from .registrations import (
    ACTIVE_STATUSES,
    REASON_MAX_LENGTH,
    ParticipantRole,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    ServiceNote,
    StatusChange,
)
from .settings import QuestionType, RegistrationQuestion, RegistrationSettings

__all__ = [
    "ACTIVE_STATUSES",
    "REASON_MAX_LENGTH",
    "CalendarFeed",
    "ImportMapping",
    "ParticipantRole",
    "QuestionType",
    "Registration",
    "RegistrationQuestion",
    "RegistrationSettings",
    "RegistrationSource",
    "RegistrationStatus",
    "ServiceNote",
    "StatusChange",
]
