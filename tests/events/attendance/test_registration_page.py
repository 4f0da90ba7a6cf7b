"""A registration's page in the admin, for an event that takes attendance: each day or session
with the person present (when, how, by whom, minutes online), absent or still to come; how far
the completion rule is met; and the certificate — issued (code, verification page, PDF),
revoked, or why there is none yet, with the one-button issue of the certificates screen once it
is due. Nothing of it for an event without an attendance plan, and the same few queries
whatever the number of sessions and check-ins."""

import datetime as dt
import html

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from events.attendance.models import Certificate, CompletionRule, Method, SlotUnit
from events.attendance.services import check_in
from events.attendance.services.certificates import grouped, issue, revoke
from events.registrations.models import RegistrationStatus
from tests.factories.accounts import UserFactory, admin_in
from tests.factories.attendance import plan
from tests.factories.events import event_page, translate
from tests.factories.network import PersonFactory
from tests.factories.registrations import RegistrationFactory, organiser
from tests.quality.test_language import LATIN_WORD, readable_text

pytestmark = pytest.mark.django_db


def detail_url(registration):
    return f"/admin/registrations/event/{registration.event_id}/registration/{registration.pk}/"


@pytest.fixture
def manager(programme):
    return organiser(edit_pages_under=programme.get_parent())


def signed_in(client, user, language):
    client.force_login(admin_in(user, language))
    return client


def page_of(client, registration):
    response = client.get(detail_url(registration))
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def section(soup, name):
    return soup.find("section", attrs={"aria-labelledby": f"{name}-title"})


def text(element):
    return " ".join(html.unescape(element.get_text(" ")).split())


def slot_rows(soup):
    """``[(slot, state, details)]`` as the attendance table reads."""
    rows = section(soup, "attendance").select("tbody tr")
    return [tuple(text(cell) for cell in row.find_all("td")) for row in rows]


@pytest.fixture
def desk_user(manager):
    return UserFactory(first_name="سارة", last_name="علي")


@pytest.fixture
def halfway(programme, seminars, desk_user):
    """Rana attended the first seminar online (80 minutes, from the meeting's report) and the
    second in person (her ticket scanned ten minutes in); she missed the last two."""
    person = PersonFactory(participant=True, name="", name_ar="رنا حسن")
    registration = RegistrationFactory(event=programme, person=person)
    check_in(registration, seminars[0].key, method=Method.ONLINE, minutes=80)
    check_in(
        registration,
        seminars[1].key,
        method=Method.SCAN,
        by=desk_user,
        at=seminars[1].start + dt.timedelta(minutes=10),
    )
    return registration


class TestSlots:
    def test_each_session_present_with_when_and_how_or_absent_with_a_way_to_mark_it(
        self, client, manager, halfway, seminars
    ):
        soup = page_of(signed_in(client, manager, "en"), halfway)
        rows = slot_rows(soup)
        assert [row[1] for row in rows] == ["Present", "Present", "Absent", "Absent"]
        online, scanned = rows[0][2], rows[1][2]
        assert "Online-meeting report" in online and "80 minutes online" in online
        assert "17:10" in scanned and "Ticket scanned" in scanned and "recorded by سارة علي" in scanned
        day = timezone.localtime(seminars[1].start, seminars[1].zone)
        assert f"{day.day} {day:%B} {day.year}" in scanned
        attendance = section(soup, "attendance")
        marks = [link["href"] for link in attendance.find_all("a") if "Mark from the signed sheet" in link.text]
        assert marks == [f"/admin/attendance/{halfway.event_id}/sheets/{slot.key}/" for slot in seminars[2:]]
        assert attendance.find("a", href=f"/admin/attendance/{halfway.event_id}/")
        outcome = text(attendance.select_one(".attendance-outcome"))
        assert outcome == "Not complete yet 2 of 4 attended; 1 more for a certificate."
        assert "A certificate needs at least 3 sessions." in text(attendance)

    def test_in_arabic(self, client, manager, halfway):
        soup = page_of(signed_in(client, manager, "ar"), halfway)
        rows = slot_rows(soup)
        assert [row[1] for row in rows] == ["حاضر", "حاضر", "غائب", "غائب"]
        assert [row[0].split(" — ")[0] for row in rows] == ["الندوة 1", "الندوة 2", "الندوة 3", "الندوة 4"]
        assert "تقرير الاجتماع الإلكتروني" in rows[0][2] and "80 دقيقة" in rows[0][2]
        assert "17:10" in rows[1][2] and "مسح التذكرة" in rows[1][2] and "سارة علي" in rows[1][2]
        attendance = section(soup, "attendance")
        assert text(attendance.select_one(".attendance-outcome")).startswith("لم يكتمل بعد حضر 2 من 4")
        assert "التأشير من الكشف الموقَّع" in text(attendance)

    def test_days_still_to_come_are_neither_present_nor_absent(self, client, event, days):
        plan(event, unit=SlotUnit.DAY, completion_rule=CompletionRule.PERCENT, completion_value=50)
        registration = RegistrationFactory(event=event)
        check_in(registration, days[0].key, method=Method.NAME)  # in early, on the first morning
        user = organiser(edit_pages_under=event.get_parent())
        soup = page_of(signed_in(client, user, "en"), registration)
        assert [row[1] for row in slot_rows(soup)] == ["Present", "Still to come"]
        assert slot_rows(soup)[1][2] == "—"
        assert "Found by name" in slot_rows(soup)[0][2]
        assert text(section(soup, "attendance").select_one(".attendance-outcome")) == "Complete 1 of 2 attended"
        arabic = page_of(signed_in(client, user, "ar"), registration)
        assert [row[1] for row in slot_rows(arabic)] == ["حاضر", "لم يحن بعد"]

    def test_without_a_completion_rule_no_certificate_is_spoken_of(self, client, event, days):
        plan(event, unit=SlotUnit.DAY)
        registration = RegistrationFactory(event=event)
        soup = page_of(signed_in(client, organiser(edit_pages_under=event.get_parent()), "en"), registration)
        attendance = text(section(soup, "attendance"))
        assert "No completion rule: no certificates are issued." in attendance
        assert text(section(soup, "attendance").select_one(".attendance-outcome")) == "0 of 2 attended"
        assert section(soup, "certificate") is None

    def test_no_section_for_an_event_without_attendance(self, client, demo_site):
        page = event_page(title="لقاء بلا حضور")
        registration = RegistrationFactory(event=page)
        soup = page_of(signed_in(client, organiser(edit_pages_under=page.get_parent()), "en"), registration)
        assert section(soup, "attendance") is None and section(soup, "certificate") is None
        assert "Attendance" not in text(soup.find("main"))

    def test_someone_on_the_waiting_list_is_not_offered_marking(self, client, manager, programme):
        registration = RegistrationFactory(
            event=programme, status=RegistrationStatus.WAITLISTED, queued_at=timezone.now()
        )
        soup = page_of(signed_in(client, manager, "en"), registration)
        attendance = text(section(soup, "attendance"))
        assert "This person is on the waiting list, not confirmed." in attendance
        assert "Mark from the signed sheet" not in attendance
        assert "No certificate yet. This person is on the waiting list, not confirmed." in text(
            section(soup, "certificate")
        )


class TestCertificate:
    def test_issued_with_its_code_verification_page_and_pdf(self, client, manager, halfway, seminars):
        check_in(halfway, seminars[2].key, method=Method.SHEET, by=manager)
        certificate, _created = issue(halfway, by=manager)
        soup = page_of(signed_in(client, manager, "en"), halfway)
        part = section(soup, "certificate")
        code = grouped(certificate.code)
        assert code in text(part)
        assert "Valid" in text(part) and "Revoked" not in text(part)
        assert f"by {manager.get_full_name() or manager.get_username()}" in text(part)
        links = {link.text.strip(): link["href"] for link in part.find_all("a")}
        assert links["Verification page"].endswith(f"/en/certificates/verify/{code}/")
        assert links["Download (PDF)"] == f"/en/certificates/{code}.pdf"
        assert part.find("form") is None
        assert text(section(soup, "attendance").select_one(".attendance-outcome")) == "Complete 3 of 4 attended"
        # The PDF link works for the organiser.
        assert client.get(links["Download (PDF)"])["Content-Type"] == "application/pdf"

    def test_revoked_with_date_and_reason_and_no_pdf(self, client, manager, halfway, seminars):
        check_in(halfway, seminars[2].key, method=Method.SHEET)
        certificate, _created = issue(halfway)
        revoke(certificate, by=manager, reason="Signed the sheet for someone else")
        soup = page_of(signed_in(client, manager, "ar"), halfway)
        part = text(section(soup, "certificate"))
        assert "ملغاة" in part and "Signed the sheet for someone else" in part
        assert grouped(certificate.code) in part
        assert "تنزيل (PDF)" not in part

    @pytest.mark.parametrize(
        ("language", "words"),
        [
            ("en", "No certificate yet. The completion rule is not met yet."),
            ("ar", "لا شهادة بعد. لم يتحقق شرط الإكمال بعد."),
        ],
    )
    def test_not_yet_complete(self, client, manager, halfway, language, words):
        soup = page_of(signed_in(client, manager, language), halfway)
        assert text(section(soup, "certificate")).endswith(words)

    def test_due_is_issued_with_one_button_and_the_page_shown_again(
        self, client, manager, halfway, seminars, mailoutbox
    ):
        check_in(halfway, seminars[3].key, method=Method.ONLINE, minutes=85)
        signed_in(client, manager, "en")
        part = section(page_of(client, halfway), "certificate")
        assert "The completion rule is met; the certificate has not been issued yet." in text(part)
        form = part.find("form")
        assert form["action"] == f"/admin/attendance/{halfway.event_id}/certificates/"
        data = {field["name"]: field["value"] for field in form.find_all("input")}
        assert data["action"] == "issue" and data["registration"] == str(halfway.pk)
        response = client.post(form["action"], data, follow=True)
        assert response.redirect_chain == [(detail_url(halfway), 302)]
        certificate = Certificate.objects.get(registration=halfway)
        assert certificate.issued_by == manager
        page = html.unescape(response.content.decode())
        assert f"Certificate {grouped(certificate.code)} issued to" in page
        assert grouped(certificate.code) in text(section(BeautifulSoup(page, "html.parser"), "certificate"))

    def test_the_issue_button_sends_nowhere_else(self, client, manager, halfway, seminars):
        check_in(halfway, seminars[3].key, method=Method.ONLINE, minutes=85)
        signed_in(client, manager, "en")
        data = {"action": "issue", "registration": halfway.pk, "next": "https://elsewhere.example.org/"}
        response = client.post(f"/admin/attendance/{halfway.event_id}/certificates/", data)
        assert response["Location"] == f"/admin/attendance/{halfway.event_id}/certificates/"


def test_an_arabic_page_has_no_english_left(client, manager, halfway, seminars):
    """Every sentence the two sections can show, in the Arabic admin: nothing English in the
    page's main part but the codes (the reference, the certificate's) and "PDF"."""
    check_in(halfway, seminars[2].key, method=Method.SHEET)
    certificate, _created = issue(halfway)
    soup = page_of(signed_in(client, manager, "ar"), halfway)
    assert section(soup, "attendance") and section(soup, "certificate")
    words = readable_text(soup.find("main"), "ar")
    for code in (halfway.reference, grouped(certificate.code), "PDF"):
        words = words.replace(code, " ")
    assert not LATIN_WORD.findall(words), LATIN_WORD.findall(words)


def test_queries_do_not_grow_with_sessions_and_check_ins(client, demo_site, django_assert_max_num_queries):
    """The page reads the plan, the sessions, the person's records and certificate once each,
    whether the event has 3 sessions and 2 check-ins or 30 and 25."""
    first = (timezone.now() - dt.timedelta(days=40)).replace(hour=8, minute=0, second=0, microsecond=0)

    def programme_of(count, attended):
        sessions = [
            {
                "title": f"الجلسة {n}",
                "kind": "talk",
                "start": first + dt.timedelta(days=n),
                "end": first + dt.timedelta(days=n, hours=1),
            }
            for n in range(count)
        ]
        page = event_page(event_format="online", start=first, end=sessions[-1]["end"], sessions=sessions)
        translate(page, title="Programme")
        plan(page, unit=SlotUnit.SESSION, completion_rule=CompletionRule.SLOTS, completion_value=2)
        registration = RegistrationFactory(event=page)
        desk = UserFactory()
        for slot in [s["start"] for s in sessions][:attended]:
            key = str(page.sessions.get(start=slot).key)
            check_in(registration, key, method=Method.SCAN, by=desk)
        issue(registration)
        return registration

    small, large = programme_of(3, 2), programme_of(30, 25)
    signed_in(client, UserFactory(is_staff=True, is_superuser=True), "en")
    client.get(detail_url(small))  # the audit log's first reading of each is written once
    client.get(detail_url(large))
    with django_assert_max_num_queries(200) as counted:
        assert len(slot_rows(page_of(client, small))) == 3
    with django_assert_max_num_queries(len(counted.captured_queries)):
        assert len(slot_rows(page_of(client, large))) == 30
