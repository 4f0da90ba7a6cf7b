"""The organisers' online-meeting reports of one event: the upload form with the reports sent
before, the choice of the columns of a file Multaqa could not recognise, and each report's
preview and confirmation (its key is unguessable)."""

from django.urls import path

from events import converters  # noqa: F401 - registers record_id

from . import reports

urlpatterns = [
    path("<record_id:event_id>/reports/", reports.ReportsView.as_view(), name="reports"),
    path("<record_id:event_id>/reports/<str:key>/", reports.ReportView.as_view(), name="report"),
    path("<record_id:event_id>/reports/<str:key>/columns/", reports.ColumnsView.as_view(), name="report_columns"),
]
