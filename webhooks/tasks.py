"""The webhooks' background work, on Django's task framework (inline in the demo, a worker in
production): sharing a change out to the endpoints that want it, and sending each delivery.

A delivery that meets a network error, no answer within five seconds or an answer outside
2xx is tried again by the worker with a growing wait (core/tasks.py): 1, 2, 4 … 64 minutes
apart, eight attempts over about two hours. Every attempt is recorded on the delivery. After
the last one it stays failed: staff send it again from the endpoint's page, or the task from
the list of failed tasks.
"""

from datetime import timedelta
from functools import partial

from django.db import transaction

from core.tasks import final_attempt, retrying_task

from . import delivery

RETRY = {"max_attempts": 8, "backoff": timedelta(minutes=1)}


class DeliveryFailed(Exception):
    """An attempt failed and another is due: raised so that the worker tries again."""


@retrying_task(**RETRY, on_retry=delivery.ready_again)
def send_delivery(delivery_id):
    if delivery.attempt(delivery_id, final=final_attempt()):
        raise DeliveryFailed(delivery_id)


@retrying_task(max_attempts=5, backoff=timedelta(seconds=30))
def fan_out(kinds, event_id, registration_id, occurred_at, details):
    """Writes the deliveries of one change and queues each once they are committed (all of
    them or, if the database fails, none: the worker tries again)."""
    with transaction.atomic():
        ids = delivery.fan_out(kinds, event_id, registration_id, occurred_at, details)
        for delivery_id in ids:
            transaction.on_commit(partial(send_delivery.enqueue, delivery_id))
    return len(ids)
