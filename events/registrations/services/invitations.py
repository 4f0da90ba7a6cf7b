"""Organisers inviting people to register for an event (usually one by invitation only).

Invitations are added by pasting lines, one a person: ``email``, ``Name <email>`` or
``Name, email``. A batch is added whole or not at all: a line that is not understood is
named with its number and nothing is added; an address already invited to the event (or
twice in the batch) is skipped and named. Each invitation is emailed in the language the
organiser chose, when the transaction commits, with the personal link
(emails.send_invitation). Sending again and withdrawing work on one invitation. Every
change is written to the event's audit log: one entry per batch, with how many."""

from dataclasses import dataclass, field
from email.utils import parseaddr

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import audit
from events.permissions import registrations_policy
from events.registrations.models import Invitation, InvitationLanguage
from events.registrations.models.invitations import NAME_MAX_LENGTH
from events.registrations.tasks import send_invitation_email
from network.validators import validate_email_address

from .errors import RegistrationError
from .lifecycle import lock_settings
from .notifications import queue_on_commit

MAX_INVITATIONS = 500


class LinesNotUnderstood(RegistrationError):
    """Some pasted lines are not an invitation: ``lines`` are their ``(number, text)``."""

    def __init__(self, lines):
        numbers = ", ".join(str(number) for number, _text in lines)
        message = _(
            "Lines not understood: %(lines)s. Each line must be an email address, “Name <email>” or "
            "“Name, email”. Nothing was added."
        ) % {"lines": numbers}
        super().__init__(message, "bad_lines")
        self.lines = lines


def parse_line(line):
    """``(name, email)`` of one pasted line, or ``None`` when it is not understood."""
    line = line.strip()
    if "<" in line or ">" in line:
        name, email = parseaddr(line)
        if not line.endswith(">") or not email:
            return None
    elif "," in line or "،" in line:  # the Arabic comma too
        name, _comma, email = line.replace("،", ",").rpartition(",")
    else:
        name, email = "", line
    name, email = " ".join(name.split()).strip("\"' "), email.strip()
    try:
        validate_email_address(email)
    except ValidationError:
        return None
    if len(name) > NAME_MAX_LENGTH:
        return None
    return name, email.lower()


def parse_lines(text):
    """The ``[(name, email)]`` of the pasted ``text`` (blank lines left out), or a refusal:
    ``empty``, ``too_many`` beyond ``MAX_INVITATIONS``, ``bad_lines`` naming each line not
    understood by its number."""
    numbered = [(number, line) for number, line in enumerate((text or "").splitlines(), 1) if line.strip()]
    if not numbered:
        raise RegistrationError(_("Paste at least one email address, one a line."), "empty")
    if len(numbered) > MAX_INVITATIONS:
        raise RegistrationError(
            _("At most %(limit)s invitations can be added at once, and %(count)s lines were pasted.")
            % {"limit": MAX_INVITATIONS, "count": len(numbered)},
            "too_many",
        )
    parsed, bad = [], []
    for number, line in numbered:
        pair = parse_line(line)
        if pair is None:
            bad.append((number, line.strip()[:200]))
        else:
            parsed.append(pair)
    if bad:
        raise LinesNotUnderstood(bad)
    return parsed


@dataclass
class Batch:
    """What a batch did: the ``invited`` (new invitations) and the ``skipped`` addresses,
    already invited to the event or repeated in the batch."""

    invited: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def _refuse_unless_organiser(event, by):
    if not registrations_policy.user_has_permission_for(by, event):
        raise RegistrationError(_("You may not manage the invitations of this event."), "forbidden")


def invite(event, text, *, language, by, now=None):
    """Invites everyone the pasted ``text`` names to register for ``event`` (the canonical
    page), by email in ``language``, and returns the ``Batch``. Refused as ``parse_lines``
    refuses, ``bad_language`` for a language the site does not offer, ``forbidden`` to someone
    who may not manage the event's registrations, and ``not_offered`` for an event without
    registration; nothing is added or sent then."""
    _refuse_unless_organiser(event, by)
    if language not in InvitationLanguage.values:
        raise RegistrationError(_("Choose the language of the invitations: Arabic or English."), "bad_language")
    lines = parse_lines(text)
    now = now or timezone.now()
    batch = Batch()
    with transaction.atomic():
        settings = lock_settings(event=event)  # one batch at a time per event: no address twice
        taken = set(Invitation.objects.filter(event_id=settings.event_id).values_list("email", flat=True))
        for name, email in lines:
            if email in taken:
                batch.skipped.append(email)
                continue
            taken.add(email)
            batch.invited.append(
                Invitation(
                    event_id=settings.event_id, email=email, name=name, language=language, invited_by=by, sent_at=now
                ).fold_name()
            )
        Invitation.objects.bulk_create(batch.invited)
        if batch.invited:
            audit.record(event, audit.INVITE, by, rows=len(batch.invited), language=language)
        for invitation in batch.invited:
            queue_on_commit(send_invitation_email, invitation.pk)
    return batch


def _locked(event, invitation_id):
    settings = lock_settings(event=event)
    invitation = Invitation.objects.filter(event_id=settings.event_id, pk=invitation_id).first()
    if invitation is None:
        raise RegistrationError(_("No such invitation."), "not_found")
    return invitation


def send_again(event, invitation_id, *, by, now=None):
    """Emails the invitation ``invitation_id`` of ``event`` again (a lost email); refused
    (``invitation_revoked``, ``invitation_used``) once it was withdrawn or used."""
    _refuse_unless_organiser(event, by)
    with transaction.atomic():
        invitation = _locked(event, invitation_id)
        if invitation.revoked_at:
            raise RegistrationError(_("This invitation was withdrawn: it cannot be sent."), "invitation_revoked")
        if invitation.registration_id:
            raise RegistrationError(_("This invitation was used: the person is registered."), "invitation_used")
        invitation.sent_at = now or timezone.now()
        invitation.save(update_fields=["sent_at"])
        audit.record(event, audit.INVITE, by, rows=1, again=True)
        queue_on_commit(send_invitation_email, invitation.pk)
    return invitation


def revoke(event, invitation_id, *, by, now=None):
    """Withdraws the invitation ``invitation_id`` of ``event``: its link no longer registers
    anyone. A registration it already led to stays (the organisers cancel it if they wish)."""
    _refuse_unless_organiser(event, by)
    with transaction.atomic():
        invitation = _locked(event, invitation_id)
        if invitation.revoked_at:
            raise RegistrationError(_("This invitation was already withdrawn."), "invitation_revoked")
        invitation.revoked_at = now or timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(event, audit.INVITE_REVOKE, by, rows=1)
    return invitation


def invitation_counts(event):
    """``{"waiting", "registered", "revoked", "total"}`` of the event's invitations."""
    return Invitation.objects.filter(event=event).counts()
