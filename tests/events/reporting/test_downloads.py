"""The report as a PDF and as a workbook: the figures in the staff member's language and
direction, and every download written to the event's audit trail."""

import io

import openpyxl
import pytest
from wagtail.models import PageLogEntry

from events import audit
from tests.events.registrations.test_tickets import pdf_text

from .conftest import reporter_of

pytestmark = pytest.mark.django_db


def download(client, user, event, file_format, language):
    client.force_login(user)
    response = client.get(f"/admin/reports/{event.pk}/{file_format}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response


def test_the_pdf_shows_the_figures_and_charts_and_is_recorded(client, small_event, tmp_path):
    reporter = reporter_of(small_event)
    response = download(client, reporter, small_event, "pdf", "en")
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="report-{small_event.slug}-20') and disposition.endswith(
        '.pdf"'
    )
    text = " ".join(pdf_text(response.content, tmp_path, layout=False).split())
    assert "Report: Workshop number" in text
    assert "Registrations 7" in text and "Participants 4" in text and "Countries 2" in text
    assert "10 % (5 of 50 places)" in text
    assert "Jordan 1 25 %" in text and "Baghdad 2 67 %" in text
    assert "Gender" in text and "Female" in text  # the chart's and the table's words
    entry = PageLogEntry.objects.get(action=audit.REPORT)
    assert entry.page_id == small_event.pk and entry.user == reporter
    assert entry.data == {"format": "pdf", "report": "event"}


def test_the_workbook_has_a_sheet_per_breakdown_in_arabic_right_to_left(client, small_event, manager):
    response = download(client, manager, small_event, "xlsx", "ar")
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "الأرقام الرئيسية",
        "التسجيلات عبر الزمن",
        "التسجيلات حسب الحالة",
        "نسبة الحضور حسب اليوم أو الجلسة",
        "الجنس",
        "البلد",
        "المحافظة (العراق)",
        "نوع المؤسسة",
        "الدور في الفعالية",
    ]
    assert all(sheet.sheet_view.rightToLeft for sheet in workbook.worksheets)
    figures = {row[0]: row[1] for row in workbook["الأرقام الرئيسية"].iter_rows(min_row=2, values_only=True)}
    assert figures["التسجيلات"] == 7 and figures["المشاركون"] == 4 and figures["البلدان"] == 2
    countries = list(workbook["البلد"].iter_rows(values_only=True))
    assert countries == [("البلد", "العدد", "الحصة (٪)"), ("العراق", 3, 75), ("الأردن", 1, 25)]
    assert PageLogEntry.objects.get(action=audit.REPORT).data == {"format": "xlsx", "report": "event"}
