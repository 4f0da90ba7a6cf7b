"""Who may evaluate an event, and when.

A participant may answer when their registration is confirmed (and accepted, when staff made
it) and they attended at least once; at an event that takes no attendance, every confirmed
registration may. The attendance app says who attended and whether the event takes
attendance (events/attendance/figures.py)."""

from django.utils.translation import gettext_lazy as _

from events.attendance.figures import attended_registrations, takes_attendance
from events.evaluation.errors import EvaluationError
from events.evaluation.models import EvaluationForm
from events.registrations.models import Registration, RegistrationStatus

WINDOW_ERRORS = {
    "not_yet_open": _("The evaluation of this event is not open yet."),
    "closed": _("The evaluation of this event is closed."),
}


def form_for(event):
    """The evaluation form of ``event`` (any language version), or ``None``."""
    return EvaluationForm.objects.filter(event_id=event.canonical.pk).select_related("event").first()


def eligible_registrations(event):
    """The registrations of ``event`` (any language version) whose participants may answer."""
    canonical = event.canonical
    confirmed = Registration.objects.filter(
        event_id=canonical.pk, status=RegistrationStatus.CONFIRMED, awaiting_acceptance=False
    )
    if takes_attendance(canonical):
        confirmed = confirmed.filter(pk__in=attended_registrations(canonical))
    return confirmed


def is_eligible(registration):
    return eligible_registrations(registration.event).filter(pk=registration.pk).exists()


def check_may_answer(form, registration, now=None):
    """Refuses with an ``EvaluationError`` unless ``registration`` may answer ``form`` at
    ``now``: ``not_found`` (no form), ``not_eligible``, ``not_yet_open``, ``closed``."""
    if form is None:
        raise EvaluationError(_("This event has no evaluation."), "not_found")
    if not is_eligible(registration):
        raise EvaluationError(_("The evaluation is for the participants who took part in the event."), "not_eligible")
    state = form.window_state(now)
    if state != "open":
        raise EvaluationError(WINDOW_ERRORS[state], state)
