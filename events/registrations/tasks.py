"""Background work of the registration app, run by Django's task framework (inline in the
demo, by a worker in production): a failed send is tried again with a growing wait
(core/tasks.py), as a mail server may be briefly unreachable."""

from core.tasks import EMAIL_RETRY, retrying_task
from events.registrations.services.emails import (
    send_answers_changed,
    send_email,
    send_invitation,
    send_organisers_message,
)


@retrying_task(**EMAIL_RETRY)
def send_registration_email(registration_id, kind):
    """Sends the ``kind`` email for a registration; returns whether one was sent."""
    return send_email(registration_id, kind)


@retrying_task(**EMAIL_RETRY)
def send_message_to_participant(message_id, registration_id):
    """Sends the organisers' message to one of its registrations; returns whether it was sent."""
    return send_organisers_message(message_id, registration_id)


@retrying_task(**EMAIL_RETRY)
def send_invitation_email(invitation_id):
    """Sends an invitation to register; returns whether it was sent."""
    return send_invitation(invitation_id)


@retrying_task(**EMAIL_RETRY)
def send_answers_email(change_id):
    """Tells a participant that their answers changed; returns whether an email was sent."""
    return send_answers_changed(change_id)
