"""Badges: names in both scripts, organisation, the role in words and colour, the ticket's QR
code; A6 one per page and A4 eight per page; the organisers' screen that prints them and sets
roles, in both languages."""

from pathlib import Path

import pytest

from events.attendance.errors import AttendanceError
from events.attendance.models import PrintJob
from events.attendance.services import badges
from events.models import Session, SessionSpeaker
from events.registrations.models import ParticipantRole, Registration
from events.registrations.services.tickets import ticket_check_url
from tests.factories.attendance import desk_staff
from tests.factories.registrations import RegistrationFactory, english_of, event_page, organiser
from tests.not_found import assert_not_found

from .test_printing import confirmed, pages_text

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "badges"
IN_ORDER = ["إبراهيم هادي", "أحمد سلمان", "آمنة جاسم", "بسام كاظم"]


@pytest.fixture
def speaker(event, crowd):
    """Ahmed speaks in a session of the event's agenda."""
    session = Session.objects.create(page=event, title="الجلسة الافتتاحية", start=event.start, end=event.end)
    SessionSpeaker.objects.create(session=session, person=crowd[1].person)
    return crowd[1]


def test_a6_badges_one_per_page_in_name_order(event, crowd, speaker, tmp_path):
    pdf = badges.badges_pdf(event, badges.chosen(event), badges.Layout.A6)
    pages = pages_text(pdf, tmp_path)
    assert len(pages) == 5
    for page, name in zip(pages, IN_ORDER, strict=False):
        assert name in page
    assert "John Smith" in pages[4]  # a Latin-script name only: after the Arabic ones
    ahmed = pages[1]
    assert "Ahmed Salman" in ahmed and "منظمة تموز" in ahmed and "Tammuz Organisation" in ahmed
    assert "متحدث" in ahmed and "Speaker" in ahmed and speaker.reference in ahmed.replace(" ", "")
    assert "مشاركة" in pages[2] and "Participant" in pages[2]  # Amna: a woman's form
    assert english_of(event).title in pages[0]


@pytest.mark.parametrize("layout", [badges.Layout.A6, badges.Layout.A4])
def test_a_long_title_ends_in_an_ellipsis_instead_of_running_under_the_names(event, crowd, tmp_path, layout):
    """The A6 badge gives the Arabic title two lines and the English one line, the A4 badge one
    line each; what is left over is not drawn (it ran under the participant's name)."""
    english = english_of(event)
    english.title = "Social Media as a Space for Dialogue, phase 2: The Power of Social Media for Dialogue Networks"
    english.save_revision().publish()
    event.title = (
        "وسائل التواصل الاجتماعي مساحة للحوار، المرحلة الثانية: قوة وسائل التواصل الاجتماعي لشبكات الحوار"
        " في العراق والمنطقة العربية عبر ندوات أسبوعية على الإنترنت مع خبراء من منظمات المجتمع المدني"
    )
    event.save_revision().publish()
    content = badges.badges_pdf(event, badges.chosen(event), layout)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"badges-long-title-{layout}.pdf").write_bytes(content)  # pdftoppm -png -r 60 to look at it
    first = pages_text(content, tmp_path)[0]
    assert "Social Media as a" in first and "…" in first and "Dialogue Networks" not in first
    assert "إبراهيم هادي" in first and "وسائل التواصل" in first and "مع خبراء من منظمات" not in first


def test_a4_sheets_hold_eight_badges(event, crowd, tmp_path):
    more = [
        confirmed(event, f"Guest {letter}", f"ضيف {name}")
        for letter, name in zip("ABCDE", "حمدان خالد عامر جمال ثامر".split(), strict=True)
    ]
    pages = pages_text(badges.badges_pdf(event, badges.chosen(event), badges.Layout.A4), tmp_path)
    assert len(pages) == 2  # ten badges
    assert sum(page.count("Participant") for page in pages) == 10
    text = (pages[0] + pages[1]).replace(" ", "")  # references are letter-spaced
    assert all(r.reference in text for r in crowd + more)


def test_the_qr_code_is_the_tickets_check_address(event, crowd, monkeypatch):
    seen = []
    monkeypatch.setattr(badges, "qr_data_uri", lambda data: seen.append(data) or "data:image/svg+xml,")
    chosen = badges.chosen(event, ids=[crowd[0].pk])
    badges.badges_pdf(event, chosen, badges.Layout.A6)
    assert seen == [ticket_check_url(crowd[0])]


def test_the_role_set_by_staff_comes_before_the_agenda(event, crowd, speaker):
    assert [r.badge_role for r in badges.chosen(event, roles=[ParticipantRole.SPEAKER])] == ["speaker"]
    assert badges.set_role(event, [speaker.pk, crowd[0].pk], ParticipantRole.PRESS) == 2
    chosen = badges.chosen(event, roles=[ParticipantRole.PRESS])
    assert sorted(r.pk for r in chosen) == sorted([speaker.pk, crowd[0].pk])
    assert badges.chosen(event, roles=[ParticipantRole.SPEAKER]) == []


def test_only_confirmed_participants_of_the_event_get_badges(event, crowd):
    waiting = RegistrationFactory(event=event, status="waitlisted")
    elsewhere = RegistrationFactory()
    assert waiting.pk not in [r.pk for r in badges.chosen(event)]
    for ids in ([crowd[0].pk, waiting.pk], [crowd[0].pk, elsewhere.pk]):
        with pytest.raises(AttendanceError) as refused:
            badges.chosen(event, ids=ids)
        assert refused.value.code == "not_confirmed"


class TestScreen:
    def test_lists_everyone_with_their_badge_role(self, client, event, crowd, speaker, event_manager):
        client.force_login(event_manager)
        page = client.get(f"/admin/attendance/{event.pk}/badges/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "5 confirmed participants" in page and "A4, eight badges per page with cut marks" in page
        positions = [page.index(name) for name in IN_ORDER]
        assert positions == sorted(positions)
        assert "on the agenda" in page and page.count('class="printing-role"') == 5
        arabic = client.get(f"/admin/attendance/{event.pk}/badges/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
        assert "طباعة البطاقات" in arabic and "على جدول الأعمال" in arabic

    def test_queries_do_not_grow_with_the_people_listed(
        self, client, event, event_manager, django_assert_max_num_queries
    ):
        client.force_login(event_manager)
        for count in (3, 30):
            while len(badges.chosen(event)) < count:
                confirmed(event, "Guest", "ضيف")
            # Session, user, two permission lookups and the admin profile; the event, the
            # default locale, the page permissions and the permission check; the event in the
            # admin's language; the registrations, their affiliations, the agenda's speakers;
            # Wagtail's menus (locales, collection and site permissions, the root page).
            with django_assert_max_num_queries(17):
                response = client.get(f"/admin/attendance/{event.pk}/badges/")
            assert response.content.decode().count('name="registration"') == count

    def test_prints_the_people_ticked(self, client, event, crowd, event_manager, tmp_path):
        client.force_login(event_manager)
        response = client.post(
            f"/admin/attendance/{event.pk}/badges/",
            {"action": "print", "layout": "a6", "who": "ticked", "registration": [crowd[2].pk, crowd[3].pk]},
        )
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'inline; filename="badges-{event.slug}-a6.pdf"'
        pages = pages_text(response.content, tmp_path)
        assert len(pages) == 2 and "إبراهيم هادي" in pages[0] and "آمنة جاسم" in pages[1]

    def test_prints_by_role(self, client, event, crowd, speaker, event_manager, tmp_path):
        client.force_login(event_manager)
        response = client.post(
            f"/admin/attendance/{event.pk}/badges/",
            {"action": "print", "layout": "a4", "who": "roles", "roles": ["speaker"]},
        )
        (page,) = pages_text(response.content, tmp_path)
        assert "أحمد سلمان" in page and "آمنة جاسم" not in page

    def test_hundreds_become_a_print_job(self, client, event, crowd, event_manager, monkeypatch, tmp_path):
        monkeypatch.setattr(badges, "IN_REQUEST", 3)
        client.force_login(event_manager)
        response = client.post(
            f"/admin/attendance/{event.pk}/badges/", {"action": "print", "layout": "a6", "who": "all"}
        )
        job = PrintJob.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/admin/attendance/{event.pk}/print/{job.key}/"
        assert (job.state, job.done, job.total, job.options["layout"]) == ("done", 5, 5, "a6")
        assert len(pages_text(bytes(job.content), tmp_path)) == 5

    def test_sets_the_role_of_the_people_ticked(self, client, event, crowd, event_manager):
        client.force_login(event_manager)
        response = client.post(
            f"/admin/attendance/{event.pk}/badges/",
            {"action": "set_role", "role": "delegation", "registration": [crowd[0].pk, crowd[4].pk]},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert "Role set for 2 people." in response.content.decode()
        roles = {r.pk: r.role for r in Registration.objects.filter(event=event)}
        assert roles[crowd[0].pk] == roles[crowd[4].pk] == "delegation" and roles[crowd[1].pk] == "participant"

    @pytest.mark.parametrize(
        ("language", "message"),
        [
            ("en", "Some of the people chosen are not registered for this event."),
            ("ar", "بعض الأشخاص المختارين غير مسجَّلين في هذه الفعالية."),
        ],
    )
    def test_another_events_registration_changes_nothing(self, client, event, crowd, event_manager, language, message):
        elsewhere = RegistrationFactory(event=event_page())
        client.force_login(event_manager)
        response = client.post(
            f"/admin/attendance/{event.pk}/badges/",
            {"action": "set_role", "role": "press", "registration": [crowd[0].pk, elsewhere.pk]},
            follow=True,
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert message in response.content.decode()
        assert {Registration.objects.get(pk=pk).role for pk in (crowd[0].pk, elsewhere.pk)} == {"participant"}

    def test_a_tampered_list_changes_nothing(self, client, event, crowd, event_manager):
        client.force_login(event_manager)
        for data in (
            {"action": "set_role", "role": "press", "registration": [crowd[0].pk, "1; DROP"]},
            {"action": "set_role", "role": "king", "registration": [crowd[0].pk]},
            {"action": "print", "layout": "a6", "who": "ticked", "registration": ["99999999999999999999999"]},
        ):
            response = client.post(
                f"/admin/attendance/{event.pk}/badges/", data, follow=True, HTTP_ACCEPT_LANGUAGE="en"
            )
            page = response.content.decode()
            assert response["Content-Type"].startswith("text/html")
            assert "was not understood" in page or "Choose one of the roles." in page
        assert Registration.objects.get(pk=crowd[0].pk).role == "participant"

    def test_other_organisers_and_desk_staff_see_nothing(self, client, event, crowd):
        address = f"/admin/attendance/{event.pk}/badges/"
        client.force_login(organiser(edit_pages_under=event_page()))
        assert_not_found(client.get(address, follow=True), "ar", hides=["بسام كاظم", "Basim Kadhim"])
        response = client.post(
            address, {"action": "set_role", "role": "press", "registration": [crowd[0].pk]}, follow=True
        )
        assert_not_found(response, "ar", hides=["بسام كاظم"])
        client.force_login(desk_staff(event))
        response = client.get(address)
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert Registration.objects.get(pk=crowd[0].pk).role == "participant"
