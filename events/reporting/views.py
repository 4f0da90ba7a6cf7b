"""The event report in the Wagtail admin: the page, its PDF and its workbook. Only the event's
organisers and the reporters given it reach any of them; for everyone else the event's report
does not exist (404), so not even its title shows. Every download is written to the event's
audit trail; reading the page is not."""

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events import audit
from events.permissions import can_manage_event, reports_policy
from events.registrations.staff.base import event_or_404, in_admin_language

from .services import documents
from .services.event_report import event_report


def report_url(event):
    return reverse("reporting_admin:event", args=[event.pk])


class ReportersOnly:
    """Reports exist only for those who may report on some event (404 for everyone else)."""

    def dispatch(self, request, *args, **kwargs):
        if not reports_policy.user_has_permission(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class EventReportMixin(ReportersOnly):
    """A report of one event, named by ``event_id`` in its address."""

    @cached_property
    def event(self):
        return event_or_404(self.request, self.kwargs["event_id"], reports_policy)

    @cached_property
    def shown_event(self):
        """The event in the admin user's language where it is translated."""
        return in_admin_language([self.event])[0]

    @cached_property
    def report(self):
        return event_report(self.event)


class EventReportView(EventReportMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reporting/event_report.html"
    header_icon = "doc-full"

    def get_page_title(self):
        return _("Report: %(event)s") % {"event": self.shown_event.title}

    def get_breadcrumbs_items(self):
        crumbs = [{"url": "", "label": self.shown_event.title}]
        if can_manage_event(self.request.user, self.event):
            crumbs[0]["url"] = reverse("attendance_admin:overview", args=[self.event.pk])
        return [*self.breadcrumbs_items, *crumbs, {"url": "", "label": _("Report")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(documents.report_context(self.report, self.shown_event))
        return context


class DownloadView(EventReportMixin, View):
    file_format = ""

    def get(self, request, *args, **kwargs):
        content, content_type = documents.render(self.report, self.shown_event, self.file_format)
        audit.record(self.event, audit.REPORT, request.user, format=self.file_format, report="event")
        return attachment(content, content_type, documents.file_name(self.event, self.file_format))


def attachment(content, content_type, name):
    """A download of ``content`` named ``name``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
