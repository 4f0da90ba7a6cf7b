from functools import wraps

from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.registrations.models import RegistrationStatus
from events.registrations.services.participants import register_participant


def personal(view):
    """For every participant page that shows personal data (their registrations, tickets,
    profile, calendar): no shared cache or browser history keeps a copy."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


def outcome_message(registration):
    """What happened, stated plainly, right after registering."""
    status = registration.status
    if status == RegistrationStatus.CONFIRMED:
        return _("You are registered. Your seat is confirmed and your ticket is ready.")
    if status == RegistrationStatus.WAITLISTED:
        position = getattr(registration, "initial_position", None) or registration.waitlist_position()
        return _(
            "The event is full: you are number %(position)s on the waiting list. We will email you if a seat frees."
        ) % {"position": position}
    if status == RegistrationStatus.PENDING:
        return _("Your registration was received. The organisers will approve it and we will email you.")
    return registration.get_status_display()


def register_with_form(request, settings, person, form, questions, invitation=None):
    """Registers the signed-in ``person`` with what their valid registration ``form`` holds,
    in the page's language, with an ``invitation`` when they came by one."""
    return register_participant(
        request.user,
        settings.event_id,
        person=person,
        answers=form.answers(),
        language=get_language(),
        names=form.profile_changes(),
        questions=questions,
        invitation=invitation,
    )
