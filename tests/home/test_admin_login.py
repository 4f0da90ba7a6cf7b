"""The admin's sign-in is throttled like the site's: the same limits (ACCOUNT_RATE_LIMITS
["login_failed"]: 10 a minute per address, 5 in 5 minutes per account) counted in the same
cache, so guessing passwords at /admin/login/ stops as it does at /accounts/login/."""

import html

import pytest
from django.contrib.auth import get_user
from django.core.cache import cache

from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
REFUSED_EN = "Too many failed sign-in attempts. Wait a few minutes, then try again."
REFUSED_AR = "محاولات تسجيل دخول فاشلة كثيرة. انتظر بضع دقائق ثم أعد المحاولة."
WRONG_EN = "Your username and password didn't match."


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_account():
    return UserFactory(username="director", is_staff=True, is_superuser=True)


def sign_in(client, username, password, ip="198.51.100.7", language="en"):
    response = client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE=language
    )
    response.page = html.unescape(response.content.decode())
    return response


def signed_in(client):
    user = get_user(client)
    return user.username if user.is_authenticated else None


def test_twelve_wrong_passwords_then_the_right_one_is_refused(client, admin_account):
    pages = [sign_in(client, "director", f"guess-{number}").page for number in range(12)]
    assert all(WRONG_EN in page for page in pages[:5])
    assert all(REFUSED_EN in page and WRONG_EN not in page for page in pages[5:])
    response = sign_in(client, "director", PASSWORD)
    assert response.status_code == 200
    assert REFUSED_EN in response.page
    assert signed_in(client) is None


def test_the_account_stays_locked_from_another_address_while_other_accounts_sign_in(client, admin_account):
    editor = UserFactory(username="editor", is_staff=True, is_superuser=True)
    for number in range(12):
        sign_in(client, "director", f"guess-{number}", ip="198.51.100.7")
    # The account's own count holds wherever the next attempt comes from.
    response = sign_in(client, "director", PASSWORD, ip="203.0.113.20")
    assert REFUSED_EN in response.page and signed_in(client) is None
    # The address that guessed is held back for a minute, for every account.
    response = sign_in(client, "editor", PASSWORD, ip="198.51.100.7")
    assert REFUSED_EN in response.page and signed_in(client) is None
    # Someone else, elsewhere, is not affected.
    response = sign_in(client, "editor", PASSWORD, ip="203.0.113.21")
    assert response.status_code == 302
    assert signed_in(client) == editor.username


def test_a_few_mistakes_do_not_lock_anyone_out(client, admin_account):
    for number in range(4):
        assert WRONG_EN in sign_in(client, "director", f"guess-{number}").page
    response = sign_in(client, "director", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client) == "director"


def test_the_username_and_the_email_share_one_count(client, admin_account):
    for number in range(3):
        sign_in(client, "director", f"guess-{number}")
    for number in range(2):
        sign_in(client, admin_account.email, f"guess-{number}", ip="203.0.113.30")
    response = sign_in(client, admin_account.email.upper(), PASSWORD, ip="203.0.113.31")
    assert REFUSED_EN in response.page and signed_in(client) is None


def test_failures_on_the_site_count_at_the_admin_door(client, admin_account):
    for number in range(5):
        credentials = {"login": admin_account.email, "password": f"guess-{number}"}
        page = client.post("/en/accounts/login/", credentials, REMOTE_ADDR="192.0.2.5").content.decode()
        assert "The email address and/or password you specified are not correct." in page
    response = sign_in(client, "director", PASSWORD, ip="192.0.2.6")
    assert REFUSED_EN in response.page and signed_in(client) is None


def test_the_refusal_is_told_in_arabic(client, admin_account):
    for number in range(6):
        response = sign_in(client, "director", f"guess-{number}", language="ar")
    assert REFUSED_AR in response.page


def test_the_django_admin_is_not_served(admin_client):
    for url in ("/django-admin/", "/django-admin/login/"):
        response = admin_client.get(url, follow=True)
        assert response.status_code == 404
        assert "Django administration" not in response.content.decode()


@pytest.mark.django_db
def test_the_admin_asks_no_third_party_for_avatars(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    assert admin_user.get_username() in html
    assert "gravatar" not in html
