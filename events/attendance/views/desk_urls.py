"""The check-in desk, under /<lang>/desk/: the events a user may work the desk for, one
event's desk, the endpoints its page talks to, and the service worker that keeps it open
when the network drops (served here so that its scope covers every desk page)."""

from django.urls import path

from events import converters  # noqa: F401 - registers record_id

from . import desk

urlpatterns = [
    path("", desk.desk_index, name="desk_index"),
    path("sw.js", desk.service_worker, name="desk_worker"),
    path("<record_id:event_id>/", desk.desk, name="desk"),
    *[
        path(f"<record_id:event_id>/{name.replace('_', '-')}/", view, name=f"desk_{name}")
        for name, view in desk.ENDPOINTS.items()
    ],
]
