"""An event's desk team in the admin: /admin/attendance/<event>/team/."""

from django.urls import path

from . import team

urlpatterns = [
    path("<int:event_id>/team/", team.TeamView.as_view(), name="team"),
]
