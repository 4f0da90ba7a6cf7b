"""What one registration's page in the admin shows of attendance (the registrations app asks
through its ``registration_staff_detail_context`` hook, events/attendance/wagtail_hooks.py):
each day or session with the person present, absent or still to come, how their check-ins
were recorded, how far the completion rule is met, and their certificate or why there is none
yet. Marking and issuing stay on the attendance screens; this page links to them."""

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events import dates
from events.attendance.errors import AttendanceError
from events.attendance.models import Attendance, Certificate
from events.attendance.services.certificates import grouped, pdf_url, revoked_on, verification_url
from events.attendance.services.completion import progress_from, rule_text
from events.attendance.services.records import check_attendable, recorder_name
from events.attendance.slots import plan_for, slots_for

PRESENT, ABSENT, TO_COME = "present", "absent", "to_come"


def _moment(value, zone):
    local = timezone.localtime(value, zone)
    return {"day": dates.day(local), "time": dates.clock(local), "iso": local.isoformat()}


def _slot_rows(slots, records, zone, now):
    by_slot = {record.slot: record for record in records}
    rows = []
    for slot in slots:
        record = by_slot.get(slot.key)
        if record is not None:
            state = PRESENT
        else:
            state = TO_COME if slot.is_to_come(now) else ABSENT
        row = {"slot": slot, "state": state, "record": record}
        if record is not None:
            row.update(
                {
                    "at": _moment(record.at, zone),
                    "method": record.get_method_display(),
                    "by": recorder_name(record.recorded_by),
                }
            )
        rows.append(row)
    return rows


def _certificate(certificate, zone):
    row = {
        "record": certificate,
        "code": grouped(certificate.code),
        "issued": _moment(certificate.issued_at, zone),
        "issued_by": recorder_name(certificate.issued_by),
        "verify_url": verification_url(certificate, language=get_language()),
    }
    if certificate.is_revoked:
        row.update({"revoked_on": revoked_on(certificate), "revoked_by": recorder_name(certificate.revoked_by)})
    else:
        row["pdf_url"] = pdf_url(certificate)
    return row


def _refusal(registration):
    """Why ``registration`` cannot attend (cancelled, waitlisted, not accepted…), or ""."""
    try:
        check_attendable(registration)
    except AttendanceError as error:
        return error.message
    return ""


def _why_no_certificate(refusal, progress):
    """Why there is no certificate yet, in the active language; "" when one is due (the page
    then offers to issue it)."""
    if not progress.has_rule:
        return _("No completion rule: no certificates are issued.")
    if refusal:
        return refusal
    if not progress.eligible:
        return _("The completion rule is not met yet.")
    return ""


def registration_attendance(registration, shown_event, now=None):
    """What the page of ``registration`` shows of its attendance and certificate, read in a
    fixed number of queries whatever the number of slots and check-ins; ``None`` when its
    event takes no attendance (it has no attendance plan). ``shown_event`` is the event in
    the admin's language, whose sessions name the slots."""
    plan = plan_for(shown_event)
    if plan.pk is None:
        return None
    now = now or timezone.now()
    zone = shown_event.zone
    slots = slots_for(shown_event, plan)
    records = list(Attendance.objects.filter(registration=registration).select_related("recorded_by"))
    progress = progress_from(records, slots, plan)
    certificate = (
        Certificate.objects.filter(registration=registration).select_related("issued_by", "revoked_by").first()
    )
    if certificate is not None:
        certificate.registration = registration
    refusal = _refusal(registration)
    return {
        "plan": plan,
        "sessions": plan.unit == "session",
        "rows": _slot_rows(slots, records, zone, now),
        "progress": progress,
        "rule_text": rule_text(plan),
        "refusal": refusal,
        "certificate": _certificate(certificate, zone) if certificate else None,
        "why_no_certificate": "" if certificate else _why_no_certificate(refusal, progress),
    }
