"""The staff API's world: two events, each with an organiser of its own (as the demo makes
them: a group that may edit that event's pages alone), and a way to call the API with a token."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories.api import bearer, token_for
from tests.factories.registrations import SettingsFactory, event_page
from tests.security.matrix_roles import _organiser_of as organiser_of

STAFF = "/api/v1/staff"


@pytest.fixture
def event_a(demo_site):
    start = (timezone.now() + dt.timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)
    page = event_page(start=start, end=start + dt.timedelta(days=1, hours=8))
    SettingsFactory(event=page, capacity=2)
    return page


@pytest.fixture
def event_b(demo_site):
    page = event_page()
    SettingsFactory(event=page, capacity=20)
    return page


@pytest.fixture
def organiser_a(event_a):
    return organiser_of(event_a)


@pytest.fixture
def organiser_b(event_b):
    return organiser_of(event_b)


@pytest.fixture
def api(client):
    """``api("get", path, secret, data=…, **headers)``: a call to the staff API with a token;
    a dict ``data`` of a POST is sent as JSON."""

    def call(method, path, secret=None, data=None, **headers):
        if secret is not None:
            headers.update(bearer(secret))
        url = path if path.startswith("/") and path.startswith(STAFF) else f"{STAFF}{path}"
        if method == "post":
            return client.post(url, data if data is not None else {}, content_type="application/json", **headers)
        return client.get(url, data or {}, **headers)

    return call


@pytest.fixture
def token_a(organiser_a):
    """Organiser A's read-and-write token for every event they may see: ``(staff_token, secret)``."""
    return token_for(organiser_a, scope="write")
