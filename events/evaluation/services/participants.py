"""What My events and a registration's page show of the evaluation, for the participant's own
registrations (the registrations app asks through its ``my_events_registration_context``
hook)."""

from dataclasses import dataclass

from events.evaluation.models import EvaluationForm, EvaluationReceipt

from .eligibility import is_eligible


@dataclass
class Invitation:
    registration: object
    form: object
    state: str  # "open", "answered" or "closed"


def invitations_for(registrations, now=None):
    """An ``Invitation`` per registration of ``registrations`` that may answer its event's
    evaluation once it has opened: to answer it, answered, or closed unanswered."""
    if not registrations:
        return []
    by_event = {
        form.event_id: form
        for form in EvaluationForm.objects.filter(
            event_id__in={registration.event_id for registration in registrations}
        ).select_related("event")
    }
    answered = set(
        EvaluationReceipt.objects.filter(registration__in=registrations, answered_at__isnull=False).values_list(
            "registration_id", flat=True
        )
    )
    found = []
    for registration in registrations:
        form = by_event.get(registration.event_id)
        if form is None or not registration.is_confirmed:
            continue
        window = form.window_state(now)
        if window == "not_yet_open" or not is_eligible(registration):
            continue
        state = "answered" if registration.pk in answered else window
        found.append(Invitation(registration, form, state))
    return found
