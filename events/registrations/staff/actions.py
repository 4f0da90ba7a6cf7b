"""The organisers' actions on a registration, each through its service: the same for the
list's bulk actions and a registration's own page."""

from events.registrations import services
from events.registrations.models import RegistrationStatus

# The actions that end a registration: the participant is told, with the organiser's reason
# if they give one, so both ask for a confirmation first.
ENDING = ("decline", "cancel")


def apply_action(registration, action, *, by, override_capacity=False, reason=""):
    """One organiser's action on one registration; a ``RegistrationError`` says why not."""
    if action == "approve":
        return services.approve(registration, by=by, override_capacity=override_capacity)
    if action == "decline":
        return services.decline(registration, by=by, reason=reason)
    if action == "cancel":
        return services.cancel(registration, by=by, reason=reason)
    if action == "promote":
        return services.promote(registration, by=by, override_capacity=override_capacity)
    return services.resend_confirmation(registration, by=by)


def available_actions(registration):
    """The actions that make sense for the registration's status (the services check again)."""
    S = RegistrationStatus
    return {
        "approve": registration.status == S.PENDING,
        "promote": registration.status in (S.WAITLISTED, S.PENDING),
        "decline": registration.is_active,
        "cancel": registration.is_active,
        "replace": registration.is_active,
        "resend": registration.status == S.CONFIRMED,
    }
