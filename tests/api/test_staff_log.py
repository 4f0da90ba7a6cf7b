"""Every call to the staff API is logged — answered or refused, with a token or without — with
the client's address as the site's rate limits read it (behind the proxies it trusts); calls
are counted against the API's rate limit; superusers read the log in the admin and no one else
does; the schema documents the staff endpoints and their token."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from api.models import ApiCall
from tests.factories.accounts import UserFactory
from tests.factories.api import token_for
from tests.factories.registrations import SettingsFactory, event_page, organiser

pytestmark = pytest.mark.django_db


def test_every_call_is_logged_whatever_its_answer(api, token_a, organiser_a, event_a):
    staff_token, secret = token_a
    _read, read_only = token_for(organiser_a, name="Reader")
    answers = [
        api("get", "/events", secret),
        api("get", "/events", "wagtail_nonsense"),
        api("get", "/events"),
        api("get", "/events/987654/attendance", secret),
        api("get", f"/events/{event_a.pk}/registrations?page=0", secret),
        api("post", f"/events/{event_a.pk}/registrations", read_only, {"name": "X"}),
        api("post", f"/events/{event_a.pk}/registrations", secret, {"name": "Walk-in"}),
    ]
    assert [answer.status_code for answer in answers] == [200, 401, 401, 404, 422, 403, 201]
    calls = list(ApiCall.objects.order_by("at", "pk"))
    assert [(call.method, call.status, call.code) for call in calls] == [
        ("GET", 200, ""),
        ("GET", 401, "token_unknown"),
        ("GET", 401, "token_missing"),
        ("GET", 404, "not_found"),
        ("GET", 422, "invalid"),
        ("POST", 403, "read_only"),
        ("POST", 201, ""),
    ]
    assert [call.token_id for call in calls] == [
        staff_token.pk,
        None,
        None,
        staff_token.pk,
        staff_token.pk,
        _read.pk,
        staff_token.pk,
    ]
    assert [call.user for call in calls] == [
        organiser_a,
        None,
        None,
        organiser_a,
        organiser_a,
        organiser_a,
        organiser_a,
    ]
    assert calls[4].path == f"/api/v1/staff/events/{event_a.pk}/registrations?page=0"
    assert all(call.client_ip == "127.0.0.1" and call.duration_ms >= 0 for call in calls)


def test_a_revoked_token_is_named_in_the_log(api, token_a, organiser_a):
    from api import tokens

    staff_token, secret = token_a
    tokens.revoke(organiser_a, staff_token.pk)
    api("get", "/events", secret)
    call = ApiCall.objects.get()
    assert (call.token_id, call.user, call.status, call.code) == (staff_token.pk, organiser_a, 401, "token_revoked")


def test_behind_a_trusted_proxy_the_clients_address_is_logged(api, token_a, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    api("get", "/events", token_a[1], REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    api("get", "/events", token_a[1], REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    assert list(ApiCall.objects.order_by("pk").values_list("client_ip", flat=True)) == ["203.0.113.9", "10.0.0.5"]


def test_calls_past_the_rate_limit_are_refused_and_logged(api, token_a, settings):
    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "3/m/user,100/m/ip"}
    answers = [api("get", "/events", token_a[1], HTTP_ACCEPT_LANGUAGE="en") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert answers[-1].json()["code"] == "too_many_attempts"
    assert answers[-1].json()["detail"].startswith("Too many attempts")
    assert list(ApiCall.objects.order_by("pk").values_list("status", flat=True)) == [200, 200, 200, 429]
    cache.clear()


def test_unknown_tokens_count_against_the_address(api, settings):
    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "100/m/user,2/m/ip"}
    statuses = [api("get", "/events", f"wagtail_guess{number}").status_code for number in range(3)]
    assert statuses == [401, 401, 429]
    cache.clear()


class TestAdmin:
    def test_superusers_read_the_log_with_filters(self, client, api, token_a):
        api("get", "/events", token_a[1])
        api("get", "/events", "wagtail_nonsense")
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        everything = client.get("/admin/api-calls/")
        assert [call.status for call in everything.context["object_list"]] == [401, 200]
        html = everything.content.decode()
        assert "token_unknown" in html and "/api/v1/staff/events" in html and "Test integration" in html
        refused = client.get("/admin/api-calls/results/?outcome=4")
        assert [call.code for call in refused.context["object_list"]] == ["token_unknown"]
        assert "/admin/api-calls/" in client.get("/admin/").content.decode()

    def test_no_one_else_reads_it(self, client, organiser_a):
        client.force_login(organiser_a)
        assert "/admin/api-calls/" not in client.get("/admin/").content.decode()
        answer = client.get("/admin/api-calls/")
        assert answer.status_code in (302, 404)
        if answer.status_code == 302:  # Django's locale middleware retrying the address under /ar/
            assert client.get(answer["Location"]).status_code == 404


def test_the_events_list_costs_the_same_with_3_and_12_events(api, event_a, event_b, django_assert_max_num_queries):
    from events.models import EventRole, EventTeamMember

    # An organiser of every event under the index, and also desk staff of one of them: listed once.
    user = organiser(edit_pages_under=event_a.get_parent())
    EventTeamMember.objects.create(event=event_b, user=user, role=EventRole.DESK)
    _staff_token, secret = token_for(user, scope="write")

    def add(count):
        for _number in range(count):
            SettingsFactory(event=event_page(event_a.get_parent()))

    add(1)
    api("get", "/events", secret)  # warms the site's caches
    with django_assert_max_num_queries(30) as few:
        assert len(api("get", "/events", secret).json()["items"]) == 3
    counted = len(few.captured_queries)
    add(9)
    with django_assert_max_num_queries(counted):
        assert len(api("get", "/events", secret).json()["items"]) == 12


def test_the_schema_documents_the_staff_endpoints_and_their_token(client):
    schema = client.get("/api/v1/openapi.json").json()
    staff = {path: operations for path, operations in schema["paths"].items() if path.startswith("/api/v1/staff/")}
    assert set(staff) == {
        "/api/v1/staff/events",
        "/api/v1/staff/events/{event_id}/registrations",
        "/api/v1/staff/events/{event_id}/registrations/{reference}",
        "/api/v1/staff/events/{event_id}/attendance",
        "/api/v1/staff/events/{event_id}/check-ins",
    }
    assert set(staff["/api/v1/staff/events/{event_id}/registrations"]) == {"get", "post"}
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()
    for operations in staff.values():
        for operation in operations.values():
            assert operation["security"] and "401" in operation["responses"]


def test_old_calls_are_removed_after_the_days_kept():
    now = timezone.now()
    for days, path in ((200, "/old"), (91, "/older-than-kept"), (89, "/kept"), (0, "/today")):
        at = now - timedelta(days=days)
        ApiCall.objects.create(method="GET", path=path, status=200, at=at, client_ip="192.0.2.7")
    out = StringIO()
    call_command("prune_api_calls", stdout=out)
    assert sorted(ApiCall.objects.values_list("path", flat=True)) == ["/kept", "/today"]
    assert "Removed 2 staff API calls" in out.getvalue()
    call_command("prune_api_calls", "--days", "0", stdout=out)
    assert not ApiCall.objects.exists()
