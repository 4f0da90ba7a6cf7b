"""The emails a participant receives, composed in the language they registered in."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import pick
from events.registrations.models import (
    AnswerChange,
    EventMessage,
    Invitation,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
)
from network.people import email_of

from .calendar import event_ics, event_times
from .online import MeetingLinks, meeting_links
from .questions import changed_questions
from .reasons import organisers_reason

# Emails that carry the calendar file, the ticket link and, for online and hybrid events,
# the meeting links (only ever to a confirmed registration: see services/online.py).
WITH_TICKET = {"confirmed", "promoted", "approved", "reminder"}

# Emails that quote the organiser's reason, when they gave one, and the status it came with.
WITH_REASON = {"declined": RegistrationStatus.DECLINED, "cancelled": RegistrationStatus.CANCELLED}


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def texts(kind, title, registration):
    """Subject, heading and message of each kind of email, in the active language."""
    position = registration.waitlist_position() if kind == "waitlisted" else None
    person = _giver(registration) if kind == "given" else _taker(registration) if kind == "gave" else ""
    values = {"event": title, "position": position, "person": person}
    return {
        "added": (
            _("You were registered for %(event)s") % values,
            _("The organisers registered you"),
            _(
                "The organisers of %(event)s registered you for it. Sign in with this email address and "
                "open “My events” to accept the registration or cancel it. Until you accept, the organisers "
                "see only the details they entered themselves."
            )
            % values,
        ),
        "given": (
            _("A place at %(event)s was given to you") % values,
            _("You were given a place"),
            _(
                "%(person)s gave you their place at %(event)s. Sign in with this email address and open "
                "“My events” to accept the registration or cancel it. Until you accept, the organisers see only "
                "the details %(person)s entered."
            )
            % values,
        ),
        "gave": (
            _("You gave your place at %(event)s") % values,
            _("Your place is given"),
            _(
                "You gave your place at %(event)s to %(person)s, so your registration is cancelled. "
                "We have written to them: they accept the place in “My events”. If this was a mistake, "
                "write to the organisers."
            )
            % values,
        ),
        "received": (
            _("Registration received: %(event)s") % values,
            _("We have received your registration"),
            _(
                "Thank you for registering for %(event)s. The organisers approve each registration; "
                "we will write to you as soon as they have decided."
            )
            % values,
        ),
        "confirmed": (
            _("Your registration is confirmed: %(event)s") % values,
            _("Your seat is confirmed"),
            _("Your registration for %(event)s is confirmed. Your ticket and a calendar file are below.") % values,
        ),
        "waitlisted": (
            _("You are on the waiting list: %(event)s") % values,
            _("You are on the waiting list"),
            _(
                "%(event)s is full for now. You are number %(position)s on the waiting list; "
                "we will write to you as soon as a seat is free."
            )
            % values,
        ),
        "promoted": (
            _("A seat is free — you are confirmed: %(event)s") % values,
            _("A seat became free for you"),
            _("A seat became free and your registration for %(event)s is now confirmed.") % values,
        ),
        "approved": (
            _("Your registration is approved: %(event)s") % values,
            _("Your registration is approved"),
            _("The organisers approved your registration for %(event)s. Your seat is confirmed.") % values,
        ),
        "declined": (
            _("Your registration was not accepted: %(event)s") % values,
            _("Your registration was not accepted"),
            _("We are sorry: the organisers could not accept your registration for %(event)s.") % values,
        ),
        "cancelled": (
            _("Your registration is cancelled: %(event)s") % values,
            _("Your registration is cancelled"),
            _("Your registration for %(event)s is cancelled. You are welcome to register again while it is open.")
            % values,
        ),
        "reminder": (
            _("Reminder: %(event)s is coming up") % values,
            _("See you soon"),
            _("This is a reminder that %(event)s starts soon. Please bring your ticket.") % values,
        ),
        "accept_reminder": (
            _("Accept your place: %(event)s starts soon") % values,
            _("A place is kept for you"),
            _(
                "%(event)s starts soon and a place is kept for you. Sign in with this email address and open "
                "“My events” to accept it and get your ticket, or cancel it so that someone else can have the seat."
            )
            % values,
        ),
        "evaluation": (
            _("How was %(event)s? Tell the organisers") % values,
            _("Tell the organisers how it went"),
            _(
                "Thank you for taking part in %(event)s. The organisers would like to know what you thought of it: "
                "the evaluation takes a few minutes, and your answers are stored without your name."
            )
            % values,
        ),
    }[kind]


def _giver(registration):
    """The name of the person who gave ``registration``'s place, in the active language."""
    earlier = registration.replaces
    return pick(earlier.person.name_ar, earlier.person.name) if earlier is not None else ""


def _taker(registration):
    """Whom ``registration``'s participant gave their place to, as they named them: the names
    they typed (in the active language when both), else the email address."""
    later = Registration.objects.filter(replaces=registration).first()
    if later is None:
        return ""
    return pick(later.entered_name_ar, later.entered_name) or later.entered_email


# Emails that ask the participant to do something on the site: the address (by its URL name,
# given the registration's reference) and the button's words. Accepting a place made for them
# opens the event's questions when it asks any (views/participant.py); some pages belong to
# other apps (the evaluation), which this app never imports.
ACCEPT = ("registrations:accept", gettext_lazy("Accept the registration"))
ACTIONS = {
    "added": ACCEPT,
    "given": ACCEPT,
    "accept_reminder": ACCEPT,
    "evaluation": ("evaluation:answer", gettext_lazy("Tell the organisers how it went")),
}


def _action(kind, registration):
    """``{"url", "label"}`` of the button an email of ``kind`` carries, or ``None``."""
    if kind not in ACTIONS:
        return None
    name, label = ACTIONS[kind]
    return {"url": absolute(reverse(name, args=[registration.reference])), "label": label}


def quoted_reason(registration, kind):
    """What an organiser typed for the participant when declining or cancelling, for the
    email of ``kind`` that says so (services/reasons.py); "" for any other email."""
    if kind not in WITH_REASON:
        return ""
    return str(organisers_reason(registration, WITH_REASON[kind]) or "")


def _registration(registration_id):
    return (
        Registration.objects.select_related("event", "event__locale", "person", "person__user")
        .filter(pk=registration_id)
        .first()
    )


def send_email(registration_id, kind):
    registration = _registration(registration_id)
    if registration is None:
        return False
    recipient = email_of(registration.person)
    if not recipient:
        return False
    language = registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        event = registration.event.localized_for(language) or registration.event
        subject, heading, message = texts(kind, event.title, registration)
        reason = quoted_reason(registration, kind)
        email_for(registration, event, subject, heading, message, kind=kind, reason=reason, to=recipient).send()
    return True


def confirmed_note(registration, language):
    """The organisers' note for confirmed participants of ``registration``'s event, in
    ``language`` (or the other), or ""."""
    settings = RegistrationSettings.objects.filter(event_id=registration.event_id).first()
    return settings.confirmed_note_for(language) if settings is not None else ""


def email_for(registration, event, subject, heading, message, *, kind, reason="", to="", action=None):
    """The email (not sent yet) to ``registration``'s person about ``event``, in the active
    language, in the frame every registration email shares: the message, the event with its
    date and link; for the kinds in ``WITH_TICKET`` the ticket, the calendar file and the
    organisers' note for confirmed participants; the link to all their registrations; and the
    organisers' address for questions (``EventPage.contact``), also the email's Reply-To. An
    invitation has no registration yet (``None``) and gives its own ``action``, the button to
    its personal link."""
    language = translation.get_language()
    with_ticket = kind in WITH_TICKET and registration is not None
    # The organisers' address for questions: replies go to it instead of the site's own.
    contact = event.contact
    note = confirmed_note(registration, language) if with_ticket else ""
    context = {
        "registration": registration,
        "event": event,
        "when": event_times(event),
        "heading": heading,
        "message": message,
        "kind": kind,
        "reason": reason,
        "with_ticket": with_ticket,
        "meeting": meeting_links(registration, event) if with_ticket else MeetingLinks(),
        "event_url": absolute(event.url) if event.url else "",
        "ticket_url": absolute(reverse("registrations:ticket", args=[registration.reference])) if with_ticket else "",
        "my_events_url": absolute(reverse("registrations:my_events")),
        "action": action or _action(kind, registration),
        "language": language,
        "direction": "rtl" if translation.get_language_bidi() else "ltr",
        "contact": contact,
        "note": note,
    }
    text = render_to_string("registrations/email/message.txt", context)
    html = render_to_string("registrations/email/message.html", context)
    email = EmailMultiAlternatives(
        f"[{_('Multaqa')}] {subject}",
        text,
        settings.DEFAULT_FROM_EMAIL,
        [to] if to else [],
        reply_to=[contact] if contact else None,
    )
    email.attach_alternative(html, "text/html")
    if with_ticket:
        email.attach(f"{event.slug}.ics", event_ics(event), "text/calendar; charset=utf-8")
    return email


def organisers_message_email(message, registration, to=""):
    """The email of the organisers' ``message`` to ``registration``'s person, in the version
    they read (``EventMessage.version_for``) and the language of that version."""
    language, subject, body = message.version_for(registration.language)
    with translation.override(language):
        event = registration.event.localized_for(language) or registration.event
        return email_for(registration, event, subject, subject, body, kind="message", to=to)


def send_organisers_message(message_id, registration_id):
    """Sends the organisers' message ``message_id`` to one of its registrations; nothing when
    the message or the registration is gone, or the person has no email any more."""
    message = EventMessage.objects.filter(pk=message_id).first()
    registration = _registration(registration_id)
    if message is None or registration is None or registration.event_id != message.event_id:
        return False
    recipient = email_of(registration.person)
    if not recipient:
        return False
    organisers_message_email(message, registration, to=recipient).send()
    return True


def answers_changed_email(change, to=""):
    """The email (not sent yet) telling ``change``'s registration that its answers changed: who
    changed them (the person, or the organisers) and the labels of the questions, in the
    language they registered in, never the answers themselves; the button opens the
    registration's page, where they are."""
    registration = change.registration
    language = registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        event = registration.event.localized_for(language) or registration.event
        registration_settings = RegistrationSettings.objects.filter(event_id=registration.event_id).first()
        questions = list(registration_settings.questions.all()) if registration_settings else []
        values = {"event": event.title, "questions": changed_questions(questions, change.questions)}
        if change.by_participant:
            heading = _("You changed your answers")
            message = _("You changed your answers for %(event)s: %(questions)s.") % values
        else:
            heading = _("The organisers changed your answers")
            message = (
                _(
                    "The organisers of %(event)s changed your answers: %(questions)s. "
                    "Your answers as they are now are on your registration's page."
                )
                % values
            )
        subject = _("Your answers were changed: %(event)s") % values
        url = absolute(reverse("registrations:registration", args=[registration.reference]))
        action = {"url": url, "label": _("See my answers")}
        return email_for(registration, event, subject, heading, message, kind="answers", action=action, to=to)


def send_answers_changed(change_id):
    """Sends the email of the change of answers ``change_id``; nothing when the change or its
    registration is gone, or the person has no email any more."""
    change = (
        AnswerChange.objects.select_related(
            "registration__event", "registration__event__locale", "registration__person__user"
        )
        .filter(pk=change_id)
        .first()
    )
    if change is None:
        return False
    recipient = email_of(change.registration.person)
    if not recipient:
        return False
    answers_changed_email(change, to=recipient).send()
    return True


def invitation_url(invitation):
    """The personal link of ``invitation``, in its language."""
    with translation.override(invitation.language):
        return absolute(reverse("registrations:invitation", args=[invitation.event_id, invitation.token]))


def invitation_email(invitation):
    """The email of ``invitation`` (not sent yet), in its language: the event, its dates and
    the personal link."""
    with translation.override(invitation.language):
        event = invitation.event.localized_for(invitation.language) or invitation.event
        values = {"event": event.title}
        if invitation.name:
            heading = _("%(name)s, you are invited") % {"name": invitation.name}
        else:
            heading = _("You are invited")
        message = (
            _(
                "The organisers of %(event)s invite you to register for it. Registration is by invitation: "
                "the button below is your personal link. Open it, sign in or create an account, and fill in the form. "
                "The link works once; please do not share it."
            )
            % values
        )
        action = {"url": invitation_url(invitation), "label": _("Register with my invitation")}
        subject = _("You are invited to register: %(event)s") % values
        return email_for(None, event, subject, heading, message, kind="invitation", action=action, to=invitation.email)


def send_invitation(invitation_id):
    """Sends the invitation ``invitation_id``; nothing once it is withdrawn or used."""
    invitation = (
        Invitation.objects.select_related("event", "event__locale")
        .filter(pk=invitation_id, revoked_at__isnull=True, registration__isnull=True)
        .first()
    )
    if invitation is None:
        return False
    invitation_email(invitation).send()
    return True
