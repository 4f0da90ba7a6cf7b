"""What organisers do with their endpoints — add, change, remove, rotate a secret, send a
delivery again — and how announced changes become deliveries. Each operation asks the events'
permission policy (access.py) and refuses with a ``WebhookError`` carrying a translated
message and a code; the admin's views only call these. Changes are written to Wagtail's log
of the endpoint, so its history says who did what.
"""

from datetime import UTC
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from events.permissions import can_manage_registrations, manageable_events

from . import addresses, signing
from .access import endpoints_for, may_manage, shows_secret
from .delivery import could_match, kinds_for
from .errors import WebhookError
from .models import Delivery, DeliveryStatus, Endpoint, Kind
from .tasks import fan_out, send_delivery

NOT_FOUND = _("This webhook endpoint does not exist or is not yours to manage.")


def _clean_kinds(kinds):
    kinds = [kind for kind in Kind.values if kind in set(kinds or ())]
    if not kinds:
        raise WebhookError(_("Choose at least one change to send."), "no_kinds")
    return kinds


def _check_event(by, event):
    if not can_manage_registrations(by):
        raise WebhookError(NOT_FOUND, "forbidden")
    if event is not None and not manageable_events(by).filter(pk=event.pk).exists():
        raise WebhookError(_("You may not manage this event."), "forbidden")


def create_endpoint(*, by, url, kinds, event=None, description="", active=True):
    """Adds an endpoint owned by ``by`` for ``event`` (a canonical page they may manage), or
    for every event they may manage (``event=None``), with a new secret."""
    _check_event(by, event)
    addresses.check(url)
    with transaction.atomic():
        endpoint = Endpoint.objects.create(
            url=url,
            event=event,
            owner=by,
            kinds=_clean_kinds(kinds),
            description=description,
            active=active,
            secret=signing.new_secret(),
        )
        log(endpoint, "wagtail.create", user=by)
    return endpoint


def update_endpoint(endpoint, *, by, url, kinds, description="", active=True):
    """Changes an endpoint's address, kinds, description or state; its event stays."""
    if not may_manage(by, endpoint):
        raise WebhookError(NOT_FOUND, "not_found")
    addresses.check(url)
    with transaction.atomic():
        endpoint.url, endpoint.kinds = url, _clean_kinds(kinds)
        endpoint.description, endpoint.active = description, active
        endpoint.save(update_fields=["url", "kinds", "description", "active"])
        log(endpoint, "wagtail.edit", user=by)
    return endpoint


def delete_endpoint(endpoint, *, by):
    if not may_manage(by, endpoint):
        raise WebhookError(NOT_FOUND, "not_found")
    with transaction.atomic():
        log(endpoint, "wagtail.delete", user=by)
        endpoint.delete()


def rotate_secret(endpoint, *, by):
    """Gives the endpoint a new secret, at once (the old one signs nothing more). Another
    organiser of the event may do it to take the endpoint over: they become its owner, the one
    who sees the secret."""
    with transaction.atomic():
        endpoint = endpoints_for(by).select_for_update().filter(pk=endpoint.pk).first()
        if endpoint is None:
            raise WebhookError(NOT_FOUND, "not_found")
        endpoint.secret = signing.new_secret()
        endpoint.secret_rotated_at = timezone.now()
        taken_over = not shows_secret(by, endpoint)
        endpoint.owner = by
        endpoint.save(update_fields=["secret", "secret_rotated_at", "owner"])
        log(endpoint, "webhooks.rotate_secret", user=by, data={"taken_over": taken_over})
    return endpoint


def redeliver(delivery_id, *, by):
    """Sends a delivery again, as it was first built, under the same id: a receiver that did
    get it the first time recognises it by its ``Multaqa-Delivery`` header."""
    with transaction.atomic():
        delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
        if delivery is None or not may_manage(by, delivery.endpoint):
            raise WebhookError(_("This delivery does not exist or is not yours to see."), "not_found")
        if not delivery.endpoint.active:
            raise WebhookError(_("This endpoint is switched off. Switch it on before sending to it again."), "inactive")
        delivery.status = DeliveryStatus.PENDING
        delivery.save(update_fields=["status"])
        log(delivery.endpoint, "webhooks.redeliver", user=by, data={"delivery": str(delivery.uuid)})
        transaction.on_commit(partial(send_delivery.enqueue, delivery.pk))
    return delivery


# --- announced changes ----------------------------------------------------------------------


def _queue(kinds, event_id, registration_id, at, details):
    if kinds and could_match(event_id, kinds):
        fan_out.enqueue(kinds, event_id, registration_id, at.astimezone(UTC).isoformat(), details)


def registration_changed(sender, registration_id, event_id, change, status, previous, at, **kwargs):
    """Receives events.registrations' announcement, after the change committed."""
    details = {"status": status, "previous": previous} if previous else {"status": status}
    _queue(kinds_for(change, status), event_id, registration_id, at, details)


def checked_in(sender, attendance_id, registration_id, event_id, slot, method, at, **kwargs):
    """Receives events.attendance's announcement, after the check-in committed."""
    _queue([Kind.CHECKED_IN.value], event_id, registration_id, at, {"slot": slot, "method": method})


def prune_deliveries(before):
    """Removes the finished deliveries made before ``before``; returns how many."""
    finished = Delivery.objects.filter(created_at__lt=before).exclude(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING]
    )
    return finished.delete()[1].get(Delivery._meta.label, 0)
