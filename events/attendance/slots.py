"""The slots of an event: what attendance is taken for.

A slot is a day of the event (its key the local date, ``2018-04-14``) or one session of its
agenda, breaks left out (its key the session's ``key``, which both language versions share), as
the event's attendance plan says. Slots are computed from the event, never stored: moving a
session moves its slot, and records keep their key.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import dates
from events.models import EventPage, SessionKind

from .errors import AttendanceError
from .models import AttendancePlan, SlotUnit


@dataclass(frozen=True)
class Slot:
    key: str
    kind: str  # SlotUnit
    start: datetime
    end: datetime
    title: str  # the session's title in the active language; "" for a day
    zone: object

    @property
    def local_date(self):
        return timezone.localtime(self.start, self.zone).date()

    @property
    def minutes(self):
        return max(0, int((self.end - self.start).total_seconds() // 60))

    @property
    def label(self):
        """ "14 April 2018", or "Opening session — 14 April 2018, 09:00" in the active language."""
        when = dates.day(timezone.localtime(self.start, self.zone))
        if self.kind == SlotUnit.DAY:
            return when
        return f"{self.title} — {dates.date_range(self.start, self.end, self.zone, with_time=True)}"

    def contains(self, moment):
        return self.start <= moment < self.end

    def is_to_come(self, now=None):
        """Not begun yet: no one can have missed it."""
        return self.start > (now or timezone.now())


def plan_for(event):
    """The event's attendance plan (unsaved defaults when it has none); ``event`` is any
    language version."""
    canonical = event.canonical
    plan = AttendancePlan.objects.filter(event_id=canonical.pk).first()
    return plan or AttendancePlan(event=canonical)


def _days(event):
    zone = event.zone
    first, last = event.local_start.date(), event.local_end.date()
    slots = []
    day = first
    while day <= last:
        start = max(event.start, datetime.combine(day, time.min, tzinfo=zone))
        end = min(event.end, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone))
        slots.append(Slot(day.isoformat(), SlotUnit.DAY, start, max(start, end), "", zone))
        day += timedelta(days=1)
    return slots


def _sessions(event):
    # The sessions as the visitor's language version titles them; keys are shared.
    page = event.localized if isinstance(event, EventPage) else event
    sessions = page.sessions.exclude(kind=SessionKind.BREAK).order_by("start", "sort_order", "pk")
    return [Slot(str(s.key), SlotUnit.SESSION, s.start, s.end, s.title, event.zone) for s in sessions]


def slots_for(event, plan=None):
    """The event's slots in time order."""
    plan = plan or plan_for(event)
    return _sessions(event) if plan.unit == SlotUnit.SESSION else _days(event)


def slot_for(event, key, plan=None):
    """The slot of ``event`` with ``key``, or an ``AttendanceError`` (``no_slot``)."""
    for slot in slots_for(event, plan):
        if slot.key == str(key):
            return slot
    raise AttendanceError(_("This day or session is not part of the event."), "no_slot")


def slots_on(event, day, plan=None):
    """The slots that take place on ``day`` (a date, in the event's time zone)."""
    if not isinstance(day, date):
        return []
    return [slot for slot in slots_for(event, plan) if slot.local_date == day]


def current_slot(slots, now=None):
    """The slot the desk most likely works on now: the one in progress, else the next one,
    else the last one."""
    now = now or timezone.now()
    for slot in slots:
        if slot.contains(now):
            return slot
    upcoming = [slot for slot in slots if slot.start > now]
    if upcoming:
        return upcoming[0]
    return slots[-1] if slots else None
