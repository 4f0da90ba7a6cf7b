"""Certificates outside the admin: the public verification page anyone reaches from a
certificate's QR code or its printed code, and the PDF its holder downloads from My events.

The verification page shows the holder's name, the event and the date, and nothing else of the
registration; a code that finds nothing gets the same answer whatever was typed. My events
(registrations' page) asks for its attendance and certificate rows through a hook
(events/attendance/wagtail_hooks.py)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from core import limits
from events import dates
from events.attendance.models import AttendancePlan, Certificate
from events.attendance.services.certificates import (
    LONGEST_INPUT,
    certificate_pdf,
    find,
    grouped,
    normalised,
    pdf_url,
    revoked_on,
)
from events.attendance.services.completion import progress_for
from events.permissions import can_manage_event
from events.registrations.models import RegistrationStatus
from events.registrations.views.helpers import personal
from events.translation import localized_events


def limited(view):
    """Codes are not guessed: one address may ask for ``RATE_LIMITS["certificate_verify"]`` a
    minute (core.limits); beyond, the page says to wait, with nothing looked up."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            limits.consume(request, "certificate_verify")
        except limits.TooManyAttempts as error:
            context = {"typed": "", "unknown": False, "refused": error.message}
            return render(request, "attendance/certificate_verify.html", context, status=error.status)
        return view(request, *args, **kwargs)

    return wrapped


@limited
def verify_form(request):
    """A form to type a code in; a code sent with it leads to its verification page."""
    typed = request.GET.get("code", "")[:LONGEST_INPUT].strip()
    if typed and normalised(typed):
        return redirect("attendance:certificate_verify", grouped(normalised(typed)))
    context = {"typed": typed, "unknown": bool(typed)}
    return render(request, "attendance/certificate_verify.html", context, status=404 if typed else 200)


@limited
def verify(request, code):
    certificate = find(code)
    if certificate is None:
        context = {"typed": code[:LONGEST_INPUT], "unknown": True}
        return render(request, "attendance/certificate_verify.html", context, status=404)
    registration = certificate.registration
    event = localized_events([registration.event], request.LANGUAGE_CODE)[0]
    context = {"certificate": certificate, "code": grouped(certificate.code)}
    if certificate.is_revoked:
        context["revoked_on"] = revoked_on(certificate)
    else:
        context.update(
            {
                "person": registration.person,
                "event": event,
                "when": dates.date_range(event.start, event.end, event.zone),
                "issued_on": dates.day(timezone.localtime(certificate.issued_at, event.zone)),
            }
        )
    return render(request, "attendance/certificate_verify.html", context)


@personal
@login_required
def download(request, code):
    """The certificate's PDF, drawn now: for its holder and the event's organisers; 404 for
    anyone else, and for a revoked certificate."""
    certificate = find(code)
    if certificate is None or certificate.is_revoked:
        raise Http404
    registration = certificate.registration
    if registration.person.user_id != request.user.pk and not can_manage_event(request.user, registration.event):
        raise Http404
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{grouped(certificate.code)}.pdf"'
    return response


# --- My events ---------------------------------------------------------------------------


def _rule_events(registrations):
    """The ids of the events among ``registrations``' that have a completion rule."""
    events = {registration.event_id for registration in registrations}
    plans = AttendancePlan.objects.filter(event_id__in=events).exclude(completion_rule="")
    return set(plans.exclude(completion_value=None).values_list("event_id", flat=True))


def my_certificates(registrations, now=None):
    """What My events shows of attendance and certificates, one row per registration that
    has something to show: a confirmed one of an event with a completion rule that has begun
    (its progress, as "4 of 7 attended; 1 more for a certificate."), or one with a
    certificate. ``registrations`` carry ``local_event``, the event in the page's language."""
    now = now or timezone.now()
    certificates = {
        certificate.registration_id: certificate
        for certificate in Certificate.objects.filter(registration__in=[r.pk for r in registrations])
    }
    with_rule = _rule_events(registrations) if registrations else set()
    rows = []
    for registration in registrations:
        certificate = certificates.get(registration.pk)
        counts = (
            registration.event_id in with_rule
            and registration.status == RegistrationStatus.CONFIRMED
            and not registration.awaiting_acceptance
            and registration.event.start <= now
        )
        if not counts and certificate is None:
            continue
        rows.append(
            {
                "registration": registration,
                "event": getattr(registration, "local_event", registration.event),
                "progress": progress_for(registration).summary() if counts and certificate is None else "",
                "certificate": certificate,
                "code": grouped(certificate.code) if certificate else "",
                "pdf_url": pdf_url(certificate) if certificate and not certificate.is_revoked else "",
                "revoked_on": revoked_on(certificate) if certificate and certificate.is_revoked else "",
            }
        )
    return rows
