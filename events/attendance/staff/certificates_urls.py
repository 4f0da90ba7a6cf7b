"""An event's certificates in the admin: /admin/attendance/<event>/certificates/."""

from django.urls import path

from . import certificates

urlpatterns = [
    path("<int:event_id>/certificates/", certificates.CertificatesView.as_view(), name="certificates"),
]
