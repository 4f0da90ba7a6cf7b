"""Reports in the Wagtail admin, under /admin/reports/: a "Report" button on the page editor of
each event the user may report on, and the programme and network report in the Reports menu."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from events.models import EventPage
from events.permissions import can_report_on, reports_policy
from events.registrations.services.retention import KEEP_FIGURES_HOOK

from .services.event_report import gender_counts
from .views import report_url


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("reports/", include(("events.reporting.urls", "reporting_admin"), namespace="reporting_admin"))]


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    if page.specific_class is EventPage and can_report_on(user, page):
        yield Button(_("Report"), report_url(page), icon_name="doc-full", priority=43)


class ProgrammeReportMenuItem(MenuItem):
    def is_shown(self, request):
        return reports_policy.user_has_permission(request.user)


@hooks.register("register_reports_menu_item")
def programme_report_menu_item():
    return ProgrammeReportMenuItem(
        _("Programme and network report"), reverse("reporting_admin:programme"), icon_name="doc-full", order=50
    )


# Before an event's genders are erased at the end of its retention period, its report's
# gender counts are kept, so the chart reads the same after.
hooks.register(KEEP_FIGURES_HOOK, gender_counts)
