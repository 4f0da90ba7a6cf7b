"""Taking part makes the network: the networks an event is tied to gain the people who attend
it (or who are confirmed for it, as the event's plan says), with the event they joined at.

New and returning members then follow from these records (network/membership.py), not from
figures typed into a page."""

from django.utils import timezone

from core.compiled import CompiledQuery
from events.attendance.models import AttendancePlan, MembershipTrigger
from network.models import NetworkMembership


def _plan(event_id):
    return AttendancePlan.objects.filter(event_id=event_id).order_by("pk")[:1]


# Compiled once (core/compiled.py): every confirmed registration asks for the event's plan.
PLAN = CompiledQuery(_plan, -9_000_000_008)
UNKNOWN = object()


def _trigger_met(trigger, attended):
    """Whether a plan with ``trigger`` (``None``: no plan) adds the person now: attending
    always does, registering only when the plan says so."""
    return trigger is not None and (attended or trigger == MembershipTrigger.REGISTERING)


def join_networks(registration, *, attended):
    """Adds ``registration``'s person to the event's networks, when the plan's trigger is met.
    A person already a member keeps the membership they have (and the event they first joined
    at). Runs inside the caller's transaction.

    A registration just made under its event's lock carries the plan's trigger as read with
    the lock (``membership_trigger``, ``None`` without a plan): without a plan, or with one
    that waits for attendance, nothing is read."""
    known = getattr(registration, "membership_trigger", UNKNOWN)
    if known is not UNKNOWN and not _trigger_met(known, attended):
        return 0
    plan = PLAN.first(AttendancePlan, [registration.event_id])
    if plan is None or not _trigger_met(plan.membership_trigger, attended):
        return 0
    added = 0
    joined_on = timezone.localtime(registration.event.start, registration.event.zone).date()
    for network in plan.networks.all():
        _membership, created = NetworkMembership.objects.get_or_create(
            network=network,
            person_id=registration.person_id,
            defaults={"joined_at_event_id": registration.event_id, "joined_on": joined_on},
        )
        added += created
    return added
