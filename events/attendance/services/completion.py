"""Who completed an event: the plan's rule (at least N % of the slots, K slots or H hours)
applied to each confirmed registration's attendance records.

A record's time is the minutes the online-meeting report gave, or else the slot's length (a
person checked in at the door is counted for the whole day or session)."""

from collections import defaultdict
from dataclasses import dataclass
from math import ceil

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.attendance.models import Attendance, CompletionRule
from events.attendance.slots import plan_for, slots_for
from events.registrations.models import Registration, RegistrationStatus


@dataclass(frozen=True)
class Progress:
    attended: int  # slots
    total: int  # slots in the event
    minutes: int
    rule: str
    value: int | None

    @property
    def has_rule(self):
        return bool(self.rule and self.value)

    @property
    def needed(self):
        """What is still missing, in the rule's unit (slots or hours); 0 when complete."""
        if not self.has_rule:
            return 0
        if self.rule == CompletionRule.HOURS:
            return max(0, ceil(self.value - self.minutes / 60))
        if self.rule == CompletionRule.PERCENT:
            return max(0, ceil(self.value * self.total / 100) - self.attended)
        return max(0, self.value - self.attended)

    @property
    def eligible(self):
        return self.has_rule and self.total > 0 and self.needed == 0

    def attended_text(self):
        """ "4 of 7 attended" in the active language."""
        return _("%(attended)s of %(total)s attended") % {"attended": self.attended, "total": self.total}

    def summary(self):
        """ "4 of 7 attended; 1 more for a certificate." in the active language."""
        text = self.attended_text()
        if not self.has_rule:
            return text
        if self.eligible:
            return _("%(progress)s; a certificate is due.") % {"progress": text}
        if self.rule == CompletionRule.HOURS:
            more = ngettext(
                "%(count)s more hour for a certificate", "%(count)s more hours for a certificate", self.needed
            ) % {"count": self.needed}
        else:
            more = ngettext("%(count)s more for a certificate", "%(count)s more for a certificate", self.needed) % {
                "count": self.needed
            }
        return _("%(progress)s; %(more)s.") % {"progress": text, "more": more}


def _minutes(record, lengths):
    return record.minutes if record.minutes is not None else lengths.get(record.slot, 0)


def progress_from(records, slots, plan):
    """The ``Progress`` of one registration from its attendance ``records``: those of a slot
    no longer among the event's ``slots`` do not count."""
    lengths = {slot.key: slot.minutes for slot in slots}
    counted = [record for record in records if record.slot in lengths]
    minutes = sum(_minutes(record, lengths) for record in counted)
    return Progress(len(counted), len(slots), minutes, plan.completion_rule, plan.completion_value)


def progress_of(event, registrations=None):
    """``{registration id: Progress}`` for the event's confirmed registrations (or those of
    ``registrations``), from one query over the records."""
    canonical = event.canonical
    plan = plan_for(canonical)
    slots = slots_for(canonical, plan)
    if registrations is None:
        registrations = Registration.objects.filter(
            event_id=canonical.pk, status=RegistrationStatus.CONFIRMED, awaiting_acceptance=False
        )
    ids = [getattr(r, "pk", r) for r in registrations]
    records = defaultdict(list)
    keys = [slot.key for slot in slots]
    for record in Attendance.objects.filter(registration_id__in=ids, slot__in=keys).only(
        "registration_id", "slot", "minutes"
    ):
        records[record.registration_id].append(record)
    return {pk: progress_from(records[pk], slots, plan) for pk in ids}


def progress_for(registration):
    return progress_of(registration.event, [registration])[registration.pk]


def eligible_ids(event):
    """The confirmed registrations of ``event`` that meet its completion rule."""
    return [pk for pk, progress in progress_of(event).items() if progress.eligible]


def rule_text(plan):
    """The plan's completion rule as a sentence in the active language, or "" without one."""
    value, sessions = plan.completion_value, plan.unit == "session"
    if not (plan.completion_rule and value):
        return ""
    if plan.completion_rule == CompletionRule.PERCENT:
        if sessions:
            return _("A certificate needs at least %(value)s %% of the sessions.") % {"value": value}
        return _("A certificate needs at least %(value)s %% of the days.") % {"value": value}
    if plan.completion_rule == CompletionRule.HOURS:
        return ngettext(
            "A certificate needs at least %(value)s hour of attendance.",
            "A certificate needs at least %(value)s hours of attendance.",
            value,
        ) % {"value": value}
    if sessions:
        return ngettext(
            "A certificate needs at least %(value)s session.", "A certificate needs at least %(value)s sessions.", value
        ) % {"value": value}
    return ngettext(
        "A certificate needs at least %(value)s day.", "A certificate needs at least %(value)s days.", value
    ) % {"value": value}
