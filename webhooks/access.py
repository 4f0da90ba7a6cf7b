"""Who sees an endpoint, and to whom its deliveries may go, in the events' own words.

There is no rule of the webhooks' own: ``events.permissions.registrations_policy`` — who may
manage an event's registrations — decides. An endpoint of one event is seen and managed by
everyone who may manage that event; an endpoint for "every event I may manage" is its owner's
alone (superusers see every endpoint). The signing secret is shown to the owner only. A
change is sent to an endpoint only while its owner may still manage the event, asked at the
time it is sent.
"""

from django.db.models import Q

from events.permissions import can_manage_registrations, manageable_events, registrations_policy

from .models import Delivery, Endpoint


def endpoints_for(user):
    """The endpoints ``user`` may see and manage."""
    if not can_manage_registrations(user):
        return Endpoint.objects.none()
    if user.is_superuser:
        return Endpoint.objects.all()
    events = manageable_events(user).values("pk")
    return Endpoint.objects.filter(Q(event__in=events) | Q(event__isnull=True, owner=user))


def deliveries_for(user):
    return Delivery.objects.filter(endpoint__in=endpoints_for(user).values("pk"))


def may_manage(user, endpoint):
    return endpoints_for(user).filter(pk=endpoint.pk).exists()


def shows_secret(user, endpoint):
    return user.pk == endpoint.owner_id


def may_receive(endpoint, event):
    """Whether ``endpoint`` may be sent the changes of ``event`` (the canonical page): its
    owner may manage the event."""
    if endpoint.event_id is not None and endpoint.event_id != event.pk:
        return False
    return registrations_policy.user_has_permission_for(endpoint.owner, event)
