"""The account's API tokens page: creating a token shows its secret on that answer alone,
revoking works from the page, people who manage no event cannot create one, the page speaks
Arabic (right to left) and English, and its queries do not grow with the tokens it lists."""

import pytest
from wagtail.models import APIToken

from api.models import ApiCall
from tests.factories.api import token_for
from tests.factories.registrations import participant
from tests.security.matrix_roles import _organiser_of as organiser_of

pytestmark = pytest.mark.django_db

PAGE = "/en/my/api-tokens/"


@pytest.fixture
def signed_in(client, organiser_a):
    client.force_login(organiser_a)
    return client


def create(client, event=None, **fields):
    data = {"name": "Attendance dashboard", "scope": "read", "expires_in": "30", **fields}
    if event is not None:
        data["events"] = [event.pk]
    return client.post(PAGE, data)


class TestCreating:
    def test_the_secret_is_shown_on_the_answer_that_made_it_and_never_again(self, signed_in, event_a):
        made = create(signed_in, event_a)
        html = made.content.decode()
        token = APIToken.objects.get()
        secret = html.split('id="new-token" class="token-value" type="text" value="')[1].split('"')[0]
        assert APIToken.hash_token(secret) == token.key_hash
        assert "shown only this once" in html
        assert {"no-store", "private"} <= {part.strip() for part in made["Cache-Control"].split(",")}
        again = signed_in.get(PAGE).content.decode()
        assert secret not in again
        assert f"{token.prefix}…" in again and "Attendance dashboard" in again
        assert "Workshop number" in again  # the event it is limited to, in English
        assert token.staff.scope == "read" and list(token.staff.events.all()) == [event_a]

    def test_a_form_with_mistakes_makes_nothing_and_says_why(self, signed_in, event_b):
        answer = create(signed_in, event_b, name="")
        assert answer.status_code == 400
        html = answer.content.decode()
        assert "This field is required." in html
        assert "Select a valid choice" in html  # event B is not among organiser A's events
        assert not APIToken.objects.exists()

    def test_someone_who_manages_no_event_sees_no_form_and_cannot_create(self, client):
        user, _person = participant()
        client.force_login(user)
        html = client.get(PAGE).content.decode()
        assert "Only staff who manage at least one event may create API tokens." in html
        assert 'name="scope"' not in html
        refused = client.post(PAGE, {"name": "Sneaky", "scope": "write"}, follow=True)
        assert "Only staff who manage at least one event may create API tokens." in refused.content.decode()
        assert not APIToken.objects.exists()

    def test_signing_in_comes_first(self, client):
        answer = client.get(PAGE)
        assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


class TestRevoking:
    def test_a_token_is_revoked_from_the_page(self, signed_in, organiser_a, api):
        staff_token, secret = token_for(organiser_a, name="Old script")
        answer = signed_in.post(f"/en/my/api-tokens/{staff_token.pk}/revoke/", follow=True)
        html = answer.content.decode()
        assert "The token “Old script” is revoked" in html
        assert "token-state-revoked" in html and "Revoke “Old script”" not in html
        assert api("get", "/events", secret).status_code == 401

    def test_someone_elses_token_is_left_alone(self, signed_in, organiser_b):
        staff_token, _secret = token_for(organiser_b)
        answer = signed_in.post(f"/en/my/api-tokens/{staff_token.pk}/revoke/")
        assert answer.status_code == 404
        assert APIToken.objects.get(pk=staff_token.pk).revoked_at is None
        assert signed_in.post("/en/my/api-tokens/987654/revoke/").status_code == 404

    def test_revoking_takes_a_post(self, signed_in, organiser_a):
        staff_token, _secret = token_for(organiser_a)
        assert signed_in.get(f"/en/my/api-tokens/{staff_token.pk}/revoke/").status_code == 405
        assert APIToken.objects.get(pk=staff_token.pk).revoked_at is None


class TestPage:
    def test_the_page_lists_the_latest_calls_of_ones_own_tokens_only(self, signed_in, organiser_a, organiser_b, api):
        mine = token_for(organiser_a, name="Mine")[1]
        theirs = token_for(organiser_b, name="Theirs")[1]
        api("get", "/events", mine)
        api("get", "/events?page=0", mine)
        api("get", "/events", theirs)
        html = signed_in.get(PAGE).content.decode()
        calls = html.split('class="token-calls"')[1]
        assert "GET /api/v1/staff/events?page=0" in calls and "invalid" in calls
        assert calls.count('<li class="token-call">') == 2
        assert "Theirs" not in calls

    def test_the_account_menu_links_to_it_for_organisers_only(self, client, organiser_a):
        client.force_login(organiser_a)
        assert 'href="/en/my/api-tokens/"' in client.get("/en/my/data/").content.decode()
        user, _person = participant()
        client.force_login(user)
        assert 'href="/en/my/api-tokens/"' not in client.get("/en/my/data/").content.decode()

    @pytest.mark.parametrize(
        ("language", "direction", "words"),
        [("ar", "rtl", ["رموز واجهة البرمجة", "أنشئ الرمز"]), ("en", "ltr", ["API tokens", "Create the token"])],
    )
    def test_the_page_speaks_both_languages(self, signed_in, organiser_a, language, direction, words):
        token_for(organiser_a, name="Dashboard")
        html = signed_in.get(f"/{language}/my/api-tokens/").content.decode()
        assert f'<html lang="{language}" dir="{direction}">' in html
        for word in words:
            assert word in html
        if language == "ar":
            assert "Create the token" not in html and "Every event you may see" not in html

    def test_queries_do_not_grow_with_the_tokens_listed(
        self, signed_in, organiser_a, event_a, api, django_assert_max_num_queries
    ):
        def add_tokens(count):
            for number in range(count):
                staff_token, secret = token_for(organiser_a, name=f"Token {number}", event_ids=[event_a.pk])
                api("get", "/events", secret)

        add_tokens(3)
        signed_in.get(PAGE)  # warms the site's caches (root paths, locales)
        with django_assert_max_num_queries(40) as few:
            assert signed_in.get(PAGE).status_code == 200
        # Read now: the next request clears the connection's record of queries.
        counted = len(few.captured_queries)
        add_tokens(12)
        with django_assert_max_num_queries(counted):
            html = signed_in.get(PAGE).content.decode()
        assert html.count('class="data-block token"') == 15
        assert ApiCall.objects.count() == 15


def test_an_organiser_of_two_events_limits_a_token_to_one(client, event_a, event_b):
    user = organiser_of(event_a)
    user.groups.add(*organiser_of(event_b).groups.exclude(name="Event organisers"))
    client.force_login(user)
    html = client.get(PAGE).content.decode()
    assert f'value="{event_a.pk}"' in html and f'value="{event_b.pk}"' in html
    create(client, event_b)
    assert list(APIToken.objects.get().staff.events.all()) == [event_b]


@pytest.mark.second_factor
def test_staff_create_tokens_only_after_a_second_factor(client, organiser_a):
    from tests.factories.accounts import PASSWORD

    client.post("/admin/login/", {"username": organiser_a.username, "password": PASSWORD})
    for answer in (client.get(PAGE), create(client)):
        assert answer.status_code == 302 and answer["Location"].endswith("/accounts/2fa/")
    assert not APIToken.objects.exists()
