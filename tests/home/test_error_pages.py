"""The site's own error pages. A form sent without its security token (a page left open for long,
cookies refused) gets the site's own page in the visitor's language, says what to do, and
changes nothing; an admin address that finds nothing answers in the admin's language; an address
only a button sends to, opened as a page, says so."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.quality.test_language import foreign_words

pytestmark = pytest.mark.django_db

TITLE = {"ar": "تعذّر إرسال النموذج", "en": "The form could not be sent"}
AGAIN = {"ar": "افتح الصفحة مرة أخرى", "en": "Open the page again"}


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_a_form_without_its_token_gets_the_sites_page_and_saves_nothing(demo_site, lang, direction):
    client = Client(enforce_csrf_checks=True)
    signup = f"/{lang}/accounts/signup/"
    data = {"email": "late@example.org", "password1": "a long pass phrase 42", "password2": "a long pass phrase 42"}
    response = client.post(signup, data, HTTP_REFERER=f"http://testserver{signup}")
    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{direction}"' in html
    assert TITLE[lang] in html and f'href="http://testserver{signup}"' in html and f">{AGAIN[lang]}</a>" in html
    assert "DEBUG" not in html and "CSRF" not in html
    assert not foreign_words(html, lang, whole_page=True)
    assert not get_user_model().objects.filter(email="late@example.org").exists()


def test_a_referer_from_another_site_is_not_offered_as_the_way_back(demo_site):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/accounts/login/", {"login": "x@example.org"}, HTTP_REFERER="https://evil.example/")
    html = response.content.decode()
    assert response.status_code == 403 and TITLE["en"] in html
    assert "evil.example" not in html and f">{AGAIN['en']}</a>" not in html
    assert 'href="/en/"' in html  # the home page instead


def test_an_admin_address_that_finds_nothing_answers_in_the_admins_language(client, demo_site):
    """An unknown event's report or an admin address that does not exist, asked by an admin
    who chose Arabic from a browser that prefers English: the "not found" page in Arabic."""
    from wagtail.users.models import UserProfile

    from tests.factories.accounts import UserFactory
    from tests.not_found import assert_not_found

    admin = UserFactory(is_superuser=True, is_staff=True)
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "ar"
    profile.save()
    client.force_login(admin)
    for url in ("/admin/reports/99999/", "/admin/no-such-screen/"):
        assert_not_found(client.get(url, HTTP_ACCEPT_LANGUAGE="en", follow=True), "ar")


@pytest.mark.parametrize(("lang", "title"), [("ar", "هذا العنوان ليس صفحة"), ("en", "This address is not a page")])
def test_an_address_only_a_button_sends_to_opened_as_a_page_says_so(client, demo_site, lang, title):
    from tests.factories.registrations import participant

    user, _person = participant(name="Noor Ali", name_ar="نور علي")
    client.force_login(user)
    response = client.get(f"/{lang}/my/calendar/")
    html = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert f'<html lang="{lang}"' in html and f"<h1>{title}</h1>" in html
    assert not foreign_words(html, lang, whole_page=True)


def test_the_api_keeps_its_own_answer_to_a_wrong_method(client, demo_site):
    response = client.delete("/api/v1/events")
    assert response.status_code == 405 and "<html" not in response.content.decode()
