"""What the evaluation gives up when an event's personal data is erased (the registrations'
retention, events/registrations/services/retention.py).

Receipts belong to registrations and go with them. The responses stay: they name no one, and
the funders' reports read them for years. What a participant typed in a free-text answer may
name them or others ("as I told Dr Sara…"), so those answers are erased with the registration
answers; the ratings, choices and yes/no answers stay, and so do the results' figures."""

from events.evaluation.models import FREE_TEXT_TYPES, EvaluationQuestion, EvaluationResponse


def erase_free_text(event_id):
    """Removes the free-text answers of the evaluation of the event (its canonical page's id)
    from its responses; returns how many responses changed."""
    names = set(
        EvaluationQuestion.objects.filter(form__event_id=event_id, field_type__in=FREE_TEXT_TYPES).values_list(
            "clean_name", flat=True
        )
    )
    if not names:
        return 0
    changed = []
    for response in EvaluationResponse.objects.filter(form__event_id=event_id).only("id", "answers"):
        kept = {name: value for name, value in response.answers.items() if name not in names}
        if kept != response.answers:
            response.answers = kept
            changed.append(response)
    EvaluationResponse.objects.bulk_update(changed, ["answers"], batch_size=500)
    return len(changed)
