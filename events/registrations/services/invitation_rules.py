"""Which invitation lets whom register: the rule the registration service checks under the
event's lock, and the invitation page checks first to explain a refusal before any form.

An invitation is single use and not bound to an email address: whoever signed in opens it
first and registers with it uses it. The same person may use it again after their
registration ended (cancelled, declined), and the invitation then points to the new one."""

from django.utils.translation import gettext_lazy as _

from events.registrations.models import ACTIVE_STATUSES, Invitation

from .errors import RegistrationError

USED = _("This invitation has already been used. Each invitation is for one person; ask the organisers for yours.")
UNKNOWN = _("This invitation link is not valid. Check that you copied the whole link from the email.")


def invitation_for(event_id, token):
    """The invitation of the event (canonical page) ``event_id`` with ``token``, or a
    ``not_found`` error: an invitation of another event is as unknown as a made-up token."""
    invitation = (
        Invitation.objects.select_related("registration", "registration__person")
        .filter(event_id=event_id, token=str(token or "")[:64])
        .first()
    )
    if invitation is None:
        raise RegistrationError(UNKNOWN, "not_found")
    return invitation


def check_invitation(invitation, event_id, person):
    """Refuses (``not_found``, ``invitation_revoked``, ``invitation_used``,
    ``already_registered``) unless ``person`` may register for ``event_id`` with ``invitation``."""
    if invitation.event_id != event_id:
        raise RegistrationError(UNKNOWN, "not_found")
    if invitation.revoked_at is not None:
        raise RegistrationError(
            _("This invitation was withdrawn by the organisers. Please contact them if you think this is a mistake."),
            "invitation_revoked",
        )
    registration = invitation.registration
    if registration is None:
        return
    if registration.person_id != person.pk:
        raise RegistrationError(
            USED,
            "invitation_used",
        )
    if registration.status in ACTIVE_STATUSES:
        raise RegistrationError(
            _("You are already registered for this event."), "already_registered", registration=registration
        )


def locked_invitation(invitation, event_id, person):
    """``invitation`` read again under the event's lock (its use by a request that held the
    lock before is seen), checked for ``person``."""
    fresh = Invitation.objects.select_related("registration").filter(pk=invitation.pk).first()
    if fresh is None:
        raise RegistrationError(UNKNOWN, "not_found")
    check_invitation(fresh, event_id, person)
    return fresh
