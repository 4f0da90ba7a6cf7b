"""What a signed-in participant does: register themselves, cancel their own registration."""

from django.utils.translation import gettext_lazy as _

from events.registrations.models import Registration
from network.people import person_for_user

from .errors import RegistrationError
from .lifecycle import accept, cancel, register


def register_participant(user, event, *, person=None, answers=None, language="ar", names=None):
    """Registers the account's owner (who must have a verified email) for ``event``;
    ``names`` updates their names in the directory on the way. ``person``, when the caller
    has already found it with ``person_for_user``, saves looking it up again."""
    person = person or person_for_user(user)
    if names:
        changed = {field: value for field, value in names.items() if getattr(person, field) != value}
        if changed:
            for field, value in changed.items():
                setattr(person, field, value)
            person.save(update_fields=list(changed))
    return register(event, person, answers=answers, language=language)


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


def accept_own(user, reference):
    """The account owner accepts a registration the organisers made for them."""
    return accept(own_registration(user, reference), by=user)
