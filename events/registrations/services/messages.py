"""Organisers writing to an event's participants ("the venue changed", "bring your ID").

Who receives a message: the registrations the organiser ticked on the list, or those the list
shows with its filters and search (staff/filters.py decides which, as for the export and the
bulk actions). Cancelled and declined registrations are left out unless the list is filtered
on that very status; a person with no email address is skipped and named.

The message is written in English, in Arabic or in both; each participant reads it in the
language they registered in, or in the other when only that one was written
(``EventMessage.version_for``). ``send`` checks the texts, records the message with its
recipients, writes one entry to the event's audit log, and queues one email per recipient for
when the transaction commits (services/notifications.py), each sent by a task that is tried
again when the mail server fails.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from core.ids import record_ids
from events import audit
from events.permissions import registrations_policy
from events.registrations.models import (
    MESSAGE_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    EventMessage,
    Registration,
    RegistrationStatus,
)
from events.registrations.staff.filters import FiltersNotUnderstood, listed
from events.registrations.tasks import send_message_to_participant
from network.people import email_of

from .emails import organisers_message_email
from .errors import RegistrationError
from .notifications import queue_on_commit

# Left out of a message unless the list is filtered on that status.
ENDED = (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED)
LANGUAGES = ("ar", "en")

INCOMPLETE = {
    "ar": _("The Arabic version needs both a subject and a message."),
    "en": _("The English version needs both a subject and a message."),
}
SUBJECT_TOO_LONG = {
    "ar": _("The Arabic subject is too long: at most %(limit)s characters, and it has %(count)s."),
    "en": _("The English subject is too long: at most %(limit)s characters, and it has %(count)s."),
}
MESSAGE_TOO_LONG = {
    "ar": _("The Arabic message is too long: at most %(limit)s characters, and it has %(count)s."),
    "en": _("The English message is too long: at most %(limit)s characters, and it has %(count)s."),
}


class AlreadySent(RegistrationError):
    """The form was sent before (a double click on Send, a reload): ``sent`` is its message."""

    def __init__(self, sent):
        super().__init__(_("This message was already sent: it was not sent again."), "already_sent")
        self.sent = sent


@dataclass
class Audience:
    """Who a message goes to: ``recipients`` (registrations with an email address, in the
    list's order), ``skipped`` (those without one) and ``left_out``, how many cancelled or
    declined registrations the choice held and the message leaves out."""

    recipients: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    left_out: int = 0

    def languages(self):
        """How many recipients registered in each language: ``{"ar": 12, "en": 3}``."""
        return dict(Counter(registration.language for registration in self.recipients))

    def versions(self, message):
        """How many recipients read each version of ``message``: ``{"ar": 12, "en": 3}``."""
        return dict(Counter(message.version_for(registration.language)[0] for registration in self.recipients))


def audience(event, *, query=None, ids=None):
    """The ``Audience`` of a message to ``event``'s (canonical page's) participants: the
    registrations ``ids`` names (a selection on the list; ``["all"]`` for all it lists) or,
    without ``ids``, those the list shows with ``query`` (its filters and search). Refused
    with ``bad_filter`` for a filter the list does not offer, ``not_in_event`` for a selection
    naming a registration that is not the event's, ``no_selection`` for an empty one."""
    query = query or {}
    registrations = Registration.objects.filter(event=event).select_related("person", "person__user")
    if ids is not None and "all" not in ids:
        wanted = set(record_ids(ids))
        if not ids:
            raise RegistrationError(_("Select at least one registration."), "no_selection")
        registrations = list(registrations.filter(pk__in=wanted).order_by("pk"))
        if len(wanted) != len(set(ids)) or len(registrations) != len(wanted):
            raise RegistrationError(
                _("The selection was not understood: select the registrations again on the list."), "not_in_event"
            )
    else:
        try:
            registrations = list(listed(query, registrations, event))
        except FiltersNotUnderstood:
            raise RegistrationError(
                _("The list's filters were not understood. Choose them again on the list and write from there."),
                "bad_filter",
            ) from None
    chosen = Audience()
    for registration in registrations:
        if registration.status in ENDED and query.get("status") != registration.status:
            chosen.left_out += 1
        elif email_of(registration.person):
            chosen.recipients.append(registration)
        else:
            chosen.skipped.append(registration)
    return chosen


def draft(event, *, subject="", body="", subject_ar="", body_ar=""):
    """An unsaved ``EventMessage`` of ``event`` with the texts as they will be sent: a subject
    on one line, the message's line breaks kept. Refused (``empty``, ``incomplete``,
    ``subject_too_long``, ``message_too_long``) unless at least one language has both a
    subject and a message, and no language has only one of them, within the limits."""
    message = EventMessage(
        event=event,
        subject=one_line(subject),
        body=paragraphs(body),
        subject_ar=one_line(subject_ar),
        body_ar=paragraphs(body_ar),
    )
    for language in LANGUAGES:
        subject, body = message.text_in(language)
        if len(subject) > SUBJECT_MAX_LENGTH:
            values = {"limit": SUBJECT_MAX_LENGTH, "count": len(subject)}
            raise RegistrationError(SUBJECT_TOO_LONG[language] % values, "subject_too_long")
        if len(body) > MESSAGE_MAX_LENGTH:
            values = {"limit": MESSAGE_MAX_LENGTH, "count": len(body)}
            raise RegistrationError(MESSAGE_TOO_LONG[language] % values, "message_too_long")
        if bool(subject) != bool(body):
            raise RegistrationError(INCOMPLETE[language], "incomplete")
    if not message.written_in():
        raise RegistrationError(_("Write the subject and the message in Arabic, in English, or in both."), "empty")
    return message


def one_line(text):
    """A subject as an email's header takes it: one line, spaces collapsed."""
    return " ".join((text or "").split())


def paragraphs(text):
    """A message with the line breaks a browser sends (``\\r\\n``) counted as one, trimmed."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass
class Sample:
    """How one version of a message reads: ``language``, how many read it (``count``), and
    the ``email`` one of them (``registration``) will receive."""

    language: str
    count: int
    registration: Registration
    email: object


def samples(message, chosen):
    """One ``Sample`` per version of ``message`` the ``chosen`` audience reads, Arabic first."""
    versions = chosen.versions(message)
    first = {}
    for registration in chosen.recipients:
        first.setdefault(message.version_for(registration.language)[0], registration)
    return [
        Sample(language, versions[language], first[language], organisers_message_email(message, first[language]))
        for language in LANGUAGES
        if language in first
    ]


def send(event, texts, *, by, query=None, ids=None, key=None):
    """Sends the organisers' message (``texts``: ``subject``, ``body``, ``subject_ar``,
    ``body_ar``) to the ``audience`` of ``event`` given by ``query`` or ``ids``, and returns
    the recorded ``EventMessage``. Refused with ``forbidden`` to someone who may not manage
    the event's registrations, with ``no_recipients`` when no one chosen has an email
    address, and as ``draft`` and ``audience`` refuse; nothing is recorded or sent then.
    ``key`` is the compose form's: the same form sent again, even at the same moment, raises
    ``AlreadySent`` with the message it sent the first time."""
    if not registrations_policy.user_has_permission_for(by, event):
        raise RegistrationError(_("You may not write to the participants of this event."), "forbidden")
    message = draft(event, **texts)
    with transaction.atomic():
        _refuse_sent(event, key)
        chosen = audience(event, query=query, ids=ids)
        if not chosen.recipients:
            raise RegistrationError(_("No one chosen has an email address to write to."), "no_recipients")
        message.sent_by = by
        message.recipients = len(chosen.recipients)
        message.key = key
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:
            # The same form, sent at the same moment, was recorded first.
            _refuse_sent(event, key)
            raise RegistrationError(
                _("This form was used for another message. Write to the participants again from the list."),
                "stale_form",
            ) from None
        message.registrations.set(chosen.recipients)
        audit.record(
            event,
            audit.MESSAGE,
            by,
            rows=message.recipients,
            message=message.pk,
            skipped=len(chosen.skipped),
            filters=query if ids is None or "all" in ids else None,
        )
        for registration in chosen.recipients:
            queue_on_commit(send_message_to_participant, message.pk, registration.pk)
    return message


def _refuse_sent(event, key):
    if key is not None and (sent := EventMessage.objects.filter(event=event, key=key).first()):
        raise AlreadySent(sent)
