"""Reports in the admin: /admin/reports/<event>/ and its downloads."""

from django.urls import path

from events import converters  # noqa: F401 - registers record_id

from . import views

urlpatterns = [
    path("<record_id:event_id>/", views.EventReportView.as_view(), name="event"),
    path("<record_id:event_id>/pdf/", views.DownloadView.as_view(file_format="pdf"), name="event_pdf"),
    path("<record_id:event_id>/xlsx/", views.DownloadView.as_view(file_format="xlsx"), name="event_xlsx"),
]
