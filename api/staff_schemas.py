"""What the staff API takes and gives: the OpenAPI schema at /api/v1/openapi.json is drawn from
these classes, so the documentation and the answers cannot drift apart."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from events.registrations.models import RegistrationStatus

Status = Literal[tuple(RegistrationStatus.values)]


class Paging(Schema):
    page: int = Field(1, ge=1, description="The page, from 1.")
    page_size: int = Field(50, ge=1, le=200, description="Rows a page, at most 200.")


class RegistrationFilters(Paging):
    status: Status | None = Field(None, description="Only registrations with this status.")


class Counts(Schema):
    capacity: int | None
    confirmed: int
    waitlisted: int
    pending: int


class EventOut(Schema):
    id: int = Field(description="The event's id (its page in the site's default language).")
    title: str = Field(description="In the language asked for (Accept-Language) where translated.")
    start: datetime
    end: datetime
    may_read: bool = Field(description="The token may read its registrations and attendance.")
    may_register: bool = Field(description="The token may add registrations (with the write scope).")
    may_check_in: bool = Field(description="The token may check people in (with the write scope).")
    registrations: Counts | None = Field(description="Live counts, where the token may read them.")


class EventList(Schema):
    count: int
    page: int
    pages: int
    items: list[EventOut]


class RegistrationOut(Schema):
    id: int
    reference: str
    status: Status
    status_label: str
    source: str
    language: str
    role: str
    created_at: datetime
    status_changed_at: datetime
    waitlist_position: int | None
    awaiting_acceptance: bool = Field(
        description="Added by staff and not yet accepted by the person: only what staff entered is shown."
    )
    replaces: str | None = Field(
        None, description="The reference of the registration whose place this one took (given to someone else)."
    )
    name: str
    name_ar: str
    email: str


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    at: datetime
    note: str


class RegistrationDetail(RegistrationOut):
    phone: str
    answers: dict
    history: list[StatusChangeOut]


class RegistrationList(Schema):
    count: int
    page: int
    pages: int
    items: list[RegistrationOut]


# Text a database can hold: no NUL character (PostgreSQL refuses one in text).
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]


class RegistrationIn(Schema):
    email: Text = Field("", max_length=254, description="The person's email: they accept the registration.")
    name: Text = Field("", max_length=255, description="Name in Latin script.")
    name_ar: Text = Field("", max_length=255, description="Name in Arabic script.")
    language: Literal["ar", "en"] = Field("ar", description="The language of the emails.")
    override_capacity: bool = Field(False, description="Confirm beyond the capacity.")
    override_approval: bool = Field(False, description="Skip the approval the event requires.")


class CheckInIn(Schema):
    code: Text = Field(
        max_length=600,
        description="The registration's reference as printed on the ticket, or what its QR code holds.",
    )
    slot: Text | None = Field(
        None, max_length=40, description="The day (2030-05-10) or session key; the current one by default."
    )


class CheckInOut(Schema):
    reference: str
    slot: str
    slot_label: str
    at: datetime
    method: str
    minutes: int | None


class SlotOut(Schema):
    key: str
    kind: str
    label: str
    start: datetime
    end: datetime
    present: int = Field(description="Confirmed registrations present.")
    absent: int
    rate: int = Field(description="Present, in whole percent of the confirmed.")


class PresenceOut(Schema):
    slot: str
    at: datetime
    method: str
    minutes: int | None


class AttendeeOut(Schema):
    reference: str
    status: Status
    name: str
    name_ar: str
    attended: list[PresenceOut]


class AttendanceList(Schema):
    slots: list[SlotOut]
    count: int
    page: int
    pages: int
    items: list[AttendeeOut]


class Refusal(Schema):
    detail: str = Field(description="What went wrong, in the language asked for.")
    code: str = Field(description="For programs: full, already_registered, already_checked_in, token_revoked, …")
