"""An event's registration set-up, copied to its next edition (events/copying.py decides when).

The set-up is how the event takes registrations — capacity, waiting list, approval, how long
personal data is kept, the questions in both languages (a question asked only on an earlier
answer depending on the copy's own question) and the column mapping of its imports —
and comes along whole. What belongs to one edition does not: its counter starts at zero (the
counter's own empty ``Counts``, so the reconciliation finds nothing to mend), the marker and
the figures of an erasure stay with the edition that was erased, and a bound of the
registration window that has passed is left empty. A copy of a 2018 event then opens at once
and closes when the new edition starts, instead of starting closed; a bound still to come (a
parallel edition copied ahead of time) is kept. The organisers choose the new window anyway.
"""

from dataclasses import dataclass

from django.utils import timezone

from core.records import copied_values
from events.registrations.models import ImportMapping, RegistrationQuestion, RegistrationSettings
from events.registrations.models.settings import COUNT_FIELDS

from .counter import Counts

WINDOW_FIELDS = ("opens_at", "closes_at")
# What belongs to one edition and is never copied, besides the window and the counter.
EDITION_FIELDS = ("event", "personal_data_erased_at", "kept_figures", "updated_at", *WINDOW_FIELDS, *COUNT_FIELDS)


@dataclass(frozen=True)
class RegistrationSetUp:
    """What of an event's registration set-up a copy received."""

    settings: bool = False
    questions: int = 0
    import_mapping: bool = False


def _to_come(moment, now):
    return moment if moment is not None and moment > now else None


def has_registration_set_up(event_id):
    return (
        RegistrationSettings.objects.filter(event_id=event_id).exists()
        or ImportMapping.objects.filter(event_id=event_id).exists()
    )


def own_conditions(originals, created):
    """The copied questions (``created``, in the order of ``originals``) asked only on an
    answer depend on the copy's own questions: registration or evaluation questions."""
    copies = {original.pk: copy for original, copy in zip(originals, created, strict=True)}
    conditional = []
    for original, copy in zip(originals, created, strict=True):
        if original.condition_question_id in copies:
            copy.condition_question = copies[original.condition_question_id]
            conditional.append(copy)
    if conditional:
        type(conditional[0]).objects.bulk_update(conditional, ["condition_question"])


def copy_registration_set_up(source_id, copy, *, by=None, now=None):
    """Copies the registration set-up of the canonical event ``source_id`` to ``copy`` (a
    canonical page without one), in the caller's transaction."""
    now = now or timezone.now()
    questions = 0
    settings = RegistrationSettings.objects.filter(event_id=source_id).first()
    if settings is not None:
        new = RegistrationSettings(
            event=copy,
            **copied_values(settings, EDITION_FIELDS),
            **{name: _to_come(getattr(settings, name), now) for name in WINDOW_FIELDS},
            **Counts().as_fields(),
        )
        new.save()
        originals = list(RegistrationQuestion.objects.filter(settings=settings).order_by("sort_order", "pk"))
        created = RegistrationQuestion.objects.bulk_create(
            RegistrationQuestion(settings=new, **copied_values(question, ("settings", "condition_question")))
            for question in originals
        )
        own_conditions(originals, created)
        questions = len(created)
    mapping = ImportMapping.objects.filter(event_id=source_id).values_list("mapping", flat=True).first()
    if mapping is not None:
        ImportMapping.objects.create(event=copy, mapping=mapping, updated_by=by)
    return RegistrationSetUp(settings=settings is not None, questions=questions, import_mapping=mapping is not None)
