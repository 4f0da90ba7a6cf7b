"""An event's certificates in the admin: /admin/attendance/<event>/certificates/."""

from django.urls import path

from events import converters  # noqa: F401 - registers record_id

from . import certificates

urlpatterns = [
    path("<record_id:event_id>/certificates/", certificates.CertificatesView.as_view(), name="certificates"),
]
