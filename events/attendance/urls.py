"""The attendance pages outside the admin, under /ar/ and /en/: the check-in desk, and the
certificates participants download and anyone may verify."""

from django.urls import include, path

app_name = "attendance"

urlpatterns = [
    path("desk/", include("events.attendance.views.desk_urls")),
    path("certificates/", include("events.attendance.views.certificate_urls")),
]
