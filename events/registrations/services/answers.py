"""Changing a registration's answers after registering: the participant, while the event lets
them and has not started, and the event's organisers at any time. Only the questions whose
answer changed are written down (their names, never the answers): in the registration's
history (``AnswerChange``) and, for the organisers, in the event's audit log. A consent the
participant gives or takes back is recorded again, with the words they were shown."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.records import locked
from core.text import join
from events import audit
from events.permissions import can_manage_event
from events.registrations.models import AnswerChange, QuestionType, Registration, RegistrationSettings

from .errors import RegistrationError
from .notifications import notify_answers_changed
from .participants import record_consents
from .questions import replaced_answers


def participant_refusal(registration, settings, now=None):
    """Why the participant may not change the answers of ``registration`` now (an error to
    raise), or ``None`` when they may: the event lets them (``settings``), it has not started
    and the registration is active."""
    if settings is None or not settings.participants_change_answers:
        return RegistrationError(
            _("The organisers of this event do not let participants change their answers."), "answers_locked"
        )
    if not registration.is_active:
        return RegistrationError(_("This registration is no longer active."), "not_active")
    if (now or timezone.now()) >= registration.event.start:
        return RegistrationError(_("The event has started; it is too late to change your answers."), "started")
    return None


def participant_may_change(registration, settings, now=None):
    return participant_refusal(registration, settings, now) is None


def change_answers(registration, answers, *, questions, by, as_participant, language):
    """Replaces the answers of ``registration`` to ``questions`` (those the form asked) with
    ``answers`` (the form's, an empty answer left out) and returns the questions whose answer
    changed, in their order; nothing is written when none did.

    ``as_participant``: ``by`` is the registration's owner, refused (``participant_refusal``)
    unless the event lets them. Otherwise ``by`` must be one of the event's organisers (the
    registrations policy: desk staff and reporters may not), and may change the answers of
    any registration, except a consent, which only the person gives. Either way, the person
    is emailed which questions changed."""
    with transaction.atomic():
        registration = _locked(registration)
        if as_participant:
            if by is None or registration.person.user_id != by.pk:
                raise RegistrationError(_("No such registration."), "not_found")
            settings = RegistrationSettings.objects.filter(event_id=registration.event_id).first()
            refusal = participant_refusal(registration, settings)
            if refusal is not None:
                raise refusal
        elif not can_manage_event(by, registration.event):
            raise RegistrationError(_("Only the event's organisers can change these answers."), "forbidden")
        else:
            questions = [question for question in questions if question.field_type != QuestionType.CONSENT]
        before = registration.answers or {}
        after = replaced_answers(before, questions, answers)
        changed = [question for question in questions if not _same(question, before, after)]
        if not changed:
            return []
        names = [question.clean_name for question in changed]
        registration.answers = after
        registration.save(update_fields=["answers"])
        change = AnswerChange.objects.create(registration=registration, by=by, questions=names)
        notify_answers_changed(change)
        consents = [question for question in changed if question.field_type == QuestionType.CONSENT]
        if consents:
            record_consents(registration, consents, after, language)
        if not as_participant:
            audit.record_staff(audit.ANSWERS, by, [registration], questions=names)
    return changed


def _locked(registration):
    """``registration`` read again and locked until the transaction ends, or ``not_found``."""
    fresh = locked(Registration.objects.select_related("event", "person").filter(pk=registration.pk)).first()
    if fresh is None:
        raise RegistrationError(_("No such registration."), "not_found")
    return fresh


def _same(question, before, after):
    """A consent not given reads the same whether it was left unticked or never asked."""
    old, new = before.get(question.clean_name), after.get(question.clean_name)
    if question.field_type == QuestionType.CONSENT:
        return bool(old) == bool(new)
    return old == new


def changed_message(changed):
    """What the person who changed the answers reads next: the questions whose answer changed,
    or that nothing did."""
    if not changed:
        return _("Nothing changed: the answers were already these.")
    labels = join([question.display_label for question in changed], quote=True)
    return _("Answers changed: %(questions)s.") % {"questions": labels}
