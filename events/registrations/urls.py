"""Participant-facing registration URLs (register, my events, tickets), under the language
prefix. Their first segments (registrations/, my/, tickets/) are kept out of page slugs."""

from django.urls import path

from events import converters  # noqa: F401 - registers record_id

from .staff.views import form_preview
from .views import invitations, participant, profile, tickets

app_name = "registrations"
urlpatterns = [
    path("registrations/<record_id:event_id>/", participant.register, name="register"),
    # The organisers' preview, in the site's frame and either language (staff/views.py).
    path("registrations/<record_id:event_id>/preview/", form_preview, name="preview"),
    path(
        "registrations/<record_id:event_id>/invitation/<str:token>/",
        invitations.invitation,
        name="invitation",
    ),
    path("my/events/", participant.my_events, name="my_events"),
    path("my/events/<str:reference>/", participant.registration_detail, name="registration"),
    path("my/events/<str:reference>/cancel/", participant.cancel, name="cancel"),
    path("my/events/<str:reference>/accept/", participant.accept, name="accept"),
    path("my/events/<str:reference>/answers/", participant.answers, name="answers"),
    path("my/events/<str:reference>/give/", participant.give, name="give"),
    path("my/profile/", profile.profile, name="profile"),
    path("my/calendar/", participant.calendar_feed_reset, name="calendar_reset"),
    path("my/calendar/<str:token>.ics", participant.calendar_feed, name="calendar_feed"),
    path("tickets/<str:reference>/", tickets.ticket, name="ticket"),
    path("tickets/check/<str:token>/", tickets.ticket_check, name="ticket_check"),
]
