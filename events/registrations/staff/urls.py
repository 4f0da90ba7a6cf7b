from django.urls import path

from . import views

app_name = "registrations_admin"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("event/<int:event_id>/", views.EventRegistrationsView.as_view(), name="event"),
    path("event/<int:event_id>/counts/", views.counts, name="counts"),
    path("event/<int:event_id>/settings/", views.SettingsView.as_view(), name="settings"),
    path("event/<int:event_id>/add/", views.AddRegistrationView.as_view(), name="add"),
    path("event/<int:event_id>/registration/<int:pk>/", views.RegistrationDetailView.as_view(), name="detail"),
]
