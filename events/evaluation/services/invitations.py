"""Inviting an event's participants to evaluate it: an email to each who may answer and was
neither invited nor has answered, in the language they registered in, through the
registration emails (the ``evaluation`` kind). Pressing again invites only those added since."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from events import audit
from events.evaluation.errors import EvaluationError
from events.evaluation.models import EvaluationForm, EvaluationReceipt
from events.registrations.services.notifications import notify

from .eligibility import WINDOW_ERRORS, eligible_registrations


def not_yet_invited(form):
    """The registrations that may answer ``form`` and were neither invited nor answered."""
    untouched = Q(evaluation_receipt__isnull=True) | Q(
        evaluation_receipt__invited_at__isnull=True, evaluation_receipt__answered_at__isnull=True
    )
    return eligible_registrations(form.event).filter(untouched)


def invite(form, now=None, by=None):
    """Invites those ``not_yet_invited`` to ``form`` (an ``EvaluationForm``) while it is open and
    returns how many. The form's row is locked first, so two presses at once invite each person
    once; the emails leave when the transaction commits, and the event's audit log says how
    many ``by`` invited. Refuses with an ``EvaluationError`` (``not_yet_open``, ``closed``)
    outside the form's window."""
    now = now or timezone.now()
    with transaction.atomic():
        form = EvaluationForm.objects.select_for_update().select_related("event").get(pk=form.pk)
        state = form.window_state(now)
        if state != "open":
            raise EvaluationError(WINDOW_ERRORS[state], state)
        registrations = list(not_yet_invited(form).order_by("pk"))
        with_receipt = set(
            EvaluationReceipt.objects.filter(registration__in=registrations).values_list("registration_id", flat=True)
        )
        EvaluationReceipt.objects.filter(registration_id__in=with_receipt).update(invited_at=now)
        EvaluationReceipt.objects.bulk_create(
            EvaluationReceipt(registration=registration, form=form, invited_at=now)
            for registration in registrations
            if registration.pk not in with_receipt
        )
        for registration in registrations:
            notify(registration, "evaluation")
        if registrations:
            audit.record(form.event, audit.EVALUATION_INVITE, by, rows=len(registrations))
    return len(registrations)
