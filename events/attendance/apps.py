from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    """Who was there: attendance per day or session, the check-in desk, online-meeting reports,
    completion certificates, badges and sign-in sheets.

    A sub-app of events standing on registrations: an attendance record always belongs to a
    registration."""

    name = "events.attendance"
    label = "attendance"
    verbose_name = _("Attendance")

    def ready(self):
        from events.registrations.models import StatusChange  # models are ready only now

        from . import signals  # the receivers need the models, which are ready only now

        post_save.connect(signals.join_on_confirmation, sender=StatusChange, dispatch_uid="attendance-join-on-confirm")
