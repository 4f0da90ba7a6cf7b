"""Event URLs that are not Wagtail pages: calendar files and feeds, under /<language>/calendar/,
and the page where partner sites get the events widget (its frame is in site/urls.py)."""

from django.urls import path

from events import converters, views, widget  # noqa: F401 - converters registers record_id and unicode_slug

app_name = "events"
urlpatterns = [
    path("calendar/upcoming.ics", views.upcoming_ics, name="upcoming_ics"),
    path("calendar/kind/<slug:kind>.ics", views.kind_ics, name="kind_ics"),
    path("calendar/organisation/<unicode_slug:slug>.ics", views.organisation_ics, name="organisation_ics"),
    path("calendar/event/<record_id:pk>.ics", views.event_ics, name="event_ics"),
    path("calendar/event/<record_id:pk>/agenda.ics", views.event_agenda_ics, name="event_agenda_ics"),
    path("calendar/session/<record_id:pk>.ics", views.session_ics, name="session_ics"),
    path("widget/", widget.builder, name="widget"),
]
