"""The organisers' printing screens of an event, under /admin/attendance/<event_id>/: badges,
sign-in sheets and marking from them, and print jobs."""

from django.urls import path

from events import converters  # noqa: F401 - registers record_id

from . import printing

urlpatterns = [
    path("<record_id:event_id>/badges/", printing.BadgesView.as_view(), name="badges"),
    path("<record_id:event_id>/sheets/", printing.SheetsView.as_view(), name="sheets"),
    path("<record_id:event_id>/sheets/<str:slot>/pdf/", printing.SheetPdfView.as_view(), name="sheet_pdf"),
    path("<record_id:event_id>/sheets/<str:slot>/", printing.SheetMarkView.as_view(), name="sheet_mark"),
    path("<record_id:event_id>/print/<str:key>/", printing.JobView.as_view(), name="print_job"),
    path("<record_id:event_id>/print/<str:key>/status/", printing.JobStatusView.as_view(), name="print_job_status"),
    path("<record_id:event_id>/print/<str:key>/pdf/", printing.JobPdfView.as_view(), name="print_job_pdf"),
]
