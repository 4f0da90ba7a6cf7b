"""The attendance filter of an event's registrations list (added through registrations'
``registration_list_filters`` hook): those who attended at least once, the no-shows, or
those present at one slot."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from events.attendance.models import Attendance
from events.attendance.slots import slots_for

ATTENDED = "attended"
NO_SHOW = "no_show"
SLOT = "slot:"


def by_attendance(queryset, name, value):
    records = Attendance.objects.filter(registration=OuterRef("pk"))
    if value == ATTENDED:
        return queryset.filter(Exists(records))
    if value == NO_SHOW:
        return queryset.filter(~Exists(records))
    if value.startswith(SLOT):
        return queryset.filter(Exists(records.filter(slot=value.removeprefix(SLOT))))
    return queryset


def attendance_filters(event):
    choices = [(ATTENDED, _("Attended at least once")), (NO_SHOW, _("Never checked in"))]
    for slot in slots_for(event):
        choices.append((f"{SLOT}{slot.key}", _("Present: %(slot)s") % {"slot": slot.label}))
    attendance = django_filters.ChoiceFilter(
        label=_("Attendance"), choices=choices, empty_label=_("All"), method=by_attendance
    )
    return {"attendance": attendance}
