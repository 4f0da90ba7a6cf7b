"""Attendance in the Wagtail admin: each event's overview and attendance plan, its desk team,
online-meeting reports, certificates, badges and sign-in sheets, under /admin/attendance/."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from events import converters  # noqa: F401 - registers record_id
from events.models import EventPage
from events.permissions import can_manage_registrations
from events.registrations.services.retention import ERASE_HOOK

from .exports.filters import attendance_filters
from .services.meeting_import import erase_uploads
from .staff import overview
from .staff.registration import registration_attendance
from .views.certificates import my_certificates

staff_urlpatterns = [
    path("<record_id:event_id>/", overview.OverviewView.as_view(), name="overview"),
    path("<record_id:event_id>/plan/", overview.PlanView.as_view(), name="plan"),
    path("", include("events.attendance.staff.team_urls")),
    path("", include("events.attendance.staff.reports_urls")),
    path("", include("events.attendance.staff.certificates_urls")),
    path("", include("events.attendance.staff.printing_urls")),
    path("", include("events.attendance.staff.exports_urls")),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("attendance/", include((staff_urlpatterns, "attendance_admin"), namespace="attendance_admin"))]


def _event_buttons(page, user):
    if page.specific_class is not EventPage or not can_manage_registrations(user):
        return []
    url = reverse("attendance_admin:overview", args=[page.pk])
    return [Button(_("Attendance"), url, icon_name="tasks", priority=42)]


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    yield from _event_buttons(page, user)


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    yield from _event_buttons(page, user)


@hooks.register("my_events_registration_context")
def my_events_certificates(registrations):
    """My events shows how far each participant came towards a certificate, and the
    certificate to download once it is issued."""
    return {"certificates": my_certificates(registrations)}


@hooks.register("registration_list_filters")
def registration_list_filters(event):
    """An event's registrations list can be filtered by attendance."""
    return attendance_filters(event)


@hooks.register("registration_staff_detail_context")
def registration_detail_attendance(registration, shown_event):
    """A registration's page in the admin shows the person's attendance, how far they meet the
    completion rule, and their certificate."""
    return {"attendance": registration_attendance(registration, shown_event)}


# What a meeting tool wrote of everyone in a meeting goes with the event's personal data.
hooks.register(ERASE_HOOK, erase_uploads)
