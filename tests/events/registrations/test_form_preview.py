"""The organisers' preview of the registration form: the form participants see, in either
language, whatever the window, seats or invitations say, with the questions and their
conditions as they are now; it sends nothing, and no one else finds it."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from tests.factories.accounts import UserFactory, admin_in
from tests.factories.registrations import organisation_questions, participant
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db


def preview_url(settings, language):
    return f"/{language}/registrations/{settings.event_id}/preview/"


@pytest.fixture
def questions(settings_for_event):
    return organisation_questions(settings_for_event, which=("Which organisation?", "أيّ منظمة؟"))


@pytest.fixture
def organiser_client(client, demo_site):
    client.force_login(admin_in(UserFactory(is_staff=True, is_superuser=True), "en"))
    return client


def test_the_settings_page_links_the_preview_in_both_languages(organiser_client, settings_for_event):
    html = organiser_client.get(f"/admin/registrations/event/{settings_for_event.event_id}/settings/").content.decode()
    for language in ("ar", "en"):
        assert f'href="{preview_url(settings_for_event, language)}"' in html


@pytest.mark.parametrize("state", ["open", "not yet open", "full"])
def test_the_preview_shows_the_form_and_sends_nothing(organiser_client, settings_for_event, questions, state):
    if state == "not yet open":
        settings_for_event.opens_at = timezone.now() + dt.timedelta(days=3)
    elif state == "full":
        settings_for_event.capacity, settings_for_event.waitlist_enabled = 0, False
    settings_for_event.save()
    html = organiser_client.get(preview_url(settings_for_event, "en")).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert "Preview for the organisers." in html and "It sends nothing." in html
    assert "Do you attend for an organisation?" in html and "Which organisation?" in html
    assert "Only if you answered “Yes” to “Do you attend for an organisation?”." in html
    form = soup.select_one("main form")
    assert form["method"] == "get" and form.select("button[type=submit]") == []
    assert form.select("input[name=csrfmiddlewaretoken]") == []
    assert f'href="{preview_url(settings_for_event, "ar")}"' in html
    assert "registrations/conditions.js" in html


def test_the_arabic_preview_reads_right_to_left(organiser_client, settings_for_event, questions):
    html = organiser_client.get(preview_url(settings_for_event, "ar")).content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "معاينة لفريق التنظيم." in html and "هل تحضر باسم منظمة؟" in html and "أيّ منظمة؟" in html
    assert f'href="{preview_url(settings_for_event, "en")}"' in html


def test_no_one_else_finds_it(settings_for_event, questions):
    user, _person = participant()
    client = Client()
    client.force_login(user)
    assert_not_found(client.get(preview_url(settings_for_event, "en")), "en", hides=["Which organisation?"])
    assert_not_found(Client().get(preview_url(settings_for_event, "ar")), "ar", hides=["أيّ منظمة؟"])


def test_an_event_without_registration_has_no_preview(organiser_client, event):
    assert_not_found(organiser_client.get(f"/en/registrations/{event.pk}/preview/"), "en")
