from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from events.permissions import can_manage_event, desk_policy
from events.registrations.models import Registration, RegistrationStatus
from events.registrations.services import RegistrationError, ticket_pdf
from events.registrations.services.tickets import check_ticket, ticket_registration

from .helpers import personal


@personal
@login_required
def ticket(request, reference):
    """The ticket PDF, for its owner and for staff who manage the event; 404 for anyone else."""
    registration = (
        Registration.objects.select_related("event", "person")
        .filter(reference=reference, status=RegistrationStatus.CONFIRMED, awaiting_acceptance=False)
        .first()
    )
    if registration is None:
        raise Http404
    if registration.person.user_id != request.user.pk and not can_manage_event(request.user, registration.event):
        raise Http404
    response = HttpResponse(ticket_pdf(registration), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ticket-{registration.reference}.pdf"'
    return response


@personal
@login_required
def ticket_check(request, token):
    """What the event's organisers and desk staff see after scanning a ticket's QR code with a
    phone's ordinary camera, with the way to the event's desk to check the person in. Staff of
    another event learn nothing of the registration, not even its status."""
    if not desk_policy.user_has_permission(request.user):
        raise Http404
    try:
        registration = ticket_registration(token)
        if not desk_policy.user_has_permission_for(request.user, registration.event):
            raise Http404
        check_ticket(registration)
    except RegistrationError as error:
        return render(request, "registrations/ticket_check.html", {"error": error}, status=404)
    return render(request, "registrations/ticket_check.html", {"registration": registration, "token": token})
