"""Certificates, under /ar/certificates/ and /en/certificates/: the verification page and its
form, and the holder's PDF."""

from django.urls import path

from . import certificates

urlpatterns = [
    path("verify/", certificates.verify_form, name="certificate_verify_form"),
    # Whatever follows verify/ is a code someone typed or scanned, slashes included: every
    # answer is the verification page.
    path("verify/<path:code>/", certificates.verify, name="certificate_verify"),
    path("<str:code>.pdf", certificates.download, name="certificate_pdf"),
]
