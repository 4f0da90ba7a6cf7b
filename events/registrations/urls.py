"""Participant-facing registration URLs (register, my events, tickets)."""

app_name = "registrations"
urlpatterns = []
