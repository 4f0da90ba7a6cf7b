"""Template helpers for the registration pages and the event page's call to action."""

from django import template
from django.urls import reverse

from events.registrations.services import availability
from events.registrations.services.calendar import event_times, format_in_zone
from events.registrations.services.questions import one_click_key
from network.models import Person

register = template.Library()


@register.filter
def event_when(event, with_zone=True):
    """When ``event`` runs; ``event|event_when:False`` leaves out the time zone."""
    return event_times(event, with_zone=with_zone) if event is not None and event.start and event.end else ""


@register.simple_tag(takes_context=True)
def registration_cta(context, event):
    """Everything the call to action on ``event``'s page needs for the current visitor."""
    if event is None or event.pk is None:
        return {"state": "not_offered"}
    request = context.get("request")
    user = getattr(request, "user", None)
    person = None
    if user is not None and user.is_authenticated:
        person = Person.objects.filter(user=user).first()
    state = availability(event, person)
    cta = {
        "state": state.state,
        "is_past": event.is_past,
        "availability": state,
        "register_url": reverse("registrations:register", args=[event.pk]),
        "my_events_url": reverse("registrations:my_events"),
        "one_click_key": "",
    }
    registration = state.registration
    if registration is not None:
        cta["position"] = registration.waitlist_position()
        cta["registration_url"] = reverse("registrations:registration", args=[registration.reference])
        if registration.is_confirmed and registration.awaiting_acceptance:
            # Made by the organisers and not accepted yet: the ticket comes after accepting.
            cta["ticket_url"] = f"{cta['my_events_url']}#{registration.reference}"
        elif registration.is_confirmed:
            cta["ticket_url"] = reverse("registrations:ticket", args=[registration.reference])
    elif state.state in ("open", "waitlist"):
        cta["one_click_key"] = one_click_key(state.settings, person)
        if cta["one_click_key"]:
            cta["name"], cta["name_ar"] = person.name, person.name_ar
    return cta


@register.filter
def event_datetime(value, event):
    """``value`` in ``event``'s time zone, formatted for the active language."""
    if not value:
        return ""
    return format_in_zone(value, event)


@register.filter
def address_parts(address):
    """An email address cut just after its "@", the one place a narrow column may break it:
    ``["layla.hassan@", "example.org"]``."""
    local, at, domain = address.rpartition("@")
    return [local + at, domain] if at else [address]


@register.filter
def needs_answer(bound_field):
    """Whether the form marks ``bound_field`` as needing an answer: a required field, or a
    required question asked only on an earlier answer (services/questions.py ask_only_if)."""
    field = bound_field.field
    return field.required or getattr(field, "required_when_asked", False)
