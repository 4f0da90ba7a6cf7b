"""The registration services: views, admin actions and commands call these and nothing else
changes a registration."""

from .availability import Availability, Counts, availability, counts_by_event, settings_for
from .errors import RegistrationError
from .lifecycle import (
    accept,
    approve,
    cancel,
    decline,
    fill_free_seats,
    participant_may_cancel,
    promote,
    register,
    replace,
    resend_confirmation,
    seat_goes_to,
    settings_changed,
)
from .staff_entry import add_by_staff
from .tickets import ticket_pdf, ticket_token, verify_ticket_token

__all__ = [
    "Availability",
    "Counts",
    "RegistrationError",
    "accept",
    "add_by_staff",
    "approve",
    "availability",
    "cancel",
    "counts_by_event",
    "decline",
    "fill_free_seats",
    "participant_may_cancel",
    "promote",
    "register",
    "replace",
    "resend_confirmation",
    "seat_goes_to",
    "settings_changed",
    "settings_for",
    "ticket_pdf",
    "ticket_token",
    "verify_ticket_token",
]
