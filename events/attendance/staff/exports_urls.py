"""An event's attendee list export: /admin/attendance/<event>/export/."""

from django.urls import path

from events import converters  # noqa: F401 - registers record_id

from . import exports

urlpatterns = [
    path("<record_id:event_id>/export/", exports.ExportView.as_view(), name="export"),
]
