"""The event report page in the admin: its figures, charts and tables in both languages, and
the links that lead to it."""

import html
import re

import pytest
from django.utils import translation

from events.reporting.services.event_report import CONFIRMED, PARTICIPANTS, event_report
from tests.factories.registrations import RegistrationFactory

pytestmark = pytest.mark.django_db


def report_page(client, user, event, language):
    client.force_login(user)
    response = client.get(f"/admin/reports/{event.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def rows(report, key):
    breakdown = next(chart for chart in report.charts if chart.key == key)
    return [(row.label, row.count, row.percent) for row in breakdown.rows]


def test_the_figures_of_a_small_event(small_event, days):
    with translation.override("en"):
        report = event_report(small_event.localized_for("en"))
    assert report.base == PARTICIPANTS
    assert (report.registered, report.confirmed, report.capacity, report.capacity_used) == (7, 5, 50, 10)
    assert (report.people, report.countries, report.governorates, report.certificates) == (4, 2, 2, 0)
    assert rows(report, "status") == [("Confirmed", 5, 71), ("On the waiting list", 1, 14), ("Cancelled", 1, 14)]
    assert [(row[1], row[2]) for row in rows(report, "slots")] == [(4, 80), (2, 40)]
    assert rows(report, "gender") == [("Female", 2, 50), ("Male", 2, 50)]
    assert rows(report, "country") == [("Iraq", 3, 75), ("Jordan", 1, 25)]
    assert rows(report, "governorate") == [("Baghdad", 2, 67), ("Basra", 1, 33)]
    assert rows(report, "organisation_kind") == [("Media", 1, 25), ("Not given", 3, 75)]
    assert rows(report, "role") == [("Participant", 3, 75), ("Speaker", 1, 25)]
    assert [(day.registered, day.cumulative) for day in report.timeline] == [(7, 7)]


def test_before_anyone_attends_the_breakdowns_describe_the_confirmed(event):
    RegistrationFactory(event=event, person__gender="female", person__country="EG")
    RegistrationFactory(event=event, person__gender="male", person__country="IQ", person__governorate="erbil")
    with translation.override("en"):
        report = event_report(event)
    assert report.base == CONFIRMED and report.people == 2 and report.countries == 2 and report.governorates == 1
    assert rows(report, "country") == [("Egypt", 1, 50), ("Iraq", 1, 50)]


def test_the_english_page_shows_figures_charts_and_tables(client, small_event, manager):
    page = report_page(client, manager, small_event, "en")
    assert "<dt>Registrations</dt><dd>7</dd>" in page
    assert "10 % <small>(5 of 50 places)</small>" in page
    assert "<dt>Participants</dt><dd>4</dd>" in page and "<dt>Countries</dt><dd>2</dd>" in page
    assert "describe the 4 participants who attended at least once" in page
    assert "no age groups" in page
    assert '<th scope="row">Jordan</th><td>1</td><td><span class="number">25 %</span></td>' in page
    assert '<th scope="row">Baghdad</th><td>2</td>' in page
    charts = re.findall(r"<svg [^>]*role=\"img\"[^>]*>", page)
    assert len(charts) == 8  # the timeline, statuses, slots and five breakdowns
    assert 'aria-label="Gender"' in page and "matrix(-1 0 0 1" not in page
    svgs = re.findall(r"<svg xmlns.*?</svg>", page, re.S)
    assert len(svgs) == 8 and not [svg for svg in svgs if "<script" in svg]  # static, nothing fetched
    assert "Member" not in page and "private.example.org" not in page  # counts only


def test_the_arabic_page_reads_from_the_right_in_arabic(client, small_event, manager):
    page = report_page(client, manager, small_event, "ar")
    report = page[page.index('class="reporting"') - 40 :]
    assert '<div class="reporting" lang="ar" dir="rtl">' in report
    assert "<dt>التسجيلات</dt><dd>7</dd>" in report and "<dt>البلدان</dt><dd>2</dd>" in report
    assert "(5 من 50 مقعدًا)" in report
    assert '<th scope="row">الأردن</th>' in report and '<th scope="row">بغداد</th>' in report
    assert "تصف التوزيعات أدناه 4 مشاركين حضروا" in report
    assert 'aria-label="الجنس"' in report
    # Every chart is turned over, its words turned back and read right to left.
    assert report.count('class="graph horizontalbar-graph horizontal" transform="matrix(-1 0 0 1 440') == 7
    label = re.search(r"<text [^>]*>بغداد</text>", report).group(0)
    assert 'text-anchor="start"' in label and "matrix(-1 0 0 1 -10 0)" in label
    visible = re.sub(r"<style.*?</style>|<[^>]+>", " ", report)
    english = {"Registrations", "Confirmed", "Gender", "Country", "Participants", "Download", "Share", "Report"}
    assert {word for word in english if re.search(rf"\b{word}\b", visible)} == set()
    assert "تقرير: " in page and "تنزيل PDF" in report


def test_the_attendance_overview_and_the_page_editor_lead_to_the_report(client, small_event, manager):
    client.force_login(manager)
    overview = client.get(f"/admin/attendance/{small_event.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/admin/reports/{small_event.pk}/">Report</a>' in overview
    editor = client.get(f"/admin/pages/{small_event.pk}/edit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/admin/reports/{small_event.pk}/"' in editor
