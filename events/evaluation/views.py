"""The participant's evaluation page: the form in their language, the thanks, and the
refusals (answered already, not open yet, closed, not for them) in words. A form the organisers
changed while it was answered comes back as it is now, with the answers that still hold
(services/answering.py decides)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.errors import DomainError, report
from events.registrations.services.participants import own_registration
from events.registrations.services.questions import PREFIX
from events.registrations.views.helpers import personal

from .errors import EvaluationError
from .services.answering import KEY_FIELD, answer, check_unchanged, evaluation_form, form_again, has_answered
from .services.eligibility import check_may_answer, form_for


def _own_or_404(user, reference):
    try:
        return own_registration(user, reference)
    except DomainError as error:
        raise Http404 from error


@personal
@login_required
def answer_view(request, reference):
    registration = _own_or_404(request.user, reference)
    event = registration.event.localized_for(get_language()) or registration.event
    form = form_for(registration.event)
    context = {"registration": registration, "event": event, "evaluation": form}
    if form is not None and has_answered(registration):
        if request.method == "POST":
            error = EvaluationError(_("You have already evaluated this event. Thank you!"), "already_answered")
            return _page(request, context, status=report(request, error))
        return _page(request, {**context, "answered": True})
    try:
        check_may_answer(form, registration)
    except EvaluationError as error:
        return _page(request, {**context, "refusal": error.message}, status=200 if request.method == "GET" else 409)
    questions = list(form.questions.all())
    if request.method != "POST":
        return _page(request, {**context, "form": evaluation_form(form, questions)})
    answers_form = evaluation_form(form, questions, data=request.POST)
    context["form"] = answers_form
    try:
        # Before the answers are checked against the questions as they are now: a question
        # added since would otherwise be "required" before the participant has seen it.
        check_unchanged(form, questions, request.POST.get(KEY_FIELD))
        if not answers_form.is_valid():
            return _page(request, context, status=400)
        key = answers_form.cleaned_data[KEY_FIELD]
        answer(form, registration, answers_form.answers(), (get_language() or "ar").split("-")[0], key=key)
    except EvaluationError as error:
        if error.unchanged is not None:
            return _changed(request, context, form, error)
        return _page(request, context, status=report(request, error))
    messages.success(request, _("Thank you! Your evaluation was sent to the organisers, without your name."))
    return redirect("evaluation:answer", registration.reference)


def _changed(request, context, form, error):
    """The form again, as it is now (read afresh: it may have changed since this request read
    it), with the answers that still hold, the refusal above it and, when the key said what was
    shown, each question that is new or changed marked."""
    questions = list(form.questions.all())
    changed = []
    if error.code == "form_changed":
        changed = [PREFIX + question.clean_name for question in questions if question.clean_name not in error.unchanged]
    again = form_again(form, questions, request.POST, error)
    return _page(
        request, {**context, "form": again, "changed": error.message, "changed_fields": changed}, status=error.status
    )


def _page(request, context, status=200):
    return render(request, "evaluation/answer.html", context, status=status)
