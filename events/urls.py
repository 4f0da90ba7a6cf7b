"""Event URLs that are not Wagtail pages: calendar files and feeds, under /<language>/calendar/."""

from django.urls import path, register_converter

from events import views


class RecordId:
    """A positive id small enough for any database; longer digit strings simply do not match (404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class UnicodeSlug:
    """A slug that may be written in Arabic, as directory slugs can be."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(RecordId, "record_id")
register_converter(UnicodeSlug, "unicode_slug")

app_name = "events"
urlpatterns = [
    path("calendar/upcoming.ics", views.upcoming_ics, name="upcoming_ics"),
    path("calendar/kind/<slug:kind>.ics", views.kind_ics, name="kind_ics"),
    path("calendar/organisation/<unicode_slug:slug>.ics", views.organisation_ics, name="organisation_ics"),
    path("calendar/event/<record_id:pk>.ics", views.event_ics, name="event_ics"),
    path("calendar/event/<record_id:pk>/agenda.ics", views.event_agenda_ics, name="event_agenda_ics"),
    path("calendar/session/<record_id:pk>.ics", views.session_ics, name="session_ics"),
]
