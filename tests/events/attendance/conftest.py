import datetime as dt

import pytest
from django.utils import timezone

from tests.factories.registrations import SettingsFactory, event_page


@pytest.fixture
def event(demo_site, demo_snapshots):
    """A two-day event starting tomorrow at 09:00 Baghdad time (Arabic canonical page with an
    English translation), built once per session and copied back after that."""
    from events.models import EventPage

    def build():
        start = (timezone.now() + dt.timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)
        page = event_page(start=start, end=start + dt.timedelta(days=1, hours=8))
        SettingsFactory(event=page, capacity=50)
        return page.pk

    return EventPage.objects.get(pk=demo_snapshots.load("attendance-event", build))


@pytest.fixture
def days(event):
    from events.attendance.slots import slots_for

    return slots_for(event)
