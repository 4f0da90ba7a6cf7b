"""Tickets: the PDF for its owner and the event's staff only, and the signed QR token the
check-in desk scans."""

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import signing
from django.utils import timezone

from events.registrations import services
from events.registrations.services import tickets
from tests.factories.accounts import UserFactory
from tests.factories.events import VenueFactory
from tests.factories.network import PersonFactory
from tests.factories.registrations import SettingsFactory, english_of, event_page, organiser, participant
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db

# pdftotext marks right-to-left runs with Unicode embedding controls; the words are between them.
BIDI_CONTROLS = re.compile("[\u202a-\u202e]")


def pdf_text(content, tmp_path, layout=True):
    """The text of a PDF as pdftotext (poppler-utils) reads it: with the page's layout, or
    each block of text in reading order."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: apt-get install poppler-utils")
    assert content.startswith(b"%PDF-"), content[:80]
    path = tmp_path / "ticket.pdf"
    path.write_bytes(content)
    return subprocess.run(  # noqa: S603
        ["pdftotext", *(["-layout"] if layout else []), str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def ticket_text(content, tmp_path):
    """The ticket's text block by block, without the embedding controls, on one line (a long
    title wraps inside its half of the ticket)."""
    return " ".join(BIDI_CONTROLS.sub("", pdf_text(content, tmp_path, layout=False)).split())


def assert_ticket_of(registration, content, tmp_path):
    """``content`` is the PDF ticket of ``registration``: its reference, the participant's
    name in both scripts and the event's title in both languages."""
    text = ticket_text(content, tmp_path)
    assert registration.reference in text.replace(" ", "")  # letter-spaced on the ticket
    person = registration.person
    assert person.name in text and person.name_ar in text
    assert registration.event.title in text and english_of(registration.event).title in text
    return text


def fonts_of(content, tmp_path):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed: apt-get install poppler-utils")
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607


@pytest.fixture
def event(demo_site, demo_snapshots):
    """An upcoming event with a title in each language; without digits, which pdftotext puts in
    visual order inside an Arabic line. Built once per session, copied back after that."""
    from events.models import EventPage

    def build():
        page = event_page(title="ملتقى الصحافة المستقلة")
        english = english_of(page)
        english.title = "Independent Press Forum"
        english.save_revision().publish()
        return page.pk

    return EventPage.objects.get(pk=demo_snapshots.load("independent-press-forum", build))


@pytest.fixture
def mine(client, settings_for_event):
    user, person = participant(name="Noor Ali", name_ar="نور علي")
    registration = services.register(settings_for_event.event, person)
    client.force_login(user)
    return registration


def test_owner_downloads_a_bilingual_pdf(client, mine, tmp_path):
    response = client.get(f"/ar/tickets/{mine.reference}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = assert_ticket_of(mine, response.content, tmp_path)
    assert "Noor Ali" in text and "نور علي" in text
    assert "ملتقى الصحافة المستقلة" in text and "Independent Press Forum" in text
    assert "Ticket" in text and "Participant" in text
    fonts = fonts_of(response.content, tmp_path)
    assert "Plex-Arabic" in fonts and "Plex-Latin" in fonts  # the shipped font, embedded


def test_arabic_is_shaped_with_the_shipped_font(client, mine, tmp_path):
    text = pdf_text(client.get(f"/ar/tickets/{mine.reference}/").content, tmp_path)
    # pdftotext gives back the logical Arabic text only when the glyphs were shaped and mapped.
    assert "نور علي" in text
    assert "المشارك" in text


def test_qr_code_holds_a_signed_check_in_link(mine, monkeypatch):
    seen = []
    monkeypatch.setattr(tickets, "qr_data_uri", lambda data: seen.append(data) or "data:image/svg+xml,")
    tickets.ticket_pdf(mine)
    (url,) = seen
    assert "/tickets/check/" in url
    assert mine.reference not in url.split("/tickets/check/")[0]
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert tickets.verify_ticket_token(token) == mine
    assert str(mine.pk) != token


@pytest.mark.parametrize("who", ["other participant", "anonymous"])
def test_someone_elses_ticket_is_not_shown(client, mine, who):
    client.logout()
    if who == "other participant":
        other, _person = participant()
        client.force_login(other)
    response = client.get(f"/ar/tickets/{mine.reference}/")
    assert b"%PDF" not in response.content
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"/ar/accounts/login/?next=/ar/tickets/{mine.reference}/"
    else:
        assert_not_found(response, "ar", hides=["Noor Ali", "نور علي", mine.person.email, mine.event.title])


def test_no_ticket_without_a_confirmed_seat(client, settings_for_event):
    settings_for_event.capacity = 0
    settings_for_event.save()
    user, person = participant()
    waiting = services.register(settings_for_event.event, person)
    client.force_login(user)
    hides = [person.name, person.name_ar, settings_for_event.event.title]
    assert_not_found(client.get(f"/ar/tickets/{waiting.reference}/"), "ar", hides=hides)
    assert_not_found(client.get("/en/tickets/NOPE/"), "en", hides=hides)


def test_staff_of_the_event_may_open_a_ticket(client, mine, demo_site, tmp_path):
    client.force_login(organiser(edit_pages_under=mine.event.get_parent()))
    response = client.get(f"/ar/tickets/{mine.reference}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert_ticket_of(mine, response.content, tmp_path)


def test_staff_without_rights_on_the_event_may_not(client, mine):
    hides = ["Noor Ali", "نور علي", mine.person.email, mine.event.title]
    client.force_login(organiser())
    assert_not_found(client.get(f"/ar/tickets/{mine.reference}/"), "ar", hides=hides)
    client.force_login(UserFactory(is_staff=True))
    assert_not_found(client.get(f"/en/tickets/{mine.reference}/"), "en", hides=hides)


def test_superuser_may_open_any_ticket(client, mine, tmp_path):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(f"/ar/tickets/{mine.reference}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="ticket-{mine.reference}.pdf"'
    assert_ticket_of(mine, response.content, tmp_path)


class TestTokens:
    def test_forged_token_is_refused(self, mine):
        token = tickets.ticket_token(mine)
        for forged in (token[:-2] + "xx", "abc", signing.dumps({"r": mine.reference}, salt="other")):
            with pytest.raises(services.RegistrationError) as refused:
                tickets.verify_ticket_token(forged)
            assert refused.value.code == "forged"

    def test_token_of_an_unknown_reference_is_refused(self, demo_site):
        with pytest.raises(services.RegistrationError) as refused:
            tickets.verify_ticket_token(signing.dumps({"r": "ZZZZZZZZZZZZ"}, salt=tickets.TOKEN_SALT))
        assert refused.value.code == "forged"

    def test_token_expires_a_day_after_the_event(self, mine):
        token = tickets.ticket_token(mine)
        after = mine.event.end + dt.timedelta(days=2)
        with pytest.raises(services.RegistrationError) as refused:
            tickets.verify_ticket_token(token, now=after)
        assert refused.value.code == "expired"

    def test_token_of_a_cancelled_registration_is_refused(self, mine):
        token = tickets.ticket_token(mine)
        services.cancel(mine)
        with pytest.raises(services.RegistrationError) as refused:
            tickets.verify_ticket_token(token)
        assert refused.value.code == "not_confirmed"


class TestCheckPage:
    def test_staff_see_the_participant(self, client, mine):
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        html = client.get(f"/ar/tickets/check/{tickets.ticket_token(mine)}/").content.decode()
        assert "تذكرة صالحة" in html
        assert "نور علي" in html and mine.reference in html

    def test_forged_token_gets_a_clear_message(self, client, mine):
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        response = client.get("/ar/tickets/check/forged-token/")
        assert response.status_code == 404
        assert "رمز التذكرة هذا غير صالح" in response.content.decode()

    def test_expired_token_gets_a_clear_message(self, client, demo_site):
        past = SettingsFactory(event=event_page(start=timezone.now() - dt.timedelta(days=5)))
        registration = services.register(past.event, PersonFactory(), source="staff", ignore_window=True)
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        response = client.get(f"/en/tickets/check/{tickets.ticket_token(registration)}/")
        assert response.status_code == 404
        assert "This ticket has expired" in response.content.decode()

    def test_participants_cannot_use_the_check_page(self, client, mine):
        response = client.get(f"/ar/tickets/check/{tickets.ticket_token(mine)}/")
        # The reference is part of the address asked for (the language links repeat it); the
        # page tells nothing else.
        assert_not_found(response, "ar", hides=["نور علي", "Noor Ali", "تذكرة صالحة"])


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "tickets"


def test_ticket_shows_the_venue_and_its_address_in_both_languages(client, demo_site, tmp_path):
    venue = VenueFactory(
        name="Al-Mansour hall", name_ar="قاعة المنصور", address="14 Ramadan Street", address_ar="شارع 14 رمضان"
    )
    settings = SettingsFactory(event=event_page(event_format="hybrid", venue=venue))
    user, person = participant(name="Noor Ali", name_ar="نور علي")
    registration = services.register(settings.event, person)
    client.force_login(user)
    content = client.get(f"/ar/tickets/{registration.reference}/").content
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "ticket-hybrid.pdf").write_bytes(content)  # pdftoppm -png -r 60 to look at it
    text = pdf_text(content, tmp_path)
    assert "Al-Mansour hall" in text and "14 Ramadan Street" in text
    assert "قاعة المنصور" in text and "رمضان" in text  # pdftotext gives mixed Arabic and digits in visual order
    assert "Also online" in text
    assert "meet.example.org" not in text  # the link is never printed


def test_ticket_gives_the_organisers_contact_in_each_language(client, mine, tmp_path):
    """Each half gives the address of its language's page; a translation without its own
    gives the main page's; without any, the ticket says nothing of it."""
    text = ticket_text(client.get(f"/ar/tickets/{mine.reference}/").content, tmp_path)
    assert "Write to the organisers" not in text and "راسل فريق التنظيم" not in text
    event = mine.event
    event.contact_email = "forum@press.example.org"
    event.save_revision().publish()
    text = ticket_text(client.get(f"/ar/tickets/{mine.reference}/").content, tmp_path)
    assert "Questions? Write to the organisers:" in text
    assert "راسل فريق التنظيم" in text and text.count("forum@press.example.org") == 2
    english = english_of(event)
    english.contact_email = "english-desk@press.example.org"
    english.save_revision().publish()
    context = tickets.ticket_context(mine)
    assert (context["contact_ar"], context["contact_en"]) == (
        "forum@press.example.org",
        "english-desk@press.example.org",
    )
    text = ticket_text(client.get(f"/en/tickets/{mine.reference}/").content, tmp_path)
    assert text.count("english-desk@press.example.org") == 1 and text.count("forum@press.example.org") == 1


def test_online_ticket_says_online_without_the_link(client, mine, tmp_path):
    text = pdf_text(client.get(f"/ar/tickets/{mine.reference}/").content, tmp_path)
    where_en, where_ar = text.split("Where")[1].split("Participant")[0], text.split("المكان")[1].split("المشارك")[0]
    assert "Online" in where_en and "Online" in text.split("When")[1]
    assert where_ar.strip()
    context = tickets.ticket_context(mine)
    assert (context["place_ar"], context["place_en"]) == (["عبر الإنترنت"], ["Online"])
    assert "meet.example.org" not in text


def test_the_line_between_the_halves_is_drawn_by_the_arabic_half():
    html = (Path(tickets.__file__).parents[1] / "templates" / "registrations" / "ticket.html").read_text()
    assert ".half:first-child { border-inline-end: 1pt dashed" in html
    assert ".half + .half" not in html  # the English half is left-to-right: its start is the ticket's edge


def pdf_info(content, tmp_path):
    """What pdfinfo (poppler-utils) says of a PDF: "Pages", "Page size"…"""
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed: apt-get install poppler-utils")
    path = tmp_path / "info.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    return dict(line.split(":", 1) for line in info.splitlines() if ":" in line) | {"text": info}


def pdf_pages(content, tmp_path):
    return int(pdf_info(content, tmp_path)["Pages"])


@pytest.mark.parametrize(
    ("words", "lines"),
    [
        (1, "a title, a venue and an address as the demo's"),
        (4, "titles of 200 characters, a venue's name of 120 and its address of 160"),
        (8, "as long as a title, a venue's name and an address may be: drawn in the compact sizes"),
    ],
)
def test_a_ticket_is_one_page_however_long_its_event(client, demo_site, tmp_path, monkeypatch, words, lines):
    title_ar = "المؤتمر الدولي الرابع لمكافحة إعلام داعش في بغداد"
    title_en = "Fourth International Conference on Countering ISIS Media in Baghdad"
    venue = VenueFactory(
        name=("Demo Community Hall of the Civil Society Network " * words)[: 120 if words < 8 else 255].strip(),
        name_ar=("قاعة المجتمع التجريبية لشبكة منظمات المجتمع المدني " * words)[: 120 if words < 8 else 255].strip(),
        address=("Fictional address for the demo, Al-Karrada district " * words)[: 160 if words < 8 else 255].strip(),
        address_ar=("عنوان متخيّل للتجربة، منطقة الكرادة " * words)[: 160 if words < 8 else 255].strip(),
    )
    longest = 200 if words < 8 else 255
    page = event_page(title=((title_ar + " ") * words)[:longest].strip(), venue=venue, event_format="hybrid")
    page.contact_email = "registration-desk.fourth-international-conference@countering-media.example.org"
    page.save_revision().publish()
    english = english_of(page)
    english.title = ((title_en + " ") * words)[:longest].strip()
    english.save_revision().publish()
    settings = SettingsFactory(event=page)
    user, person = participant(name="Sara Test Person Al-Baghdadi", name_ar="سارة الاختبار البغدادي")
    registration = services.register(settings.event, person)
    client.force_login(user)
    drawn = []
    render = tickets.render_to_string
    monkeypatch.setattr(
        tickets, "render_to_string", lambda name, context: drawn.append(context) or render(name, context)
    )
    content = client.get(f"/ar/tickets/{registration.reference}/").content
    assert [bool(context.get("compact")) for context in drawn] == ([False] if words < 8 else [False, True])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"ticket-{words}.pdf").write_bytes(content)  # pdftoppm -png -r 60 to look at it
    assert pdf_pages(content, tmp_path) == 1, lines
    text = ticket_text(content, tmp_path)
    assert registration.reference in text.replace(" ", "")
    assert "Show this code at the registration desk." in text and "عند مكتب التسجيل" in text
    assert title_en.split()[0] in text and "Al-Baghdadi" in text
