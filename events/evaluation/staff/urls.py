"""An event's evaluation in the admin: /admin/evaluation/<event>/ (results), setup/, invite/
and responses.xlsx."""

from django.urls import path

from events import converters  # noqa: F401 - registers record_id

from . import views

urlpatterns = [
    path("<record_id:event_id>/", views.ResultsView.as_view(), name="results"),
    path("<record_id:event_id>/setup/", views.SetupView.as_view(), name="setup"),
    path("<record_id:event_id>/invite/", views.InviteView.as_view(), name="invite"),
    path("<record_id:event_id>/responses.xlsx", views.DownloadView.as_view(), name="xlsx"),
]
