from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from events.registrations.models import Registration, RegistrationStatus
from events.registrations.services import RegistrationError, ticket_pdf, verify_ticket_token
from events.registrations.services.permissions import can_manage_event, can_manage_registrations


@login_required
def ticket(request, reference):
    """The ticket PDF, for its owner and for staff who manage the event; 404 for anyone else."""
    registration = (
        Registration.objects.select_related("event", "person")
        .filter(reference=reference, status=RegistrationStatus.CONFIRMED)
        .first()
    )
    if registration is None:
        raise Http404
    if registration.person.user_id != request.user.pk and not can_manage_event(request.user, registration.event):
        raise Http404
    response = HttpResponse(ticket_pdf(registration), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ticket-{registration.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def ticket_check(request, token):
    """What the check-in desk sees after scanning a ticket's QR code."""
    if not can_manage_registrations(request.user):
        raise Http404
    try:
        registration = verify_ticket_token(token)
    except RegistrationError as error:
        return render(request, "registrations/ticket_check.html", {"error": error}, status=404)
    if not can_manage_event(request.user, registration.event):
        raise Http404
    return render(request, "registrations/ticket_check.html", {"registration": registration})
