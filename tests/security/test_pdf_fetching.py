"""Every PDF reads the site's own files only (core/pdf.py), whatever people type.

Each field a person, an organiser or an import can fill and that reaches a ticket, a badge, a
sign-in sheet, a certificate, an attendee list or an event report holds markup that would make
WeasyPrint fetch something: ``<img src>``, ``<link>``, ``@import``, CSS ``url()``, ``<object>``,
a ``data:`` image that refers to the web, each pointing at ``file:///etc/passwd`` or at a
small server this module starts, which records every request it gets. Every document is drawn,
and then: the server was never asked for anything, no line of /etc/passwd is in the PDF, and
the markup is there as text, as it was typed.

The templates' escaping keeps that markup text. The fetcher is tested on its own too, with the
same markup as real markup: with WeasyPrint's own fetcher the server is reached (so the test can
see a fetch), with the site's it is not.
"""

import datetime as dt
import re
from http.server import BaseHTTPRequestHandler
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.images import get_image_model

from core import pdf
from events.attendance.exports.columns import all_columns
from events.attendance.models import CompletionRule, Method, SlotUnit
from events.attendance.services import badges, certificates, check_in, sheets
from events.attendance.slots import slots_for
from events.registrations.models import QuestionType
from events.registrations.services.tickets import FONT_DIR, ticket_pdf
from tests.events.attendance.test_printing import pages_text
from tests.factories.attendance import plan
from tests.factories.events import VenueFactory, event_page, translate
from tests.factories.network import AffiliationFactory, NetworkFactory, OrganisationFactory, PersonFactory
from tests.factories.registrations import QuestionFactory, RegistrationFactory, SettingsFactory, organiser
from tests.local_servers import serving

pytestmark = pytest.mark.django_db

PASSWD = "root:x:0:0"
# Each payload names its addresses with a word of its own ("imgpayload", "linkpayload"…):
# pdftotext gives the text in the order it is drawn, and in a right-to-left paragraph the
# bidi algorithm moves the slashes and brackets of Latin text around, never a word's letters.
MARKER = re.compile(r"[a-z]+payload|etc/passwd")


def png():
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (1, 1), (15, 110, 106)).save(buffer, "PNG")
    return buffer.getvalue()


PNG = png()


class Listener(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.server.hits.append(self.path)
        body, kind = (PNG, "image/png") if self.path.endswith(".png") else (b"p { color: red }", "text/css")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def listener():
    """A server on a free port of this machine that answers anything and records the path."""
    with serving(Listener) as server:
        server.hits = []
        yield server


def payloads(port):
    """Hostile text, each short enough for any name or title field (255 characters)."""
    web = f"http://127.0.0.1:{port}"
    return [
        f'<img src="file:///etc/passwd"><img src="{web}/imgpayload.png">',
        f'<link rel="stylesheet" href="{web}/linkpayload.css"><style>@import url("{web}/importpayload.css");'
        '@import "file:///etc/passwd";</style>',
        f'<p style="background:url({web}/inlinepayload.png)">url(file:///etc/passwd)</p>',
        "<img src=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'>"
        f"<image href='{web}/svgpayload.png' width='9' height='9'/></svg>\">",
        f'data:text/html,<b>x</b> url({web}/plainpayload.css) <object data="file:///etc/passwd"></object>',
    ]


def hostile_svg(port):
    """An SVG logo that refers to the web and to a file outside the site."""
    return (
        "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
        f"width='40' height='40'><style>@import url(http://127.0.0.1:{port}/logo.css);</style>"
        f"<image xlink:href='http://127.0.0.1:{port}/logo.png' width='20' height='20'/>"
        "<image href='file:///etc/passwd' width='20' height='20'/>"
        "<rect width='10' height='10' fill='#0f6e6a'/></svg>"
    )


def build(port):
    """A past hybrid programme of two sessions in which every text field holds a payload: the
    event's titles, its sessions, its organiser (with a hostile SVG logo), the certificate's
    signatory, its network, a question and five participants (names, job titles,
    organisations, answers), all confirmed, present at the first session and certified."""
    hostile = payloads(port)

    def text(index):
        return hostile[index % len(hostile)]

    first = (timezone.now() - dt.timedelta(weeks=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    sessions = [
        {
            "title": text(i),
            "kind": "talk",
            "start": first + dt.timedelta(days=i),
            "end": first + dt.timedelta(days=i, hours=1),
        }
        for i in range(2)
    ]
    logo = get_image_model().objects.create(
        title="logo", file=ContentFile(hostile_svg(port).encode(), name="hostile-logo.svg")
    )
    host = OrganisationFactory(name=text(2), name_ar=text(3), logo=logo)
    page = event_page(
        title=text(0),
        slug="hostile-programme",
        event_format="hybrid",
        venue=VenueFactory(name=text(3), name_ar=text(2), city=text(4), city_ar=text(0)),  # cities: 120 at most
        start=sessions[0]["start"],
        end=sessions[-1]["end"],
        sessions=sessions,
        partners=[(host, "organiser")],
    )
    translate(page, title=text(1))
    network = NetworkFactory(name=text(4), name_ar=text(0))
    attendance = plan(
        page,
        unit=SlotUnit.SESSION,
        completion_rule=CompletionRule.SLOTS,
        completion_value=1,
        signatory=text(3),
        signatory_ar=text(4),
    )
    attendance.networks.add(network)
    settings = SettingsFactory(event=page, capacity=None)
    question = QuestionFactory(
        settings=settings, label=text(2), label_ar=text(3), field_type=QuestionType.SHORT_TEXT, required=False
    )
    slot = slots_for(page)[0]
    for i in range(len(hostile)):
        person = PersonFactory(participant=True, name=text(i), name_ar=text(i + 1), title=text(i + 2))
        AffiliationFactory(person=person, organisation=OrganisationFactory(name=text(i + 3), name_ar=text(i + 4)))
        registration = RegistrationFactory(event=page, person=person, answers={question.clean_name: text(i + 4)})
        check_in(registration, slot.key, method=Method.ONLINE, minutes=60)
        certificates.issue(registration)
    return page.pk


@pytest.fixture
def programme(demo_site, demo_snapshots, listener):
    from events.models import EventPage

    pk = demo_snapshots.load("hostile-programme", lambda: build(listener.server_port))
    listener.hits.clear()
    return EventPage.objects.get(pk=pk)


def squeezed(text):
    return "".join(text.split())


def assert_inert(content, listener, tmp_path, expected=()):
    """``content`` is a PDF drawn without a request to the listener, without a line of
    /etc/passwd, with the words of each of the ``expected`` payloads' addresses as text."""
    assert content.startswith(b"%PDF-")
    assert listener.hits == []
    text = squeezed(" ".join(pages_text(content, tmp_path)))
    assert PASSWD not in text
    assert b"/EmbeddedFile" not in content  # nothing attached either
    for payload in expected:
        for word in MARKER.findall(payload):
            assert word in text or word.replace("/", "<") in text, word
    return text


def test_a_ticket(programme, listener, tmp_path):
    """The first participant's ticket shows every payload: their names, the event's titles and
    its venue's name and city in both languages."""
    registration = programme.registrations.select_related("person", "event").get(person__name=programme.title)
    assert_inert(ticket_pdf(registration), listener, tmp_path, payloads(listener.server_port))


def test_badges(programme, listener, tmp_path):
    content = badges.badges_pdf(programme, badges.chosen(programme), badges.Layout.A4)
    assert_inert(content, listener, tmp_path, payloads(listener.server_port))


@pytest.mark.parametrize("language", ["ar", "en"])
def test_sign_in_sheets(programme, listener, tmp_path, language):
    content = sheets.sheet_pdf(programme, slots_for(programme)[0].key, language)
    assert_inert(content, listener, tmp_path, payloads(listener.server_port))


def test_certificates_and_the_logo_of_their_organiser(programme, listener, tmp_path):
    content = certificates.all_pdf(programme, certificates.printable(programme))
    assert_inert(content, listener, tmp_path, payloads(listener.server_port))
    assert certificates.event_facts(programme)["organisers"][0]["logo"].startswith("file://")  # the logo was drawn


def test_the_attendee_list_pdf(client, programme, listener, tmp_path):
    client.force_login(organiser(edit_pages_under=programme.get_parent()))
    keys = [column.key for column in all_columns(programme)]
    data = {"format": "pdf", "column": keys, **{f"position-{key}": n for n, key in enumerate(keys, start=1)}}
    response = client.post(f"/admin/attendance/{programme.pk}/export/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"] == "application/pdf"
    text = assert_inert(response.content, listener, tmp_path, payloads(listener.server_port))
    # The running footer repeats the title (the English one holds the <link> payload) as typed.
    assert text.count("linkpayload") >= 3 and "u0022" not in text and "\\3c" not in text


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_event_report(client, programme, listener, tmp_path, language):
    client.force_login(organiser(edit_pages_under=programme.get_parent()))
    response = client.get(f"/admin/reports/{programme.pk}/pdf/", HTTP_ACCEPT_LANGUAGE=language)
    assert response["Content-Type"] == "application/pdf"
    assert_inert(response.content, listener, tmp_path, [programme.localized_for(language).title])


# --- the fetcher itself ---------------------------------------------------------------------


def markup(port):
    """The payloads as real markup, as if a template had let them through."""
    return f"<html><head><style>{pdf_fonts()}</style></head><body><p>{''.join(payloads(port))}</p></body></html>"


def pdf_fonts():
    from events.attendance.services.printing import fonts_css

    return fonts_css()


def test_markup_that_gets_through_still_fetches_nothing(listener, tmp_path):
    from weasyprint import HTML

    HTML(string=markup(listener.server_port), base_url=str(FONT_DIR)).write_pdf()
    assert listener.hits  # WeasyPrint's own fetcher goes to the web: the listener sees it
    listener.hits.clear()
    content = pdf.html(markup(listener.server_port), FONT_DIR).write_pdf()
    assert listener.hits == []
    assert PASSWD not in " ".join(pages_text(content, tmp_path))


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://example.org/srv/static/fonts/a.woff",
        "http://127.0.0.1:1/x.png",
        "https://example.org/x.png",
        "ftp://example.org/x.png",
        "data:text/css,p{color:red}",
        "data:text/html,<p>x</p>",
        "data:,plain",
    ],
)
def test_the_fetcher_refuses(url):
    with pytest.raises(pdf.Refused):
        pdf.url_fetcher().fetch(url)


def test_the_fetcher_reads_fonts_media_images_and_data_images(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    picture = tmp_path / "media" / "logo.png"
    picture.write_bytes(PNG)
    fetcher = pdf.url_fetcher()
    font = FONT_DIR / "ibm-plex-sans-arabic-arabic-400-normal.woff"
    for url, kind in [
        (font.as_uri(), "font/woff"),
        (picture.as_uri(), "image/png"),
        ("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
    ]:
        response = fetcher.fetch(url)
        assert response.content_type == kind and response.read()
        response.close()


def test_links_dot_dots_and_other_files_in_the_sites_folders_are_refused(settings, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    (media / "passwd.png").symlink_to("/etc/passwd")
    (media / "network-imports").mkdir()
    (media / "network-imports" / "0f3c").write_bytes(b"name,email\r\n")  # an import waiting, no image
    (media / "notes.txt").write_text("private")
    for url in [
        (media / "passwd.png").as_uri(),
        f"{media.as_uri()}/../../../../etc/passwd",
        (media / "network-imports" / "0f3c").as_uri(),
        (media / "notes.txt").as_uri(),
        Path("/etc/hostname.png").as_uri(),
    ]:
        with pytest.raises(pdf.Refused):
            pdf.site_file(url)


def test_a_data_image_cannot_reach_further_than_the_page(listener):
    svg = hostile_svg(listener.server_port).replace("#", "%23")
    html = f'<html><body><img src="data:image/svg+xml,{svg}"></body></html>'
    pdf.html(html, FONT_DIR).write_pdf()
    assert listener.hits == []


# The listener must be alive for the whole module; a PNG it would send must be a real one.
def test_the_listener_answers(listener):
    from urllib.request import urlopen

    with urlopen(f"http://127.0.0.1:{listener.server_port}/probe.png") as response:  # noqa: S310 - our own server
        from PIL import Image

        assert Image.open(BytesIO(response.read())).size == (1, 1)
    assert listener.hits == ["/probe.png"]
    listener.hits.clear()
