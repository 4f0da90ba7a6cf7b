"""Reports in the admin: /admin/reports/<event>/ and its downloads, and
/admin/reports/programme/ across several events."""

from django.urls import path

from events import converters  # noqa: F401 - registers record_id

from . import programme_views, views

urlpatterns = [
    path("programme/", programme_views.ProgrammeReportView.as_view(), name="programme"),
    path("programme/pdf/", programme_views.ProgrammeDownloadView.as_view(file_format="pdf"), name="programme_pdf"),
    path("programme/xlsx/", programme_views.ProgrammeDownloadView.as_view(file_format="xlsx"), name="programme_xlsx"),
    path("<record_id:event_id>/", views.EventReportView.as_view(), name="event"),
    path("<record_id:event_id>/pdf/", views.DownloadView.as_view(file_format="pdf"), name="event_pdf"),
    path("<record_id:event_id>/xlsx/", views.DownloadView.as_view(file_format="xlsx"), name="event_xlsx"),
]
