"""An event's evaluation form, copied to its next edition (events/copying.py decides when):
its questions in both languages come along, in their order, a question asked on an earlier
answer asked on the copy's own. When it opens and closes belongs
to the edition: the copy opens when the new edition ends and stays open the usual 30 days,
until the organisers choose otherwise. The answers, the invitations and the receipts stay with
the edition they were given for."""

from core.records import copied_values
from events.evaluation.models import EvaluationForm, EvaluationQuestion
from events.registrations.services.copying import own_conditions

EDITION_FIELDS = ("event", "opens_at", "closes_at", "updated_at")


def has_evaluation_set_up(event_id):
    return EvaluationForm.objects.filter(event_id=event_id).exists()


def copy_evaluation_set_up(source_id, copy):
    """Copies the evaluation form of the canonical event ``source_id`` to ``copy`` (a canonical
    page without one), in the caller's transaction; returns how many questions came along, or
    ``None`` when the event had no evaluation form."""
    form = EvaluationForm.objects.filter(event_id=source_id).first()
    if form is None:
        return None
    new = EvaluationForm.objects.create(event=copy, **copied_values(form, EDITION_FIELDS))
    originals = list(EvaluationQuestion.objects.filter(form=form).order_by("sort_order", "pk"))
    created = EvaluationQuestion.objects.bulk_create(
        EvaluationQuestion(form=new, **copied_values(question, ("form", "condition_question")))
        for question in originals
    )
    own_conditions(originals, created)
    return len(created)
