"""An event's desk team in the admin: /admin/attendance/<event>/team/."""

from django.urls import path

from events import converters  # noqa: F401 - registers record_id

from . import team

urlpatterns = [
    path("<record_id:event_id>/team/", team.TeamView.as_view(), name="team"),
]
