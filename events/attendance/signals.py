"""Registering can make the network too: when an event's plan says members join by
registering, a confirmed (and accepted) registration adds its person to the event's networks,
in the transaction that confirmed it."""

from .services.membership import join_networks


def join_on_confirmation(sender, instance, created, raw=False, **kwargs):
    if raw or not created or instance.to_status != "confirmed":
        return
    registration = instance.registration
    if not registration.awaiting_acceptance:
        join_networks(registration, attended=False)
