"""An event's attendance set-up, copied to its next edition (events/copying.py decides when):
its plan (the slots, the minutes online that count, the completion rule, the networks people
join and the signatory of its certificates) and the columns chosen for its attendee list.
Attendance, certificates, print jobs and online-meeting reports belong to the edition and
stay with it."""

from dataclasses import dataclass

from core.records import copied_values
from events.attendance.models import AttendancePlan, ExportChoice


@dataclass(frozen=True)
class AttendanceSetUp:
    """What of an event's attendance set-up a copy received."""

    plan: bool = False
    export_columns: bool = False


def has_attendance_set_up(event_id):
    return (
        AttendancePlan.objects.filter(event_id=event_id).exists()
        or ExportChoice.objects.filter(event_id=event_id).exists()
    )


def copy_attendance_set_up(source_id, copy, *, by=None):
    """Copies the attendance set-up of the canonical event ``source_id`` to ``copy`` (a
    canonical page without one), in the caller's transaction. A session's slot keeps its key in
    the copy (Wagtail copies the sessions' keys), so the chosen columns still name its slots."""
    plan = AttendancePlan.objects.filter(event_id=source_id).first()
    if plan is not None:
        networks = list(plan.networks.all())
        new = AttendancePlan.objects.create(event=copy, **copied_values(plan, ("event",)))
        new.networks.set(networks)
    columns = ExportChoice.objects.filter(event_id=source_id).values_list("columns", flat=True).first()
    if columns is not None:
        ExportChoice.objects.create(event=copy, columns=columns, updated_by=by)
    return AttendanceSetUp(plan=plan is not None, export_columns=columns is not None)
