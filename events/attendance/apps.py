from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    """Who was there: attendance per day or session, the check-in desk, online-meeting reports,
    completion certificates, badges and sign-in sheets.

    A sub-app of events standing on registrations: an attendance record always belongs to a
    registration."""

    name = "events.attendance"
    label = "attendance"
    verbose_name = _("Attendance")
