"""The counts capacity and the waiting list depend on — confirmed, waitlisted, pending — kept
as the event's counter in its settings row (``RegistrationSettings.COUNT_FIELDS``), so that
no registration counts the event's registrations while it holds the event's lock.

The counter lives in the row that is the lock: the lock's one query (``lifecycle.lock_settings``)
also reads the counts, and on PostgreSQL a request that waited for the lock gets the row as the
request before it left it (a row locked ``FOR UPDATE`` is read again once the lock is granted,
which a second table joined or read in the same statement would not be).

- ``locked_counts`` is what the status rules read under the lock: the counter, however many
  people registered. An event not counted yet (its settings were made after the migration
  that filled the counters) is counted once, under that lock.
- ``count_change`` is the one writer: every change of a registration's status, every new
  registration and every deleted one goes through it, in the transaction that makes the
  change (``lifecycle`` for registering, cancelling, declining, approving, promoting and the
  promotions of the waiting list, which imports, staff additions and walk-ins at the desk
  go through too; ``registration_deleted`` for a registration deleted, such as the duplicate
  one a merge of two people drops). Accepting a registration, deleting an account and
  erasing personal data change no status, and so no count.
- ``read_counts`` / ``read_counts_many`` give the same figures to pages that only show them.
- ``reconcile`` compares every counter with the registrations and, asked to, corrects it
  under the event's lock (``manage.py reconcile_registration_counts``).

``seats_changed`` is the hook for whatever shows seats (a cached event page, a list of
events): it is sent once the transaction that changed an event's counts has committed.
"""

from dataclasses import astuple, dataclass

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.db.models.sql import UpdateQuery
from django.dispatch import Signal

from core.compiled import CompiledQuery
from events.registrations.models import ACTIVE_STATUSES, Registration, RegistrationSettings, RegistrationStatus
from events.registrations.models.settings import COUNT_FIELDS

NAMES = ("confirmed", "waitlisted", "pending")
FIELD_OF_STATUS = {
    RegistrationStatus.CONFIRMED: "confirmed_count",
    RegistrationStatus.WAITLISTED: "waitlisted_count",
    RegistrationStatus.PENDING: "pending_count",
}

# Sent with ``event_id`` (the canonical page's) once the transaction that changed the event's
# counts has committed; ``sender`` is ``RegistrationSettings``. Receivers run in the request
# that changed the seats: they must be quick and must not raise.
seats_changed = Signal()


@dataclass
class Counts:
    confirmed: int = 0
    waitlisted: int = 0
    pending: int = 0

    @classmethod
    def for_event(cls, event_id):
        """The event's counts as a page shows them (``read_counts``)."""
        return read_counts(event_id)

    @classmethod
    def of(cls, settings):
        """The counter of ``settings`` (None when the event is not counted yet)."""
        return cls.of_row([getattr(settings, name) for name in COUNT_FIELDS])

    @classmethod
    def of_row(cls, values):
        """The counter from its ``COUNT_FIELDS``' values (None when not counted yet)."""
        return None if None in values else cls(*values)

    def as_fields(self):
        return dict(zip(COUNT_FIELDS, astuple(self), strict=True))


COUNT_EXPRESSIONS = {
    name: Count("pk", filter=Q(status=status)) for name, status in zip(NAMES, FIELD_OF_STATUS, strict=True)
}


def _active(event_id):
    registrations = Registration.objects.filter(event_id=event_id, status__in=ACTIVE_STATUSES)
    return registrations.values_list("status").annotate(number=Count("pk")).order_by()


def _counter(event_id):
    return RegistrationSettings.objects.filter(event_id=event_id).values_list(*COUNT_FIELDS)


class _Update:
    """``queryset``'s UPDATE setting ``values``, in the shape ``CompiledQuery`` compiles."""

    def __init__(self, queryset, **values):
        self.query = queryset.query.chain(UpdateQuery)
        self.query.add_update_values(values)


def _add(event_id, confirmed, waitlisted, pending):
    deltas = dict(zip(COUNT_FIELDS, (confirmed, waitlisted, pending), strict=True))
    return _Update(
        RegistrationSettings.objects.filter(event_id=event_id),
        **{name: F(name) + delta for name, delta in deltas.items()},
    )


# Compiled once (core/compiled.py): every registration changes its event's counter.
ACTIVE = CompiledQuery(_active, -9_000_000_003)
COUNTER = CompiledQuery(_counter, -9_000_000_004)
ADD = CompiledQuery(_add, -9_000_000_004, -9_000_000_005, -9_000_000_006, -9_000_000_007)


def counted(event_id):
    """The event's counts from its registrations themselves, in one grouped query."""
    found = dict(ACTIVE.rows([event_id]))
    return Counts(*(found.get(status, 0) for status in FIELD_OF_STATUS))


def locked_counts(settings):
    """The counts of the event whose settings (and so lock) the transaction holds, from its
    counter: no query, whatever the number of registrations. An event not counted yet is
    counted from its registrations (under the lock, so nothing changes them meanwhile) and
    its counter set."""
    counts = Counts.of(settings)
    if counts is None:
        counts = counted(settings.event_id)
        RegistrationSettings.objects.filter(pk=settings.pk).update(**counts.as_fields())
        for name, value in counts.as_fields().items():
            setattr(settings, name, value)
    return counts


def count_change(event_id, before=None, after=None, *, settings=None):
    """Applies one registration's change of status to its event's counter: ``before`` is its
    status until now (None for a new registration), ``after`` its status from now on (None
    for a deleted one). Call it in the transaction that writes the change, holding the
    event's lock where capacity is decided (``lifecycle.lock_settings``), whose ``settings``
    are then given so that what they say stays true for the rest of the transaction.

    This is the single place that knows "the seats of event X changed": once the transaction
    commits, ``seats_changed`` is sent with ``event_id``, for caches of pages showing seats to
    connect to. A change between statuses that are not counted (cancelled, declined) changes
    nothing and sends nothing. An event not counted yet stays so (NULL plus one is NULL): it
    is counted when it is first needed (``locked_counts``)."""
    deltas = dict.fromkeys(COUNT_FIELDS, 0)
    if before in FIELD_OF_STATUS:
        deltas[FIELD_OF_STATUS[before]] -= 1
    if after in FIELD_OF_STATUS:
        deltas[FIELD_OF_STATUS[after]] += 1
    if not any(deltas.values()):
        return
    sql, params = ADD.sql([event_id, *deltas.values()])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    if settings is not None and Counts.of(settings) is not None:
        for name, delta in deltas.items():
            setattr(settings, name, getattr(settings, name) + delta)
    _announce(event_id)


def _announce(event_id):
    if seats_changed.has_listeners(RegistrationSettings):
        transaction.on_commit(lambda: seats_changed.send(sender=RegistrationSettings, event_id=event_id))


def registration_deleted(sender, instance, origin=None, **kwargs):
    """``post_delete`` of a registration (connected in apps.py): a registration deleted by
    itself or with others of its kind (a merge drops the duplicate's) leaves its event's
    counts. One deleted with its event goes with the event's settings, and is not counted."""
    model = getattr(origin, "model", type(origin))
    if isinstance(model, type) and issubclass(model, Registration):
        count_change(instance.event_id, before=instance.status)


def read_counts(event_id, settings=None):
    """The event's counts for a page that shows them (no lock: they may be out of date by the
    time someone acts on them): its counter — from ``settings`` when the page has them, from
    one small query otherwise — or, for an event not counted yet, its registrations counted."""
    if settings is not None:
        counts = Counts.of(settings)
    else:
        row = COUNTER.rows([event_id])
        counts = Counts.of_row(row[0]) if row else None
    return counts if counts is not None else counted(event_id)


def read_counts_many(event_ids):
    """``{event_id: Counts}`` for lists of events: the counters in one query, the events not
    counted yet counted in a second."""
    event_ids = list(event_ids)
    rows = RegistrationSettings.objects.filter(event_id__in=event_ids).values_list("event_id", *COUNT_FIELDS)
    found = {row[0]: Counts.of_row(row[1:]) for row in rows if None not in row}
    missing = [event_id for event_id in event_ids if event_id not in found]
    if missing:
        found.update(_counted_many(missing))
    return {event_id: found.get(event_id, Counts()) for event_id in event_ids}


def _counted_many(event_ids=None):
    registrations = Registration.objects.all()
    if event_ids is not None:
        registrations = registrations.filter(event_id__in=list(event_ids))
    rows = registrations.values("event_id").annotate(**COUNT_EXPRESSIONS).order_by()
    return {row.pop("event_id"): Counts(**row) for row in rows}


@dataclass
class Difference:
    """An event whose counter (``kept``; None: not counted yet) is not its registrations'
    counts (``true``)."""

    event_id: int
    kept: Counts | None
    true: Counts
    fixed: bool = False

    def __str__(self):
        kept = "not counted yet" if self.kept is None else "counter {}/{}/{}".format(*astuple(self.kept))
        true = "registrations {}/{}/{}".format(*astuple(self.true))
        return f"event {self.event_id}: {kept}, {true} (confirmed/waitlisted/pending)"


def reconcile(*, fix=False, event_ids=None):
    """The events taking registrations whose counter differs from their registrations'
    counts, as ``Difference``s; an event not counted yet is one only when it has active
    registrations (its first registration counts them). With ``fix``, each is counted again
    and its counter set under the event's lock, in a transaction of its own; one that agreed
    once locked (a change was committing while they were compared) is left out. Two grouped
    queries find them, whatever the number of events."""
    settings = RegistrationSettings.objects.all()
    if event_ids is not None:
        settings = settings.filter(event_id__in=list(event_ids))
    kept = {row[0]: Counts.of_row(row[1:]) for row in settings.values_list("event_id", *COUNT_FIELDS)}
    true = _counted_many(kept)
    differences = []
    for event_id, counter in sorted(kept.items()):
        counts = true.get(event_id, Counts())
        if counter != counts and not (counter is None and counts == Counts()):
            differences.append(Difference(event_id, counter, counts))
    if not fix:
        return differences
    return [difference for difference in map(_fix, differences) if difference is not None]


def _fix(difference):
    with transaction.atomic():
        settings = RegistrationSettings.objects.select_for_update().filter(event_id=difference.event_id).first()
        if settings is None:
            return None
        kept, true = Counts.of(settings), counted(difference.event_id)
        if kept == true:
            return None
        RegistrationSettings.objects.filter(pk=settings.pk).update(**true.as_fields())
        _announce(difference.event_id)
    return Difference(difference.event_id, kept, true, fixed=True)
