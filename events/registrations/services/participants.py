"""What a signed-in participant does: register themselves, cancel their own registration."""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.registrations.models import QuestionType, Registration
from network import consents
from network.models import ConsentSubject
from network.people import person_for_user

from .errors import RegistrationError
from .lifecycle import accept, cancel, register, replace


def register_participant(
    user, event, *, person=None, answers=None, language="ar", names=None, questions=None, invitation=None
):
    """Registers the account's owner (who must have a verified email) for ``event``;
    ``names`` updates their names in the directory on the way. ``person``, when the caller
    has already found it with ``person_for_user``, saves looking it up again. The answers to
    the form's consent ``questions`` are recorded as consents, with the words shown. An
    ``invitation`` is used by the registration (lifecycle.register checks it)."""
    person = person or person_for_user(user)
    consent_questions = [question for question in questions or () if question.field_type == QuestionType.CONSENT]
    if consent_questions:
        with transaction.atomic():
            registration = _register_participant(person, event, answers, language, names, invitation)
            record_consents(registration, consent_questions, answers or {}, language)
        return registration
    return _register_participant(person, event, answers, language, names, invitation)


def record_consents(registration, questions, answers, language):
    """One consent row per consent question of the form, given or not, in the form's language."""
    context = f"{registration.event.title} — {registration.reference}"
    with translation.override(language):
        rows = [
            consents.build(
                registration.person,
                ConsentSubject.EVENT,
                bool(answers.get(question.clean_name)),
                question.display_label,
                language=language,
                context=context,
            )
            for question in questions
        ]
    consents.record_many(rows)


def _register_participant(person, event, answers, language, names, invitation):
    """The names typed in the form are saved with the registration, or not at all when it is
    refused (the event full or closed); unchanged names add nothing to the transaction."""
    changed = {field: value for field, value in (names or {}).items() if getattr(person, field) != value}
    if not changed:
        return register(event, person, answers=answers, language=language, invitation=invitation)
    with transaction.atomic():
        for field, value in changed.items():
            setattr(person, field, value)
        person.save(update_fields=list(changed))
        return register(event, person, answers=answers, language=language, invitation=invitation)


def own_registration(user, reference):
    """The account owner's registration with ``reference``, or a ``not_found`` error."""
    registration = (
        Registration.objects.select_related("event", "person").filter(reference=reference, person__user=user).first()
    )
    if registration is None:
        raise RegistrationError(_("No such registration."), "not_found")
    return registration


def cancel_own(user, reference):
    return cancel(own_registration(user, reference), by=user, as_participant=True)


def accept_own(user, reference, *, questions=(), answers=None, language="ar"):
    """The account owner accepts a registration the organisers made for them, with their
    ``answers`` to the event's ``questions`` when it asks any (the acceptance form's); the
    answers to its consent questions are recorded as consents, with the words shown in
    ``language``."""
    registration = own_registration(user, reference)
    consent_questions = [question for question in questions if question.field_type == QuestionType.CONSENT]
    with transaction.atomic():
        registration = accept(registration, by=user, questions=questions, answers=answers)
        if consent_questions:
            record_consents(registration, consent_questions, answers or {}, language)
    return registration


def give_own_place(user, reference, **person):
    """The account owner gives their registration's place to the person named by email (and
    names, and the language of their emails) in ``person``, as the event allows."""
    return replace(own_registration(user, reference), by=user, as_participant=True, **person)
