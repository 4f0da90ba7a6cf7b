"""The participant's evaluation page: the form in their language, the thanks, and the
refusals (answered already, not open yet, closed, not for them) in words."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.errors import DomainError, report
from events.registrations.services.participants import own_registration
from events.registrations.views.helpers import personal

from .errors import EvaluationError
from .services.answering import answer, evaluation_form, has_answered
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
    answers_form = evaluation_form(list(form.questions.all()), data=request.POST if request.method == "POST" else None)
    context["form"] = answers_form
    if request.method != "POST":
        return _page(request, context)
    if not answers_form.is_valid():
        return _page(request, context, status=400)
    try:
        answer(form, registration, answers_form.answers(), (get_language() or "ar").split("-")[0])
    except EvaluationError as error:
        return _page(request, context, status=report(request, error))
    messages.success(request, _("Thank you! Your evaluation was sent to the organisers, without your name."))
    return redirect("evaluation:answer", registration.reference)


def _page(request, context, status=200):
    return render(request, "evaluation/answer.html", context, status=status)
