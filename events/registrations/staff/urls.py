from django.urls import path

from events import converters  # noqa: F401 - registers record_id

from . import views

app_name = "registrations_admin"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("event/<record_id:event_id>/", views.EventRegistrationsView.as_view(), name="event"),
    path("event/<record_id:event_id>/counts/", views.counts, name="counts"),
    path("event/<record_id:event_id>/settings/", views.SettingsView.as_view(), name="settings"),
    path("event/<record_id:event_id>/add/", views.AddRegistrationView.as_view(), name="add"),
    path(
        "event/<record_id:event_id>/registration/<record_id:pk>/", views.RegistrationDetailView.as_view(), name="detail"
    ),
]
