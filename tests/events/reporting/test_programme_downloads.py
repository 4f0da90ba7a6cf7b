"""The programme and network report as a PDF and as a workbook: the scope's name, the sentence
for funders in both languages, the events and the figures, in the staff member's language and
direction; counted only over the events they may report on; every download written to the
network's or the organisation's history; a scope that cannot be read downloads nothing."""

import datetime as dt
import html
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from events import audit, team
from events.attendance.models import Method, SlotUnit
from events.attendance.services import check_in
from events.attendance.slots import slots_for
from events.models import EventPartner, EventRole, PartnerRole
from events.reporting.programme_views import ScopeForm
from tests.events.registrations.test_tickets import BIDI_CONTROLS, pdf_info, pdf_text
from tests.factories.accounts import UserFactory
from tests.factories.attendance import plan
from tests.factories.network import OrganisationFactory, PersonFactory
from tests.factories.registrations import RegistrationFactory, english_of, event_page
from tests.not_found import assert_not_found

from .conftest import reporter_of, with_admin_access

pytestmark = pytest.mark.django_db

PROGRAMME = "/admin/reports/programme/"


def reporter_of_all(*pages):
    user = reporter_of(pages[0])
    for page in pages[1:]:
        team.add_member(page, user, EventRole.REPORTER)
    return user


def download(client, user, file_format, query, language):
    client.force_login(user)
    response = client.get(f"{PROGRAMME}{file_format}/?{query}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content[:300]
    return response


def text_of(content, tmp_path):
    """The PDF's text block by block, without the embedding controls, on one line."""
    return " ".join(BIDI_CONTROLS.sub("", pdf_text(content, tmp_path, layout=False)).split())


def sheets_of(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return workbook, {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def recorded(scope):
    return [entry.data for entry in ModelLogEntry.objects.filter(action=audit.REPORT, object_id=str(scope.pk))]


def test_the_english_pdf_holds_the_scope_the_sentences_the_events_and_the_figures(client, phases, tmp_path):
    network, first, second = phases
    reporter = reporter_of_all(first, second)
    response = download(client, reporter, "pdf", f"of=network-{network.pk}", "en")
    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="programme-{network.slug}-{today}.pdf"'
    assert "(A4)" in pdf_info(response.content, tmp_path)["Page size"]
    text = text_of(response.content, tmp_path)
    assert f"Programme report: {network.name}" in text and "All years" in text
    assert "4 participants from 2 countries, 3 of them new members of the network" in text
    # The Arabic sentence on an English page comes back from pdftotext in visual order: its words.
    assert "بلدين" in text and "منهم أعضاء جدد" in text and "الشبكة" in text
    assert "Events 2" in text and "Unique participants 4" in text and "Took part in more than one event 1" in text
    assert "New members of the network 3" in text and "Countries 2" in text and "Hours of training 12" in text
    assert f"{english_of(first).title} 1 March 2024 3 2 8" in text
    assert f"{english_of(second).title} 1 March 2025 2 1 4" in text
    assert "Gender" in text and "Male 3 75 %" in text and "Jordan 1 25 %" in text
    assert recorded(network) == [
        {"format": "pdf", "report": "programme", "events": [first.pk, second.pk]},
    ]
    assert ModelLogEntry.objects.get(action=audit.REPORT).user == reporter


def test_the_arabic_pdf_reads_in_arabic(client, phases, tmp_path):
    network, first, second = phases
    response = download(client, reporter_of_all(first, second), "pdf", f"of=network-{network.pk}&year=2025", "ar")
    assert response["Content-Disposition"].startswith(f'attachment; filename="programme-{network.slug}-2025-')
    text = text_of(response.content, tmp_path)
    # pdftotext gives back the logical Arabic text only when the glyphs were shaped and mapped;
    # it splits a few words at their ligatures, so the words checked here are those it keeps.
    assert network.name_ar in text and "فعاليات عام" in text and "مشاركان من بلد واحد" in text
    assert "الفعاليات 1" in text and "المشاركون دون تكرار 2" in text and "ساعات التدريب 4" in text
    assert second.title in text and first.title not in text
    assert "الجنس" in text and "ذكر" in text
    assert "Programme report" not in text and "Unique participants" not in text


def test_the_workbook_in_english(client, phases):
    network, first, second = phases
    response = download(client, reporter_of_all(first, second), "xlsx", f"of=network-{network.pk}", "en")
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook, sheets = sheets_of(response)
    assert workbook.sheetnames == ["Key figures", "Events", "Gender", "Country", "Governorate (Iraq)"]
    assert not any(sheet.sheet_view.rightToLeft for sheet in workbook.worksheets)
    assert sheets["Key figures"] == [
        ("Figure", "Number"),
        ("Events", 2),
        ("Unique participants", 4),
        ("Took part in more than one event", 1),
        ("New members of the network", 3),
        ("Countries", 2),
        ("Governorates of Iraq", 2),
        ("Certificates issued", 0),
        ("Hours of training", 12),
        ("For funders (English)", "4 participants from 2 countries, 3 of them new members of the network"),
        ("For funders (Arabic)", "4 مشاركين من بلدين، 3 منهم أعضاء جدد في الشبكة"),
    ]
    assert sheets["Events"] == [
        ("Event", "Starts", "Ends", "Participants", "New members", "Hours"),
        (english_of(first).title, dt.datetime(2024, 3, 1), dt.datetime(2024, 3, 1), 3, 2, 8),
        (english_of(second).title, dt.datetime(2025, 3, 1), dt.datetime(2025, 3, 1), 2, 1, 4),
    ]
    assert sheets["Country"] == [("Country", "Number", "Share (%)"), ("Iraq", 3, 75), ("Jordan", 1, 25)]
    assert recorded(network) == [{"format": "xlsx", "report": "programme", "events": [first.pk, second.pk]}]


def test_the_workbook_in_arabic_is_right_to_left(client, phases):
    network, first, second = phases
    response = download(client, reporter_of_all(first, second), "xlsx", f"of=network-{network.pk}", "ar")
    workbook, sheets = sheets_of(response)
    assert workbook.sheetnames == ["الأرقام الرئيسية", "الفعاليات", "الجنس", "البلد", "المحافظة (العراق)"]
    assert all(sheet.sheet_view.rightToLeft for sheet in workbook.worksheets)
    figures = dict(sheets["الأرقام الرئيسية"][1:])
    assert figures["المشاركون دون تكرار"] == 4 and figures["الأعضاء الجدد في الشبكة"] == 3
    assert figures["للجهات المانحة (بالعربية)"] == "4 مشاركين من بلدين، 3 منهم أعضاء جدد في الشبكة"
    assert list(figures)[-2:] == ["للجهات المانحة (بالعربية)", "للجهات المانحة (بالإنجليزية)"]
    assert sheets["الفعاليات"][0] == ("الفعالية", "البداية", "النهاية", "المشاركون", "الأعضاء الجدد", "الساعات")
    assert [row[0] for row in sheets["الفعاليات"][1:]] == [first.title, second.title]
    assert sheets["البلد"][1:] == [("العراق", 3, 75), ("الأردن", 1, 25)]


def test_an_organisations_workbook_has_no_new_members_and_names_the_year(client, phases):
    _network, first, second = phases
    organisation = OrganisationFactory()
    for page in (first, second):
        EventPartner.objects.create(page=page, organisation=organisation, role=PartnerRole.ORGANISER)
    query = f"of=organisation-{organisation.pk}&year=2024"
    response = download(client, reporter_of_all(first, second), "xlsx", query, "en")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="programme-{organisation.slug}-2024-{today}.xlsx"'
    _workbook, sheets = sheets_of(response)
    assert [label for label, _number in sheets["Key figures"]][1:5] == [
        "Events",
        "Unique participants",
        "Took part in more than one event",
        "Countries",
    ]
    assert sheets["Events"] == [
        ("Event", "Starts", "Ends", "Participants", "Hours"),
        (english_of(first).title, dt.datetime(2024, 3, 1), dt.datetime(2024, 3, 1), 3, 8),
    ]
    assert recorded(organisation) == [{"format": "xlsx", "report": "programme", "year": 2024, "events": [first.pk]}]


def test_a_reporter_of_one_phase_downloads_that_phase_alone(client, phases, tmp_path):
    network, first, second = phases
    reporter = reporter_of(second)
    _workbook, sheets = sheets_of(download(client, reporter, "xlsx", f"of=network-{network.pk}", "en"))
    figures = dict(sheets["Key figures"][1:])
    assert (figures["Events"], figures["Unique participants"], figures["Took part in more than one event"]) == (1, 2, 0)
    assert [row[0] for row in sheets["Events"][1:]] == [english_of(second).title]
    text = text_of(download(client, reporter, "pdf", f"of=network-{network.pk}", "en").content, tmp_path)
    assert "2 participants from 1 country, 1 of them a new member of the network" in text
    assert english_of(second).title in text and english_of(first).title not in text
    assert [entry["events"] for entry in recorded(network)] == [[second.pk], [second.pk]]


def test_someone_who_reports_on_nothing_downloads_nothing(client, phases):
    network, _first, _second = phases
    client.force_login(with_admin_access(UserFactory()))
    for file_format in ("pdf", "xlsx"):
        response = client.get(
            f"{PROGRAMME}{file_format}/?of=network-{network.pk}", HTTP_ACCEPT_LANGUAGE="en", follow=True
        )
        assert_not_found(response, "en", hides=[network.name, network.name_ar])
    assert not ModelLogEntry.objects.filter(action=audit.REPORT).exists()


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("", None),
        ("of=", None),
        ("of=garbage", "Select a valid choice"),
        ("of=network-999999", "Select a valid choice"),
        ("of=network-abc", "Select a valid choice"),
        ("of={scope}&year=1800", "Ensure this value is greater than or equal to 2000"),
        ("of={scope}&year=99999999999999999999", "Ensure this value is less than or equal to 2100"),
        ("of={scope}&year=soon", "Enter a whole number"),
    ],
)
def test_a_scope_that_cannot_be_read_downloads_nothing_and_says_why(client, phases, query, error):
    network, first, second = phases
    client.force_login(reporter_of_all(first, second))
    query = query.format(scope=f"network-{network.pk}")
    for file_format in ("pdf", "xlsx"):
        response = client.get(f"{PROGRAMME}{file_format}/?{query}", HTTP_ACCEPT_LANGUAGE="en", follow=True)
        assert response.status_code == 200 and "Content-Disposition" not in response
        assert response.redirect_chain[-1][0].startswith(PROGRAMME)
        page = html.unescape(response.content.decode())
        assert "Choose a network or an organisation from the list" in page
        if error:
            assert error in page
        assert "participants from" not in page  # no report drawn
        page_itself = client.get(f"{PROGRAMME}?{query}", HTTP_ACCEPT_LANGUAGE="en")
        assert page_itself.status_code == 200 and "participants from" not in page_itself.content.decode()
    assert not ModelLogEntry.objects.filter(action=audit.REPORT).exists()


def test_the_refusal_is_in_arabic_for_an_arabic_admin(client, phases):
    _network, first, second = phases
    client.force_login(reporter_of_all(first, second))
    response = client.get(f"{PROGRAMME}pdf/?of=garbage", HTTP_ACCEPT_LANGUAGE="ar", follow=True)
    page = html.unescape(response.content.decode())
    assert "Content-Disposition" not in response
    assert "اختر شبكة أو مؤسسة من القائمة، وسنةً بين 2000 و2100 إن شئت، ثم نزّل التقرير." in page


def test_a_network_deleted_after_the_list_was_drawn_is_a_form_error(phases):
    network, first, second = phases
    chosen = f"network-{network.pk}"
    form = ScopeForm({"of": chosen}, user=reporter_of_all(first, second))
    network.delete()
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["of"] == [f"Select a valid choice. {chosen} is not one of the available choices."]


def test_the_page_links_to_both_downloads_once_a_scope_is_chosen(client, phases):
    network, first, second = phases
    client.force_login(reporter_of_all(first, second))
    empty = client.get(PROGRAMME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Choose a network or an organisation" in empty and "/programme/pdf/" not in empty
    assert "/programme/xlsx/" not in empty
    chosen = client.get(f"{PROGRAMME}?of=network-{network.pk}&year=2025", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    query = f"of=network-{network.pk}&amp;year=2025"
    assert f'href="{PROGRAMME}pdf/?{query}" download>Download PDF</a>' in chosen
    assert f'href="{PROGRAMME}xlsx/?{query}" download>Download spreadsheet (XLSX)</a>' in chosen


def add_phases(network, count, reporter):
    """``count`` more one-day phases of ``network``'s programme, each with one participant."""
    for n in range(count):
        start = dt.datetime(2023, 1 + n, 5, 6, tzinfo=dt.UTC)
        phase = event_page(start=start, end=start + dt.timedelta(hours=5))
        plan(phase, unit=SlotUnit.DAY).networks.set([network])
        day = slots_for(phase)[0]
        check_in(RegistrationFactory(event=phase, person=PersonFactory(participant=True)), day.key, method=Method.SCAN)
        team.add_member(phase, reporter, EventRole.REPORTER)


def queries_of(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return len(queries), response


def test_a_download_costs_no_more_queries_per_event_than_the_page(client, phases):
    network, first, second = phases
    reporter = reporter_of_all(first, second)
    client.force_login(reporter)
    query = f"?of=network-{network.pk}"
    page_of_2, _page = queries_of(client, PROGRAMME + query)
    pdf_of_2, _pdf = queries_of(client, f"{PROGRAMME}pdf/{query}")
    xlsx_of_2, _xlsx = queries_of(client, f"{PROGRAMME}xlsx/{query}")

    add_phases(network, 6, reporter)
    page_of_8, page = queries_of(client, PROGRAMME + query)
    assert "<dt>Events</dt><dd>8</dd>" in page.content.decode()
    pdf_of_8, _pdf = queries_of(client, f"{PROGRAMME}pdf/{query}")
    xlsx_of_8, xlsx = queries_of(client, f"{PROGRAMME}xlsx/{query}")
    assert len(sheets_of(xlsx)[1]["Events"]) == 1 + 8
    # The page itself costs a few queries per event (each one's slots and new members); the
    # downloads add none of their own.
    page_growth = page_of_8 - page_of_2
    assert pdf_of_8 - pdf_of_2 <= page_growth, (pdf_of_2, pdf_of_8, page_of_2, page_of_8)
    assert xlsx_of_8 - xlsx_of_2 <= page_growth, (xlsx_of_2, xlsx_of_8, page_of_2, page_of_8)
