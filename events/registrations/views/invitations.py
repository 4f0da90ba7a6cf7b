"""The personal link of an invitation to register: its landing page for a visitor not
signed in, the registration form (the usual one and the usual service, with the invitation)
for someone signed in, and a plain page in the visitor's language when it cannot be used."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from core import limits
from core.errors import DomainError, report
from events.queries import public_event_or_404
from events.registrations.services import availability, settings_for
from events.registrations.services.invitation_rules import check_invitation, invitation_for
from events.registrations.services.questions import registration_form
from network.people import verified_person

from .helpers import outcome_message, personal, register_with_form


@personal
def invitation(request, event_id, token):
    event = public_event_or_404(event_id)
    settings = settings_for(event)
    if settings is None:
        raise Http404
    try:
        invite = invitation_for(settings.event_id, token)
    except DomainError as error:
        return _refused(request, event, error)
    if not request.user.is_authenticated:
        return _landing(request, event, invite)
    try:
        person = verified_person(request.user)
    except DomainError as error:
        return render(request, "registrations/unverified.html", {"event": event}, status=report(request, error))
    try:
        check_invitation(invite, settings.event_id, person)
    except DomainError as error:
        if error.code == "already_registered":
            messages.info(request, error.message)
            return redirect("registrations:registration", error.registration.reference)
        return _refused(request, event, error)
    questions = list(settings.questions.all())
    if request.method != "POST":
        return _form_page(request, event, registration_form(settings, questions, person), person)
    return _invitation_post(request, event, settings, questions, person, invite)


def _invitation_post(request, event, settings, questions, person, invite):
    form = registration_form(settings, questions, person, data=request.POST)
    try:
        limits.consume(request, "register")
    except limits.TooManyAttempts as error:
        return _form_page(request, event, form, person, status=report(request, error))
    if not form.is_valid():
        return _form_page(request, event, form, person, status=400)
    try:
        registration = register_with_form(request, settings, person, form, questions, invitation=invite)
    except DomainError as error:
        if error.code == "already_registered":
            messages.info(request, error.message)
            return redirect("registrations:my_events")
        if error.code in ("invitation_used", "invitation_revoked", "not_found"):
            return _refused(request, event, error)
        return _form_page(request, event, form, person, status=report(request, error))
    messages.success(request, outcome_message(registration))
    return redirect("registrations:registration", registration.reference)


def _form_page(request, event, form, person, status=200):
    context = {
        "event": event,
        "page": event,
        "form": form,
        "availability": availability(event, person, invited=True),
        "person": person,
        "invited": True,
    }
    return render(request, "registrations/register.html", context, status=status)


def _landing(request, event, invite):
    """Who opens the link without being signed in: what it is, and the way in, coming back."""
    back = urlencode({"next": request.get_full_path()})
    context = {
        "event": event,
        "page": event,
        "invitation": invite,
        "login_url": f"{reverse('account_login')}?{back}",
        "signup_url": f"{reverse('account_signup')}?{back}",
    }
    return render(request, "registrations/invitation.html", context)


def _refused(request, event, error):
    context = {"event": event, "page": event, "message": error.message, "code": error.code}
    return render(request, "registrations/invitation_refused.html", context, status=error.status)
