"""The public API against its own OpenAPI schema, as served at /api/v1/openapi.json:
Schemathesis generates requests from the schema (values it allows, and values it does not)
and every answer must be no server error, carry a status the schema lists for its operation,
and be JSON of the shape the schema gives for that status.

The schema is loaded inside each test, where the test database holds the public world's
events and people (Schemathesis' lazy pytest loader does not run under this pytest). The site
answers a NUL character in a query string with a short 400 page before any view runs
(home.middleware), so the requests leave it out. A few dozen examples keep this under a
minute."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api import public_world as world

pytestmark = pytest.mark.django_db

public_world = world.public_world  # the fixture the schema's test data comes from
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CONFIG = {"generation": {"allow-x00": False}}
EXAMPLES = settings(
    max_examples=30, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(autouse=True)
def connection_kept_open():
    """Schemathesis calls the site as a WSGI application, whose end of a request closes the
    database connection: the test's, here. Django's test client keeps it open the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def public_schema():
    """The served schema without its staff operations (they need a token: tests/api/test_staff*)."""
    loaded = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", get_wsgi_application(), config=schemathesis.Config.from_dict(CONFIG)
    )
    return loaded.exclude(path_regex="^/api/v1/staff")


def answered_as_the_schema_says(strategy):
    """Runs the examples (each checked against the schema) and returns ``(path, status)`` of
    every answer."""
    answers = []

    @given(case=strategy)
    @EXAMPLES
    def call(case):
        response = case.call_and_validate(checks=CHECKS)
        answers.append((case.operation.path, response.status_code))

    call()
    return answers


def test_the_public_api_keeps_to_its_schema(public_world):
    operations = public_schema()
    # Values the schema allows, and values it does not, for every operation.
    answers = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        answers += answered_as_the_schema_says(operations.as_strategy(generation_mode=mode))
    statuses = {status for _path, status in answers}
    assert {path for path, _status in answers} == {
        "/api/v1/events",
        "/api/v1/events/{event_id}",
        "/api/v1/organisations",
        "/api/v1/organisations/{reference}",
        "/api/v1/people",
        "/api/v1/people/{reference}",
    }
    assert 200 in statuses and 422 in statuses and max(statuses) < 500
    # The records there are (generated ids hardly ever name one).
    for path, name, value in (
        ("/api/v1/events/{event_id}", "event_id", public_world["forum"].pk),
        ("/api/v1/events/{event_id}", "event_id", public_world["workshop"].pk),
        ("/api/v1/organisations/{reference}", "reference", "icsf"),
        ("/api/v1/people/{reference}", "reference", "layla"),
    ):
        found = answered_as_the_schema_says(operations[path]["GET"].as_strategy(path_parameters={name: value}))
        assert (path, 200) in found
