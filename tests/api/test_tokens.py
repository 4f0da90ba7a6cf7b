"""Personal API tokens (api/tokens.py): the secret exists only in the answer that made it, only
staff who manage an event make one, a bad request makes none, and a token that is unknown,
revoked, expired or whose account is disabled opens nothing — from the very next call."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import APIToken, ModelLogEntry

from api import tokens
from api.models import StaffToken, TokenScope
from tests.factories.accounts import UserFactory
from tests.factories.api import bearer, token_for
from tests.factories.attendance import desk_staff
from tests.factories.registrations import participant

pytestmark = pytest.mark.django_db


class TestMaking:
    def test_the_secret_is_given_once_and_only_its_hash_and_first_characters_are_kept(self, organiser_a):
        staff_token, secret = token_for(organiser_a, name="Dashboard", scope=TokenScope.WRITE, expires_in_days=30)
        row = APIToken.objects.get(pk=staff_token.pk)
        stored = [str(getattr(row, field.attname)) for field in APIToken._meta.concrete_fields]
        stored += [str(getattr(staff_token, field.attname)) for field in StaffToken._meta.concrete_fields]
        assert not any(secret in value for value in stored)
        assert row.key_hash == APIToken.hash_token(secret) and len(row.key_hash) == 64
        assert secret.startswith(row.prefix) and len(row.prefix) < len(secret) / 2
        assert (row.name, row.user, staff_token.scope) == ("Dashboard", organiser_a, "write")
        assert staff_token.expires_at - timezone.now() == pytest.approx(
            dt.timedelta(days=30), abs=dt.timedelta(minutes=1)
        )
        entry = ModelLogEntry.objects.get(action="wagtail.apitoken.create", object_id=str(row.pk))
        assert entry.user == organiser_a and secret not in str(entry.data)

    def test_two_tokens_never_share_a_secret(self, organiser_a):
        secrets = {token_for(organiser_a)[1] for _ in range(5)}
        assert len(secrets) == 5

    @pytest.mark.parametrize("who", ["participant", "desk staff", "reporter", "inactive organiser"])
    def test_only_staff_who_manage_an_event_make_tokens(self, who, event_a, organiser_a):
        from events import team
        from events.models import EventRole

        if who == "participant":
            user = participant()[0]
        elif who == "desk staff":
            user = desk_staff(event_a)
        elif who == "reporter":
            user = UserFactory()
            team.add_member(event_a, user, EventRole.REPORTER)
        else:
            user = organiser_a
            user.is_active = False
            user.save()
        assert not tokens.may_create_tokens(user)
        with pytest.raises(tokens.TokenError) as refused:
            token_for(user)
        assert refused.value.code == "forbidden"
        assert not APIToken.objects.exists()

    @pytest.mark.parametrize(
        ("options", "code"),
        [
            ({"name": "   "}, "name_missing"),
            ({"name": "x" * 101}, "name_too_long"),
            ({"scope": "admin"}, "invalid_scope"),
            ({"expires_in_days": 3}, "invalid_expiry"),
        ],
    )
    def test_a_bad_request_makes_nothing(self, organiser_a, options, code):
        with pytest.raises(tokens.TokenError) as refused:
            token_for(organiser_a, **options)
        assert refused.value.code == code and str(refused.value.message)
        assert not APIToken.objects.exists()

    def test_a_token_cannot_be_limited_to_an_event_its_user_may_not_see(self, organiser_a, event_a, event_b):
        with pytest.raises(tokens.TokenError) as refused:
            token_for(organiser_a, event_ids=[event_a.pk, event_b.pk])
        assert refused.value.code == "invalid_events"
        assert not APIToken.objects.exists()
        staff_token, _secret = token_for(organiser_a, event_ids=[event_a.pk])
        assert not staff_token.all_events and list(staff_token.events.all()) == [event_a]

    def test_one_person_holds_a_bounded_number_of_active_tokens(self, organiser_a, monkeypatch):
        monkeypatch.setattr(tokens, "MOST_ACTIVE_TOKENS", 2)
        first, _secret = token_for(organiser_a)
        token_for(organiser_a)
        with pytest.raises(tokens.TokenError) as refused:
            token_for(organiser_a)
        assert refused.value.code == "too_many_tokens"
        tokens.revoke(organiser_a, first.pk)
        token_for(organiser_a)
        assert StaffToken.objects.filter(token__user=organiser_a).count() == 3


class TestRevoking:
    def test_revoking_takes_effect_at_the_next_call(self, api, organiser_a):
        staff_token, secret = token_for(organiser_a)
        assert api("get", "/events", secret).status_code == 200
        tokens.revoke(organiser_a, staff_token.pk)
        answer = api("get", "/events", secret)
        assert answer.status_code == 401
        assert answer.json()["code"] == "token_revoked"
        assert ModelLogEntry.objects.filter(action="wagtail.apitoken.revoke", user=organiser_a).count() == 1

    def test_no_one_revokes_someone_elses_token_and_a_token_is_revoked_once(self, organiser_a, organiser_b):
        staff_token, _secret = token_for(organiser_a)
        with pytest.raises(tokens.TokenError) as refused:
            tokens.revoke(organiser_b, staff_token.pk)
        assert refused.value.code == "not_found"
        assert APIToken.objects.get(pk=staff_token.pk).revoked_at is None
        tokens.revoke(organiser_a, staff_token.pk)
        with pytest.raises(tokens.TokenError) as refused:
            tokens.revoke(organiser_a, staff_token.pk)
        assert refused.value.code == "already_revoked"


class TestAuthenticating:
    def test_a_good_token_opens_the_api_and_is_marked_used(self, api, organiser_a):
        staff_token, secret = token_for(organiser_a)
        assert staff_token.token.last_used_at is None
        answer = api("get", "/events", secret)
        assert answer.status_code == 200
        assert {"no-store", "private"} <= {part.strip() for part in answer["Cache-Control"].split(",")}
        assert APIToken.objects.get(pk=staff_token.pk).last_used_at is not None

    @pytest.mark.parametrize(
        "case", ["unknown", "malformed", "revoked", "expired", "not for staff", "disabled account"]
    )
    def test_a_token_that_is_no_good_gets_401(self, api, organiser_a, case):
        staff_token, secret = token_for(organiser_a)
        token = staff_token.token
        if case == "unknown":
            secret = APIToken.generate_token()
        elif case == "malformed":
            secret = secret[:-3] + "!!!"
        elif case == "revoked":
            token.revoked_at = timezone.now()
            token.save()
        elif case == "expired":
            staff_token.expires_at = timezone.now() - dt.timedelta(seconds=1)
            staff_token.save()
        elif case == "not for staff":
            # A Wagtail token made on the command line (manage.py api_tokens): no staff settings.
            _other, secret = APIToken.create_token(user=organiser_a, name="cli")
        else:
            organiser_a.is_active = False
            organiser_a.save()
        answer = api("get", "/events", secret)
        assert answer.status_code == 401
        assert answer["WWW-Authenticate"] == "Bearer"
        expected = {
            "unknown": "token_unknown",
            "malformed": "token_unknown",
            "revoked": "token_revoked",
            "expired": "token_expired",
            "not for staff": "token_unknown",
            "disabled account": "account_inactive",
        }[case]
        assert answer.json()["code"] == expected
        assert "items" not in answer.json()

    @pytest.mark.parametrize("header", [None, "Bearer", "Basic dXNlcjpwYXNz", "Token abc"])
    def test_no_token_gets_401_saying_how_to_send_one(self, client, header):
        headers = {"HTTP_AUTHORIZATION": header} if header else {}
        answer = client.get("/api/v1/staff/events", **headers)
        assert answer.status_code == 401
        assert answer.json()["code"] in ("token_missing", "token_unknown")
        assert "Authorization: Bearer" in answer.json()["detail"] or answer.json()["code"] == "token_unknown"

    def test_a_session_alone_opens_nothing(self, client, organiser_a):
        client.force_login(organiser_a)
        answer = client.get("/api/v1/staff/events")
        assert answer.status_code == 401 and answer.json()["code"] == "token_missing"

    def test_the_refusal_is_in_the_language_asked_for(self, client):
        secret = APIToken.generate_token()
        arabic = client.get("/api/v1/staff/events", HTTP_ACCEPT_LANGUAGE="ar", **bearer(secret)).json()
        english = client.get("/api/v1/staff/events", HTTP_ACCEPT_LANGUAGE="en", **bearer(secret)).json()
        assert arabic["code"] == english["code"] == "token_unknown"
        assert english["detail"].startswith("This API token is not known")
        assert arabic["detail"] != english["detail"]
        assert any("\u0600" <= char <= "\u06ff" for char in arabic["detail"])
