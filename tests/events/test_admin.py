"""Editors in the Wagtail admin: the event form explains what is wrong on the field to fix and
saves nothing; times are typed and shown in the event's own time zone; sessions and their
speakers are edited inline."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from events.models import EventPage, Session
from tests.factories.events import VenueFactory, at, event_page
from tests.factories.network import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    from wagtail.users.models import UserProfile

    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "a long editor password 42")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def workshop(events_index):
    return event_page(
        events_index["ar"],
        title="ورشة",
        kind="workshop",
        start=at(2030, 5, 10, 9),
        end=at(2030, 5, 11, 17),
        sessions=[{"title": "الافتتاح", "kind": "keynote", "start": at(2030, 5, 10, 9), "end": at(2030, 5, 10, 10)}],
    )


def edit_form(editor, page):
    response = editor.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for key in [key for key in data if "__prefix__" in key]:
        del data[key]
    # The body is a StreamField the admin's JavaScript renders; the factory's pages have none.
    data.update(nested_form_data({"body": streamfield([])}))
    return data


def publish(editor, page, data):
    data["action-publish"] = "action-publish"
    return editor.post(f"/admin/pages/{page.pk}/edit/", data)


def field_errors(response):
    form = response.context["form"]
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    for number, session_form in enumerate(form.formsets["sessions"].forms):
        for name, errs in session_form.errors.items():
            errors[f"sessions-{number}-{name}"] = [str(e) for e in errs]
    return errors


def test_edit_form_shows_times_in_the_event_zone(editor, workshop):
    data = edit_form(editor, workshop)
    assert data["start"] == "2030-05-10 09:00"
    assert data["sessions-0-start"] == "2030-05-10 09:00"


def test_end_before_start_is_explained_and_nothing_saved(editor, workshop):
    data = edit_form(editor, workshop)
    data["title"] = "عنوان لن يُحفظ"
    data["end"] = "2030-05-09 09:00"
    response = publish(editor, workshop, data)
    assert response.status_code == 200
    assert field_errors(response)["end"] == ["The event cannot end before it starts."]
    assert EventPage.objects.get(pk=workshop.pk).title == "ورشة"


def test_online_event_without_link_is_explained(editor, workshop):
    data = edit_form(editor, workshop)
    data["event_format"] = "online"
    data["online_link"] = ""
    response = publish(editor, workshop, data)
    assert "online_link" in field_errors(response)
    assert EventPage.objects.get(pk=workshop.pk).event_format == "in_person"


def test_in_person_event_without_venue_is_explained(editor, workshop):
    data = edit_form(editor, workshop)
    data["venue"] = ""
    response = publish(editor, workshop, data)
    assert "venue" in field_errors(response)
    assert EventPage.objects.get(pk=workshop.pk).venue_id == workshop.venue_id


def test_session_outside_the_event_days_is_explained_on_the_session(editor, workshop):
    data = edit_form(editor, workshop)
    data["sessions-0-start"] = "2030-05-12 09:00"
    data["sessions-0-end"] = "2030-05-12 10:00"
    response = publish(editor, workshop, data)
    errors = field_errors(response)
    assert errors["sessions-0-start"] == ["Sessions must fall within the event's days (10 May 2030 to 11 May 2030)."]
    assert Session.objects.get(page=workshop).start == at(2030, 5, 10, 9)


def test_validation_messages_in_arabic(editor, workshop):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(get_user_model().objects.get(username="editor"))
    profile.preferred_language = "ar"
    profile.save()
    data = edit_form(editor, workshop)
    data["end"] = "2030-05-09 09:00"
    response = publish(editor, workshop, data)
    assert field_errors(response)["end"] == ["لا يمكن أن تنتهي الفعالية قبل أن تبدأ."]


def test_times_are_read_in_the_event_time_zone(editor, workshop):
    data = edit_form(editor, workshop)
    data["time_zone"] = "Europe/Vienna"
    data["start"] = "2030-01-10 10:00"
    data["end"] = "2030-01-11 17:00"
    data["sessions-0-start"] = "2030-01-10 10:00"
    data["sessions-0-end"] = "2030-01-10 11:00"
    response = publish(editor, workshop, data)
    assert response.status_code == 302, field_errors(response)
    saved = EventPage.objects.get(pk=workshop.pk)
    assert saved.start == dt.datetime(2030, 1, 10, 9, tzinfo=dt.UTC)
    assert Session.objects.get(page=workshop).start == dt.datetime(2030, 1, 10, 9, tzinfo=dt.UTC)
    assert saved.local_start == dt.datetime(2030, 1, 10, 10, tzinfo=ZoneInfo("Europe/Vienna"))


def test_a_session_and_its_speaker_are_added_inline(editor, workshop):
    person = PersonFactory(name="Maya Sukkar")
    data = edit_form(editor, workshop)
    data["sessions-TOTAL_FORMS"] = "2"
    data.update(
        {
            "sessions-1-title": "صحافة الهاتف المحمول",
            "sessions-1-kind": "workshop",
            "sessions-1-start": "2030-05-11 11:00",
            "sessions-1-end": "2030-05-11 12:30",
            "sessions-1-room": "",
            "sessions-1-description": "",
            "sessions-1-online_link": "",
            "sessions-1-ORDER": "2",
            "sessions-1-DELETE": "",
            "sessions-1-id": "",
            "sessions-1-speakers-TOTAL_FORMS": "1",
            "sessions-1-speakers-INITIAL_FORMS": "0",
            "sessions-1-speakers-MIN_NUM_FORMS": "0",
            "sessions-1-speakers-MAX_NUM_FORMS": "1000",
            "sessions-1-speakers-0-person": str(person.pk),
            "sessions-1-speakers-0-role": "trainer",
            "sessions-1-speakers-0-organisation": "",
            "sessions-1-speakers-0-show_publicly": "on",
            "sessions-1-speakers-0-ORDER": "1",
            "sessions-1-speakers-0-DELETE": "",
            "sessions-1-speakers-0-id": "",
            "sessions-1-materials-TOTAL_FORMS": "0",
            "sessions-1-materials-INITIAL_FORMS": "0",
            "sessions-1-materials-MIN_NUM_FORMS": "0",
            "sessions-1-materials-MAX_NUM_FORMS": "1000",
        }
    )
    response = publish(editor, workshop, data)
    assert response.status_code == 302, field_errors(response)
    session = Session.objects.get(page=workshop, title="صحافة الهاتف المحمول")
    assert session.start == at(2030, 5, 11, 11)
    assert [(s.person, s.role, s.show_publicly) for s in session.speakers.all()] == [(person, "trainer", True)]


def material_form(number, **values):
    """The session's ``number``-th material row as the admin's form sends it."""
    fields = {
        "kind": "slides",
        "title": "",
        "document": "",
        "url": "",
        "ORDER": str(number + 1),
        "DELETE": "",
        "id": "",
    }
    fields.update(values)
    return {f"sessions-0-materials-{number}-{name}": value for name, value in fields.items()}


def test_a_sessions_materials_are_added_inline_a_document_or_a_link(editor, workshop):
    from wagtail.documents.models import Document

    from events.models import SessionMaterial

    slides = Document.objects.create(title="Opening slides", file=ContentFile(b"%PDF-1.4 slides", name="opening.pdf"))
    data = edit_form(editor, workshop)
    data["sessions-0-materials-TOTAL_FORMS"] = "2"
    data.update(material_form(0, document=str(slides.pk)))
    data.update(material_form(1, kind="recording", title="تسجيل الجلسة", url="https://video.example.org/opening"))
    response = publish(editor, workshop, data)
    assert response.status_code == 302, field_errors(response)
    materials = SessionMaterial.objects.filter(session__page=workshop).order_by("sort_order")
    assert [(m.kind, m.shown_title, m.href) for m in materials] == [
        ("slides", "Opening slides", slides.url),
        ("recording", "تسجيل الجلسة", "https://video.example.org/opening"),
    ]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "Choose a document or give a link."),
        ({"url": "https://example.org/x", "document": "DOCUMENT"}, "Choose a document or give a link, not both."),
        ({"url": "javascript:alert(1)"}, "Enter a valid URL."),
    ],
    ids=["neither", "both", "not-a-link"],
)
def test_a_material_without_a_document_or_link_or_with_both_is_explained(editor, workshop, values, message):
    from wagtail.documents.models import Document

    from events.models import SessionMaterial

    document = Document.objects.create(title="Paper", file=ContentFile(b"%PDF-1.4", name="paper.pdf"))
    values = {name: str(document.pk) if value == "DOCUMENT" else value for name, value in values.items()}
    data = edit_form(editor, workshop)
    data["sessions-0-materials-TOTAL_FORMS"] = "1"
    data.update(material_form(0, **values))
    response = publish(editor, workshop, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SessionMaterial.objects.exists()


def test_venues_are_snippets_with_their_own_validation(editor):
    response = editor.post(
        "/admin/snippets/events/venue/add/",
        {"name": "Hall", "city": "Baghdad", "country": "IQ", "latitude": "33.3", "longitude": ""},
    )
    assert response.status_code == 200
    assert "Give both coordinates or neither." in response.content.decode()
    from events.models import Venue

    assert not Venue.objects.filter(name="Hall").exists()
    VenueFactory(name="Known hall")
    listing = editor.get("/admin/snippets/events/venue/").content.decode()
    assert "Known hall" in listing


def test_preview_shows_unsaved_sessions_and_speakers(editor, workshop):
    person = PersonFactory(name="Maya Sukkar", name_ar="مايا سكر")
    data = edit_form(editor, workshop)
    data["sessions-0-title"] = "عنوان في المعاينة"
    data.update(
        {
            "sessions-0-speakers-TOTAL_FORMS": "1",
            "sessions-0-speakers-0-person": str(person.pk),
            "sessions-0-speakers-0-role": "moderator",
            "sessions-0-speakers-0-organisation": "",
            "sessions-0-speakers-0-show_publicly": "on",
            "sessions-0-speakers-0-ORDER": "1",
            "sessions-0-speakers-0-DELETE": "",
            "sessions-0-speakers-0-id": "",
        }
    )
    url = f"/admin/pages/{workshop.pk}/edit/preview/"
    assert editor.post(url, data).json()["is_valid"]
    html = editor.get(url).content.decode()
    assert "عنوان في المعاينة" in html
    assert "مايا سكر" in html
    assert Session.objects.get(page=workshop).title == "الافتتاح"


def test_preview_before_any_form_was_sent_says_there_is_nothing_to_show(editor, workshop):
    """Opening the preview address directly (a bookmark, a reloaded tab) shows Wagtail's
    "preview not available" page, not a server error."""
    response = editor.get(f"/admin/pages/{workshop.pk}/edit/preview/")
    assert response.status_code == 200
    assert "Preview not available" in response.content.decode()
