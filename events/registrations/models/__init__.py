"""Registration records: per-event settings and questions, registrations and their history,
and the personal calendar feed token."""

from .feeds import CalendarFeed
from .imports import ImportMapping
from .invitations import Invitation, InvitationLanguage, InvitationStatus
from .messages import MESSAGE_MAX_LENGTH, SUBJECT_MAX_LENGTH, EventMessage
from .notices import OrganiserNotice
from .registrations import (
    ACTIVE_STATUSES,
    REASON_MAX_LENGTH,
    AnswerChange,
    ParticipantRole,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    ServiceNote,
    StatusChange,
)
from .settings import OrganiserEmails, QuestionType, RegistrationQuestion, RegistrationSettings

__all__ = [
    "ACTIVE_STATUSES",
    "MESSAGE_MAX_LENGTH",
    "REASON_MAX_LENGTH",
    "SUBJECT_MAX_LENGTH",
    "AnswerChange",
    "CalendarFeed",
    "EventMessage",
    "ImportMapping",
    "Invitation",
    "InvitationLanguage",
    "InvitationStatus",
    "OrganiserEmails",
    "OrganiserNotice",
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
