"""Background work of the registration app, run by Django's task framework (inline in the
demo, by a worker in production)."""

from django_tasks import task

from events.registrations.services.emails import send_email


@task()
def send_registration_email(registration_id, kind):
    """Sends the ``kind`` email for a registration; returns whether one was sent."""
    return send_email(registration_id, kind)
