from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from core import limits
from core.errors import DomainError, report
from events.presentation import calendar_links
from events.queries import public_event_or_404
from events.registrations.forms import GivePlaceForm
from events.registrations.models import CalendarFeed, Registration, RegistrationQuestion, RegistrationSettings
from events.registrations.services import (
    availability,
    participant_may_cancel,
    settings_for,
)
from events.registrations.services.answers import (
    change_answers,
    changed_message,
    participant_may_change,
    participant_refusal,
)
from events.registrations.services.availability import settings_for_page
from events.registrations.services.calendar import feed_for, personal_feed, reset_feed
from events.registrations.services.lifecycle import give_refusal
from events.registrations.services.online import MeetingLinks, meeting_links, meeting_links_for
from events.registrations.services.participants import accept_own, cancel_own, give_own_place, own_registration
from events.registrations.services.questions import (
    answers_form,
    changed_questions,
    readable_answers,
    registration_form,
)
from events.registrations.services.reasons import organisers_reason, organisers_reasons
from events.translation import localized_events
from network.models import Person
from network.people import person_for_user, verified_person

from .helpers import outcome_message, personal, register_with_form


@personal
@login_required
def register(request, event_id):
    if request.method == "POST":
        return _register_post(request, event_id)
    event = public_event_or_404(event_id)
    settings = settings_for(event)
    if settings is None:
        raise Http404
    try:
        person = verified_person(request.user)
    except DomainError as error:
        return render(request, "registrations/unverified.html", {"event": event}, status=report(request, error))
    state = availability(event, person)
    if state.state == "registered":
        messages.info(request, _("You are already registered for this event."))
        return redirect("registrations:registration", state.registration.reference)
    form = registration_form(settings, list(settings.questions.all()), person)
    # By invitation only: the page says so and offers no form (the invitation's link does).
    status = 403 if state.state == "invitation_only" else 200
    return _register_page(request, event, form, state, person, status=status)


def _register_post(request, event_id):
    """The busy path (everyone presses "Register" when registration opens): no event page is
    loaded unless something has to be explained; the service checks the window, the seats and
    earlier registrations under its lock."""
    settings = settings_for_page(event_id)
    if settings is None:
        raise Http404
    try:
        person = verified_person(request.user)
    except DomainError as error:
        return render(request, "registrations/unverified.html", {}, status=report(request, error))
    questions = list(settings.questions.all()) if settings.has_questions else []
    form = registration_form(settings, questions, person, data=request.POST)
    try:
        limits.consume(request, "register")
    except limits.TooManyAttempts as error:
        event = public_event_or_404(event_id)
        return _register_page(request, event, form, availability(event, person), person, status=report(request, error))
    if not form.is_valid():
        event = public_event_or_404(event_id)
        return _register_page(request, event, form, availability(event, person), person, status=400)
    try:
        registration = register_with_form(request, settings, person, form, questions)
    except DomainError as error:
        if error.code == "already_registered":
            messages.info(request, error.message)
            return redirect("registrations:my_events")
        status = report(request, error)
        event = public_event_or_404(event_id)
        return _register_page(request, event, form, availability(event, person), person, status=status)
    messages.success(request, outcome_message(registration))
    return redirect("registrations:registration", registration.reference)


def _register_page(request, event, form, state, person, status=200):
    context = {"event": event, "page": event, "form": form, "availability": state, "person": person}
    return render(request, "registrations/register.html", context, status=status)


@personal
@login_required
def my_events(request):
    person = Person.objects.filter(user=request.user).first()
    registrations = []
    if person is not None:
        registrations = list(
            Registration.objects.filter(person=person)
            .select_related("event")
            .with_waitlist_position()
            # Accepting a place made for them opens the event's questions, when it asks any.
            .annotate(asks_questions=Exists(_event_questions(OuterRef("event_id"))))
            .order_by("event__start", "-created_at")
        )
    localized = localized_events([registration.event for registration in registrations], get_language())
    now = timezone.now()
    upcoming, past = [], []
    pairs = list(zip(registrations, localized, strict=True))
    # Declined or cancelled by the organisers: their reason, shortened (the registration's page has it whole).
    reasons = organisers_reasons(registrations)
    for (registration, event), links in zip(pairs, meeting_links_for(pairs), strict=True):
        registration.local_event = event
        registration.organisers_reason = reasons.get(registration.pk)
        registration.can_cancel = participant_may_cancel(registration, now)
        registration.meeting_links = links if event.end >= now else MeetingLinks()
        (upcoming if event.end >= now else past).append(registration)
    past.reverse()
    feed = CalendarFeed.objects.filter(person=person).first() if person else None
    feed_url = ""
    if feed is not None:
        feed_url = request.build_absolute_uri(reverse("registrations:calendar_feed", args=[feed.token]))
    context = {"upcoming": upcoming, "past": past, "person": person, "feed": feed, "feed_url": feed_url}
    # Other apps add what they know of these registrations (attendance: progress and
    # certificates), so this app never imports them.
    for hook in hooks.get_hooks("my_events_registration_context"):
        context.update(hook(registrations))
    return render(request, "registrations/my_events.html", context)


def _own_or_404(user, reference):
    try:
        return own_registration(user, reference)
    except DomainError as error:
        raise Http404 from error


def _in_active_language(event):
    return event.localized_for(get_language()) or event


@personal
@login_required
def registration_detail(request, reference):
    """One registration as its owner sees it: the status, the ticket, the place or how to
    join online, calendar links and what happens next."""
    registration = _own_or_404(request.user, reference)
    event = _in_active_language(registration.event)
    now = timezone.now()
    settings = RegistrationSettings.objects.filter(event_id=registration.event_id).first()
    questions = list(settings.questions.all()) if settings else []
    registration.asks_questions = bool(questions)
    context = {
        "registration": registration,
        "event": event,
        "page": event,
        "position": registration.waitlist_position(),
        # The way in, until the event is over (as in My events).
        "meeting_links": meeting_links(registration, event) if registration.event.end >= now else MeetingLinks(),
        "calendar": calendar_links(event, request) if registration.is_confirmed and event.end >= now else {},
        "can_cancel": participant_may_cancel(registration, now),
        "can_give": give_refusal(registration, settings, now) is None,
        "given_away": not registration.is_active and Registration.objects.filter(replaces=registration).exists(),
        "is_past": registration.event.end < now,
        # Declined or cancelled by the organisers: their reason, as the email quoted it.
        "organisers_reason": organisers_reason(registration),
        "answers": readable_answers(questions, registration.answers),
        "answer_changes": answer_changes(registration, questions),
        "can_change_answers": bool(questions) and participant_may_change(registration, settings, now),
        # The organisers' practical details, for a seat that is confirmed and accepted.
        "note": (
            settings.confirmed_note_for(get_language())
            if settings and registration.is_confirmed and not registration.awaiting_acceptance
            else ""
        ),
    }
    # Attendance and the certificate, as My events shows them (from the attendance app's hook).
    for hook in hooks.get_hooks("my_events_registration_context"):
        context.update(hook([registration]))
    return render(request, "registrations/registration.html", context)


def answer_changes(registration, questions):
    """The changes of ``registration``'s answers, latest first, as its owner reads them: when,
    whether they or the organisers made it (never which organiser), and the questions."""
    changes = list(registration.answer_changes.order_by("-at", "-pk"))
    for change in changes:
        change.changed_questions = changed_questions(questions, change.questions)
    return changes


@personal
@login_required
def cancel(request, reference):
    """GET asks for confirmation (a page, so it works without JavaScript); POST cancels."""
    registration = _own_or_404(request.user, reference)
    event = _in_active_language(registration.event)
    if request.method != "POST":
        if not registration.is_active:
            return redirect("registrations:registration", reference)
        return render(request, "registrations/cancel.html", {"registration": registration, "event": event})
    try:
        registration = cancel_own(request.user, reference)
    except DomainError as error:
        if error.code == "not_found":
            raise Http404 from error
        report(request, error)
    else:
        messages.success(request, _cancelled_message(event))
    return redirect("registrations:my_events")


@personal
@login_required
def accept(request, reference):
    """The participant accepts a registration the organisers made for them. When the event
    asks questions, a page asks them first (the button of My events and of the registration's
    page opens it), prefilled with what the organisers entered; otherwise the button accepts
    at once. A GET without questions to answer goes to the registration's page."""
    registration = _own_or_404(request.user, reference)
    questions = _questions_on_accepting(registration)
    if request.method != "POST" and not questions:
        return redirect("registrations:registration", reference)
    form = None
    if questions:
        data = request.POST if request.method == "POST" and "form_key" in request.POST else None
        form = answers_form(questions[0].settings, questions, registration.answers, data=data)
        if data is None or not form.is_valid():
            context = {"registration": registration, "event": _in_active_language(registration.event), "form": form}
            return render(request, "registrations/accept.html", context, status=200 if data is None else 400)
    try:
        registration = accept_own(
            request.user,
            reference,
            questions=questions,
            answers=form.answers() if form else None,
            language=get_language(),
        )
    except DomainError as error:
        if error.code == "not_found":
            raise Http404 from error
        report(request, error)
    else:
        messages.success(request, outcome_message(registration))
    return redirect(f"{reverse('registrations:my_events')}#{reference}")


def _event_questions(event_id):
    """The questions of the event ``event_id`` (the canonical page's id, or a reference to it)."""
    return RegistrationQuestion.objects.filter(settings__event_id=event_id)


def _questions_on_accepting(registration):
    """The event's questions, asked of a participant accepting ``registration`` (none once it
    is accepted or ended): those ``my_events`` looks for to link to the acceptance page."""
    if not (registration.awaiting_acceptance and registration.is_active):
        return []
    return list(_event_questions(registration.event_id).select_related("settings"))


@personal
@login_required
def answers(request, reference):
    """The participant changes their answers to the event's questions (their names are on
    the profile page), while the event lets them and has not started."""
    registration = _own_or_404(request.user, reference)
    settings = RegistrationSettings.objects.filter(event_id=registration.event_id).first()
    refusal = participant_refusal(registration, settings)
    questions = list(settings.questions.all()) if refusal is None else []
    if refusal is not None or not questions:
        messages.error(request, str(refusal.message) if refusal else _("This event asks no questions."))
        return redirect("registrations:registration", reference)
    data = request.POST if request.method == "POST" else None
    form = answers_form(settings, questions, registration.answers, data=data)
    if data is None or not form.is_valid():
        context = {"registration": registration, "event": _in_active_language(registration.event), "form": form}
        return render(request, "registrations/answers.html", context, status=200 if data is None else 400)
    try:
        changed = change_answers(
            registration,
            form.answers(),
            questions=questions,
            by=request.user,
            as_participant=True,
            language=get_language(),
        )
    except DomainError as error:
        if error.code == "not_found":
            raise Http404 from error
        report(request, error)
    else:
        (messages.success if changed else messages.info)(request, changed_message(changed))
    return redirect("registrations:registration", reference)


@personal
@login_required
def give(request, reference):
    """The participant gives their place to a colleague, while the event lets them and has not
    started: GET shows what follows and asks who; POST gives it."""
    registration = _own_or_404(request.user, reference)
    settings = RegistrationSettings.objects.filter(event_id=registration.event_id).first()
    refusal = give_refusal(registration, settings)
    if refusal is not None:
        messages.error(request, str(refusal.message))
        return redirect("registrations:registration", reference)
    event = _in_active_language(registration.event)
    data = request.POST if request.method == "POST" else None
    form = GivePlaceForm(data, initial={"language": get_language()})
    if data is not None and form.is_valid():
        try:
            replacement = give_own_place(request.user, reference, **form.person())
        except DomainError as error:
            if error.code == "not_found":
                raise Http404 from error
            if error.code not in GIVE_ERROR_FIELDS:
                report(request, error)
                return redirect("registrations:registration", reference)
            form.add_error(GIVE_ERROR_FIELDS[error.code], error.message)
        else:
            messages.success(request, _given_message(event, replacement))
            return redirect("registrations:my_events")
    context = {"registration": registration, "event": event, "form": form, "position": registration.waitlist_position()}
    return render(request, "registrations/give.html", context, status=200 if data is None else 400)


# The refusals of giving a place that the form shows on itself (the rest end the page).
GIVE_ERROR_FIELDS = {"invalid_email": "email", "email_required": "email", "same_person": "email", "cannot_take": None}


def _given_message(event, replacement):
    values = {"event": event.title, "email": replacement.entered_email}
    return _("You gave your place at %(event)s to %(email)s. They receive an email to accept it.") % values


def _cancelled_message(event):
    return _("Your registration for %(event)s is cancelled.") % {"event": event.title}


@personal
@login_required
@require_POST
def calendar_feed_reset(request):
    try:
        person = person_for_user(request.user)
    except DomainError as error:
        report(request, error)
        return redirect("registrations:my_events")
    if request.POST.get("action") == "create":
        feed_for(person)
        messages.success(request, _("Your calendar address is ready. Add it to your calendar app."))
    else:
        reset_feed(person)
        messages.success(request, _("Your calendar has a new address. The old address no longer works."))
    return redirect(reverse("registrations:my_events") + "#calendar")


@personal
def calendar_feed(request, token):
    body = personal_feed(token, get_language())
    if body is None:
        raise Http404
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    return response
