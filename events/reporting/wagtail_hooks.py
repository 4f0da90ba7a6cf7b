"""Reports in the Wagtail admin, under /admin/reports/, and a "Report" button on the page
editor of each event the user may report on."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from events.models import EventPage
from events.permissions import can_report_on

from .views import report_url


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("reports/", include(("events.reporting.urls", "reporting_admin"), namespace="reporting_admin"))]


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    if page.specific_class is EventPage and can_report_on(user, page):
        yield Button(_("Report"), report_url(page), icon_name="doc-full", priority=43)
