"""The organisers' online-meeting reports of one event: the upload form with the reports sent
before, and each report's preview and confirmation (its key is unguessable)."""

from django.urls import path

from . import reports

urlpatterns = [
    path("<int:event_id>/reports/", reports.ReportsView.as_view(), name="reports"),
    path("<int:event_id>/reports/<str:key>/", reports.ReportView.as_view(), name="report"),
]
