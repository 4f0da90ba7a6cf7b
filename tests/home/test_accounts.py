"""Accounts end to end with Django's test client: sign up, confirm the address from the email,
sign in with a password or a code, sign out, reset a forgotten password, manage addresses.
Every step is checked in the language the visitor uses, in the pages and in the emails."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "cedar-river-lantern-73"
LINK = re.compile(r"https?://testserver(/\S+)")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts attempts in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def signed_in_user(client):
    from django.contrib.auth import get_user

    user = get_user(client)
    return user if user.is_authenticated else None


def link_in(message):
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def main_text(response):
    """The visible text of the page's main area."""
    html = response.content.decode()
    main = re.search(r"<main[^>]*>(.*)</main>", html, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def arabic_prose(text):
    """The text with links and addresses taken out, for checking that no English is left."""
    text = re.sub(r"https?://\S+", "", text)
    return re.sub(r"\S+@\S+", "", text)


def signup(client, lang, email, password=PASSWORD, password2=None):
    return client.post(
        f"/{lang}/accounts/signup/",
        {"email": email, "password1": password, "password2": password2 or password},
    )


def test_signup_in_arabic_sends_an_arabic_email_whose_link_signs_in(client, demo_site):
    response = signup(client, "ar", "layla@example.org")

    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/confirm-email/"
    user = get_user_model().objects.get(email="layla@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert signed_in_user(client) is None
    page = main_text(client.get(response["Location"]))
    assert len(page) > 100
    assert not LATIN_WORD.search(page), page

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["layla@example.org"]
    assert "[ملتقى]" in message.subject
    assert not LATIN_WORD.search(message.subject)
    assert not LATIN_WORD.search(arabic_prose(message.body)), message.body
    link = link_in(message)
    assert link.startswith("/ar/accounts/confirm-email/")

    confirm_page = client.get(link).content.decode()
    assert "layla@example.org" in confirm_page
    assert "<form" in confirm_page

    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/ar/"
    assert EmailAddress.objects.get(user=user).verified
    assert signed_in_user(client) == user
    home = client.get("/ar/").content.decode()
    assert "حسابي" in home  # "My account" replaces "Sign in" in the header


def test_signup_in_english_speaks_english(client, demo_site):
    signup(client, "en", "sam@example.org")

    message = mail.outbox[0]
    assert "[Multaqa]" in message.subject
    assert "Please confirm your email address" in message.subject
    assert "confirm" in message.body
    link = link_in(message)
    assert link.startswith("/en/accounts/confirm-email/")
    response = client.post(link)
    assert response["Location"] == "/en/"
    assert signed_in_user(client).email == "sam@example.org"


def test_confirming_twice_or_with_a_made_up_key_changes_nothing(client, demo_site):
    signup(client, "ar", "omar@example.org")
    link = link_in(mail.outbox[0])
    client.post(link)
    client.post("/ar/accounts/logout/")

    page = client.get("/ar/accounts/confirm-email/not-a-real-key/").content.decode()
    assert 'action="/ar/accounts/confirm-email/not-a-real-key/"' not in page  # nothing to confirm
    assert 'href="/ar/accounts/login/"' in page  # signing in sends a fresh link
    assert not LATIN_WORD.search(arabic_prose(main_text(client.get("/ar/accounts/confirm-email/x/"))))
    response = client.post("/ar/accounts/confirm-email/not-a-real-key/")
    assert response.status_code == 404
    assert signed_in_user(client) is None


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"email": "a@example.org", "password1": PASSWORD, "password2": NEW_PASSWORD}, "نفسها"),
        ({"email": "not-an-address", "password1": PASSWORD, "password2": PASSWORD}, "بريد"),
        ({"email": "b@example.org", "password1": "12345678", "password2": "12345678"}, "أرقام"),
        ({"email": "c@example.org", "password1": "k7-q", "password2": "k7-q"}, "قصيرة"),
        ({"email": "", "password1": "", "password2": ""}, "مطلوب"),
    ],
)
def test_bad_signup_is_explained_in_arabic_and_creates_nothing(client, db, data, error):
    response = client.post("/ar/accounts/signup/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist"' in html
    assert error in html
    assert 'aria-invalid="true"' in html
    assert not get_user_model().objects.exists()
    assert not mail.outbox


def test_signup_with_a_taken_address_warns_the_owner_by_email_and_creates_no_account(client, db):
    owner = UserFactory(email="taken@example.org")

    response = signup(client, "ar", "taken@example.org")

    # The visitor sees the same page as any signup, so addresses cannot be probed.
    assert response["Location"] == "/ar/accounts/confirm-email/"
    assert get_user_model().objects.filter(email="taken@example.org").count() == 1
    assert owner.check_password(PASSWORD)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["taken@example.org"]
    assert link_in(mail.outbox[0]).startswith("/ar/accounts/password/reset/")


def test_password_sign_in_lands_on_the_home_page_in_the_same_language(client, demo_site):
    user = UserFactory()

    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert signed_in_user(client) == user


def test_wrong_password_is_refused_in_arabic(client, db):
    user = UserFactory()

    response = client.post("/ar/accounts/login/", {"login": user.email, "password": "wrong password"})

    assert response.status_code == 200
    assert "كلمة المرور غير صحيحة" in response.content.decode()
    assert signed_in_user(client) is None


def test_unverified_address_cannot_sign_in_and_gets_a_new_link(client, db):
    user = UserFactory(verified=False)

    response = client.post("/ar/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response["Location"] == "/ar/accounts/confirm-email/"
    assert signed_in_user(client) is None
    assert len(mail.outbox) == 1
    assert link_in(mail.outbox[0]).startswith("/ar/accounts/confirm-email/")


def test_sign_in_by_code_from_the_email(client, db):
    user = UserFactory()

    response = client.post("/ar/accounts/login/code/", {"email": user.email})

    assert response["Location"] == "/ar/accounts/login/code/confirm/"
    message = mail.outbox[0]
    assert not LATIN_WORD.search(message.subject)
    code = re.search(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})+)\s*$", message.body, re.M).group(1)
    page = client.get(response["Location"]).content.decode()
    assert user.email in page
    assert "الرمز" in page

    wrong = client.post("/ar/accounts/login/code/confirm/", {"code": "000000"})
    assert wrong.status_code == 200
    assert signed_in_user(client) is None

    response = client.post("/ar/accounts/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert signed_in_user(client) == user


def test_sign_out_asks_first_and_happens_only_on_post(client, demo_site):
    user = UserFactory()
    client.force_login(user)

    page = client.get("/ar/accounts/logout/").content.decode()
    assert "هل تريد حقا تسجيل الخروج" in page
    assert signed_in_user(client) == user

    response = client.post("/ar/accounts/logout/")
    assert response["Location"] == "/ar/"
    assert signed_in_user(client) is None
    assert "تسجيل الدخول" in client.get("/ar/").content.decode()


def test_password_reset_from_the_emailed_link(client, db):
    user = UserFactory()

    response = client.post("/ar/accounts/password/reset/", {"email": user.email})
    assert response["Location"] == "/ar/accounts/password/reset/done/"
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "[ملتقى]" in message.subject
    link = link_in(message)
    assert link.startswith("/ar/accounts/password/reset/key/")

    # allauth moves the key out of the address into the session before showing the form.
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    assert "كلمة المرور الجديدة" in client.get(form_url).content.decode()

    mismatch = client.post(form_url, {"password1": NEW_PASSWORD, "password2": PASSWORD})
    assert mismatch.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response["Location"] == "/ar/accounts/password/reset/key/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert "تم تغيير كلمة مرورك" in client.get(response["Location"]).content.decode()

    # The link works once; afterwards the page offers a new one instead of the form.
    spent = client.get(link, follow=True).content.decode()
    assert 'name="password1"' not in spent
    assert 'href="/ar/accounts/password/reset/"' in spent

    client.post("/ar/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert signed_in_user(client) is None
    client.post("/ar/accounts/login/", {"login": user.email, "password": NEW_PASSWORD})
    assert signed_in_user(client) == user


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})

    assert response["Location"] == "/en/accounts/password/reset/done/"
    assert mail.outbox[0].to == ["nobody@example.org"]
    assert "/en/accounts/password/reset/key/" not in mail.outbox[0].body


def test_email_addresses_page_adds_an_address_and_sends_its_link(client, db):
    user = UserFactory()
    client.force_login(user)

    page = client.get("/ar/accounts/email/").content.decode()
    assert user.email in page
    assert "مؤكَّد" in page and "موثق" not in page
    assert 'aria-current="page"' in page  # the account menu marks where the user is

    response = client.post("/ar/accounts/email/", {"email": "second@example.org", "action_add": ""})
    assert response.status_code == 302
    added = EmailAddress.objects.get(user=user, email="second@example.org")
    assert not added.verified
    assert not added.primary
    assert link_in(mail.outbox[0]).startswith("/ar/accounts/confirm-email/")

    bad = client.post("/ar/accounts/email/", {"email": "nope", "action_add": ""})
    assert bad.status_code == 200
    assert 'class="errorlist"' in bad.content.decode()
    assert EmailAddress.objects.filter(user=user).count() == 2


def test_account_pages_need_a_signed_in_user(client, db):
    for url in ["/ar/accounts/email/", "/ar/accounts/password/change/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/ar/accounts/login/?next=")


@pytest.mark.parametrize(
    "url",
    [
        "/en/accounts/login/",
        "/en/accounts/signup/",
        "/en/accounts/password/reset/",
        "/en/accounts/login/code/",
        "/en/accounts/email/",
        "/en/accounts/password/change/",
        "/en/accounts/logout/",
        "/en/accounts/2fa/",
    ],
)
def test_english_account_pages_write_in_the_sites_sentence_case(client, db, url):
    import english_wording

    if not any(word in url for word in ("login", "signup", "reset")):
        client.force_login(UserFactory())
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert [words for words in english_wording.TITLE_CASE if f">{words}<" in html or f" {words}" in html] == []
    sentence_cased = r"Sign in|Sign up|Change password|Add email|Reset my password|Request code|Sign out|Two-factor"
    assert re.search(sentence_cased, html)


def test_the_arabic_sign_in_page_keeps_its_arabic_wording(client, db):
    text = main_text(client.get("/ar/accounts/login/"))
    assert "تسجيل الدخول" in text and "Sign in" not in text
