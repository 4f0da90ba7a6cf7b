"""Addresses no page can answer get a clear page, never a server error, on SQLite and
PostgreSQL alike: a NUL character in the path (404) or the query (400), an id too large for any
database (404), a text where Wagtail's choosers expect an id (404), a media name longer than a
file system allows (404)."""

import html

import pytest

from tests.factories.network import PersonFactory
from tests.factories.registrations import RegistrationFactory, SettingsFactory, event_page, participant

pytestmark = pytest.mark.django_db

HUGE = "9" * 25
REFUSED = {
    "en": "The address or the search holds a character that web addresses cannot carry.",
    "ar": "يحتوي العنوان أو نص البحث على محرف لا يصلح في عناوين الويب.",
}


def page(response):
    return html.unescape(response.content.decode())


def not_found(response):
    """A 404, possibly after the redirect every unknown address outside /ar/ and /en/ gets to
    the same address under /ar/."""
    return response.status_code == 404 and all(code == 302 for _url, code in getattr(response, "redirect_chain", []))


@pytest.fixture
def registered(client, demo_site):
    event = event_page()
    SettingsFactory(event=event, capacity=10)
    user, person = participant()
    registration = RegistrationFactory(event=event, person=person)
    client.force_login(user)
    return registration


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_search_with_a_nul_character_is_refused_in_the_visitors_language(client, demo_site, language):
    response = client.get(f"/{language}/search/", {"q": "\x00"})
    assert response.status_code == 400
    assert REFUSED[language] in page(response)
    assert f'<html lang="{language}"' in page(response)


def test_a_nul_anywhere_in_the_query_is_refused(client, demo_site):
    response = client.get("/en/directory/people/", {"governorate": "basra", "q\x00": "x"})
    assert response.status_code == 400 and REFUSED["en"] in page(response)


def test_addresses_with_nul_characters_are_not_found_and_never_reach_the_database(client, registered):
    person = PersonFactory(slug="ali-sami")
    reference = registered.reference
    for url in (
        f"/en/tickets/{reference}%00/",
        f"/en/tickets/check/{reference}%00/",
        f"/en/directory/people/{person.slug}%00/",
        "/en/my/calendar/abc%00def.ics",
        f"/en/events/%00{reference}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in page(response)
    response = client.post(f"/en/my/events/{reference}%00/cancel/")
    assert response.status_code == 404
    registered.refresh_from_db()
    assert registered.status == "confirmed"


def test_an_id_too_large_for_the_database_is_not_found(client, admin_client, registered):
    event = registered.event.pk
    for response in (
        client.get(f"/en/registrations/{HUGE}/"),
        client.post(f"/en/registrations/{HUGE}/"),
        admin_client.get(f"/admin/registrations/event/{HUGE}/", follow=True),
        admin_client.get(f"/admin/registrations/event/{HUGE}/counts/", follow=True),
        admin_client.get(f"/admin/registrations/event/{event}/registration/{HUGE}/", follow=True),
        admin_client.get(f"/admin/pages/{HUGE}/", follow=True),
    ):
        assert not_found(response)
    # The largest id a database holds is still looked up, and simply not found.
    assert client.get(f"/en/registrations/{2**63 - 1}/").status_code == 404
    # A real id still leads to the event: this participant is registered already.
    response = client.get(f"/en/registrations/{event}/")
    assert response["Location"] == f"/en/my/events/{registered.reference}/"


def test_text_where_a_chooser_expects_an_id_is_not_found(admin_client):
    for kind in ("images", "documents"):
        assert not_found(admin_client.get(f"/admin/{kind}/chooser/chosen/not-a-number/", follow=True))
        assert not_found(admin_client.get(f"/admin/{kind}/chooser/chosen/\u202egpj.exe/", follow=True))


def test_a_media_name_longer_than_a_file_system_allows_is_not_found(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logo.txt").write_text("logo")
    assert not_found(client.get("/media/" + "x" * 5000, follow=True))
    response = client.get("/media/logo.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"logo"
