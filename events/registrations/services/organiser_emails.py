"""The organisers' emails about an event's registrations, as its settings choose
(``RegistrationSettings.notify_organisers``).

What is told: with "requests waiting for approval", each registration that arrives pending
approval; with "every registration and cancellation", each registration a participant makes
(pending, confirmed or waitlisted) and each cancellation by a participant. What staff do
themselves — adding someone, an import of hundreds of rows, a cancellation from the admin — is
never emailed: the organisers did it, and the event's audit log keeps it.

Who is told: the event's organisers (``events.permissions.event_organisers``), each in their
admin's language (their Wagtail profile's, else the site's), with the person's name in that
language's script as the admin shows it, the status, the reference and a link to the
registration in the admin; never answers, email, phone or gender.

When: at most one email per event every ``INTERVAL``. The registration's transaction queues
``tell_organisers`` (one task row with the database queue; under the event's lock nothing is
read that the lock did not read already). The task locks the event's ``OrganiserNotice`` row
and counts the change; when no email went out in the last ``INTERVAL`` it renders one per
organiser and queues them with its own transaction, clearing the counts, so two app
processes never both send. A change within ``INTERVAL`` of the last email is only counted:
it is reported by the next email, which then gives the numbers since the last one and links
to the event's list instead of one registration. That next email goes at the next change
after the interval; with a queue that can run tasks later (the database one), the first
change counted also queues a task for the end of the interval, so the end of a burst is
reported then even if no one else registers. With the immediate backend (the demo's) it waits
for the next change.
"""

from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.mail import message_data, send_message
from core.records import locked
from core.tasks import EMAIL_RETRY, retrying_task
from core.text import join, label_of, pick
from events.models import EventPage
from events.permissions import event_organisers
from events.registrations.models import (
    OrganiserEmails,
    OrganiserNotice,
    Registration,
    RegistrationSettings,
    RegistrationSource,
    RegistrationStatus,
)

from .emails import absolute
from .notifications import queue_on_commit
from .people import StaffDetails

INTERVAL = timedelta(minutes=10)
REGISTERED, CANCELLED = "registered", "cancelled"


def wanted(choice, registration, change):
    """Whether an event whose organisers chose ``choice`` emails them about ``change``
    (``REGISTERED`` online, or ``CANCELLED`` by the participant) of ``registration``."""
    if change == CANCELLED:
        return choice == OrganiserEmails.ALL
    if registration.source != RegistrationSource.ONLINE:
        return False
    if choice == OrganiserEmails.PENDING:
        return registration.status == RegistrationStatus.PENDING
    return choice == OrganiserEmails.ALL


def tell_on_commit(settings, registration, change):
    """Queues the organisers' email about ``change`` of ``registration`` with the current
    transaction, when the event's ``settings`` (the locked row) ask for it."""
    if wanted(settings.notify_organisers, registration, change):
        queue_on_commit(tell_organisers, registration.pk, change)


@retrying_task(**EMAIL_RETRY)
def tell_organisers(registration_id, change):
    """Counts ``change`` of a registration for its event's organisers, and queues their
    emails when one is due; returns how many were queued."""
    return counted(registration_id, change)


@retrying_task(**EMAIL_RETRY)
def tell_organisers_later(event_id):
    """At the end of an interval: the changes counted since the last email, if any."""
    return counted(None, None, event_id=event_id)


def counted(registration_id, change, *, event_id=None, now=None):
    """Counts ``change`` of the registration ``registration_id`` (none: only sends what was
    counted for ``event_id``) and queues the organisers' emails when the last went out at
    least ``INTERVAL`` before ``now``; returns how many emails were queued."""
    now = now or timezone.now()
    registration = None
    if registration_id is not None:
        registration = Registration.objects.select_related("event", "person").filter(pk=registration_id).first()
        if registration is None:
            return 0
        event_id = registration.event_id
    with transaction.atomic():
        OrganiserNotice.objects.get_or_create(event_id=event_id)
        notice = locked(OrganiserNotice.objects.filter(event_id=event_id)).get()
        if change == REGISTERED:
            notice.registrations += 1
        elif change == CANCELLED:
            notice.cancellations += 1
        if notice.sent_at is not None and now < notice.sent_at + INTERVAL:
            if notice.registrations + notice.cancellations == 1:
                _tell_later(event_id, notice.sent_at + INTERVAL)
            notice.save(update_fields=["registrations", "cancellations"])
            return 0
        choice = RegistrationSettings.objects.filter(event_id=event_id).values_list("notify_organisers", flat=True)
        choice = choice.first() or OrganiserEmails.NEVER
        if notice.registrations + notice.cancellations == 0 or choice == OrganiserEmails.NEVER:
            notice.registrations, notice.cancellations = 0, 0
            notice.save(update_fields=["registrations", "cancellations"])
            return 0
        single = registration if notice.registrations + notice.cancellations == 1 else None
        news = SimpleNamespace(
            registration=single,
            change=change,
            registrations=notice.registrations,
            cancellations=notice.cancellations,
            choice=choice,
        )
        event = registration.event if registration else EventPage.objects.get(pk=event_id)
        sent = 0
        for user in event_organisers(event).exclude(email="").select_related("wagtail_userprofile"):
            queue_on_commit(send_message, message_data(organiser_email(user, event, news)))
            sent += 1
        notice.sent_at, notice.registrations, notice.cancellations = now, 0, 0
        notice.save(update_fields=["sent_at", "registrations", "cancellations"])
    return sent


def _tell_later(event_id, at):
    """Queues ``tell_organisers_later`` for ``at``, when the queue can wait that long."""
    if tell_organisers_later.get_backend().supports_defer:
        queue_on_commit(tell_organisers_later.using(run_after=at), event_id)


def language_of(user):
    """The language of ``user``'s admin: their profile's choice, else the site's."""
    profile = getattr(user, "wagtail_userprofile", None)
    return (profile.preferred_language if profile else "") or settings.LANGUAGE_CODE


def _texts(news, event_title, registration):
    """Subject and message of the email about ``news``, in the active language."""
    values = {"event": event_title}
    if registration is not None:
        if news.change == CANCELLED:
            return _("Registration cancelled: %(event)s") % values, _("A participant cancelled their registration.")
        if registration.status == RegistrationStatus.PENDING:
            return (
                _("New registration waiting for approval: %(event)s") % values,
                _("A new registration is waiting for your approval."),
            )
        return _("New registration: %(event)s") % values, _("Someone registered.")
    counts = [
        ngettext("%(count)s new registration", "%(count)s new registrations", news.registrations)
        % {"count": news.registrations}
        if news.registrations
        else "",
        ngettext("%(count)s cancellation", "%(count)s cancellations", news.cancellations)
        % {"count": news.cancellations}
        if news.cancellations
        else "",
    ]
    message = _("Since the last email: %(changes)s.") % {"changes": join(counts)}
    if news.choice == OrganiserEmails.PENDING:
        return _("New registrations waiting for approval: %(event)s") % values, message
    return _("New registrations and cancellations: %(event)s") % values, message


def _list_url(event, news):
    """The event's registrations in the admin, filtered to what the email reports."""
    if news.choice == OrganiserEmails.PENDING:
        query = {"status": RegistrationStatus.PENDING}
    elif not news.registrations:
        query = {"status": RegistrationStatus.CANCELLED}
    else:
        query = {"ordering": "-created_at"}
    return absolute(reverse("registrations_admin:event", args=[event.pk])) + "?" + urlencode(query)


def organiser_email(user, event, news):
    """The email (not sent yet) to the organiser ``user`` about ``news`` of the canonical
    ``event``, in the language of their admin."""
    language = language_of(user)
    registration = news.registration
    with translation.override(language):
        title = (event.localized_for(language) or event).title
        subject, message = _texts(news, title, registration)
        context = {
            "heading": subject,
            "message": message,
            "event_title": title,
            "language": language,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            "settings_url": absolute(reverse("registrations_admin:settings", args=[event.pk])),
        }
        if registration is not None:
            details = StaffDetails(registration)
            context |= {
                "name": pick(details.name_ar, details.name) or _("(no name given)"),
                "status": label_of(RegistrationStatus, registration.status),
                "reference": registration.reference,
                "url": absolute(reverse("registrations_admin:detail", args=[registration.event_id, registration.pk])),
                "label": _("Open the registration"),
            }
        else:
            context |= {"url": _list_url(event, news), "label": _("Open the registrations")}
        text = render_to_string("registrations/email/organisers.txt", context)
        html = render_to_string("registrations/email/organisers.html", context)
        email = EmailMultiAlternatives(f"[{_('Multaqa')}] {subject}", text, settings.DEFAULT_FROM_EMAIL, [user.email])
    email.attach_alternative(html, "text/html")
    return email
