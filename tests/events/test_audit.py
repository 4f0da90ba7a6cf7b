"""The audit trail of an event's people, against the event's default-language page, worded in
the reader's language: an entry per export, import or report download, per staff action on a
person's registration, attendance or certificate, per change to the event's team and per look
at a registration's page; names only for readers who may read the event's people."""

import datetime as dt
import time
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.utils import timezone, translation
from wagtail.models import GroupPagePermission, Page, PageLogEntry

from events import audit, dates, team
from events.attendance.models import CompletionRule, Method
from events.attendance.services import badges, certificates, sheets
from events.attendance.services.meeting_import import apply_upload, read_upload
from events.attendance.services.records import check_in, record_many, undo
from events.attendance.services.walk_in import walk_in
from events.attendance.slots import slots_for
from events.models import EventRole, EventTeamMember
from events.registrations import services
from events.registrations.models import ParticipantRole, RegistrationSettings, RegistrationSource, RegistrationStatus
from events.registrations.services.participants import accept_own, cancel_own, register_participant
from tests.factories.accounts import UserFactory
from tests.factories.attendance import desk_staff, plan
from tests.factories.network import PersonFactory
from tests.factories.registrations import RegistrationFactory, SettingsFactory, event_page, organiser, participant

pytestmark = pytest.mark.django_db


def test_an_export_is_recorded_against_the_events_page_with_what_left(demo_site):
    event = event_page()
    english = event.localized_for("en")
    user = organiser(edit_pages_under=event.get_parent())
    audit.record(
        english, audit.EXPORT, user, rows=120, format="xlsx", filters={"status": "confirmed"}, columns=["name"], q=""
    )
    entry = PageLogEntry.objects.get(action=audit.EXPORT)
    assert entry.page_id == event.pk and entry.user == user
    assert entry.data == {"rows": 120, "format": "xlsx", "filters": {"status": "confirmed"}, "columns": ["name"]}
    with translation.override("en"):
        assert entry.message == "Export attendee list: 120 rows (XLSX)"
    with translation.override("ar"):
        message = PageLogEntry.objects.get(pk=entry.pk).message
    assert message == "تصدير قائمة المشاركين: 120 صفًا (XLSX)"


def test_an_unknown_kind_of_entry_is_refused(demo_site):
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit.record(event_page(), "events.peek", None)
    assert not PageLogEntry.objects.filter(action="events.peek").exists()


# Staff work on people ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fresh_cache():
    """The ten-minute rule for looks at a person is counted in the cache: each test starts
    with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def event(demo_site, demo_snapshots):
    """A one-day event tomorrow, 09:00–17:00 Baghdad time, with one seat and a waiting list."""
    from events.models import EventPage

    def build():
        start = (timezone.now() + dt.timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)
        page = event_page(start=start, end=start + dt.timedelta(hours=8))
        SettingsFactory(event=page, capacity=1)
        return page.pk

    return EventPage.objects.get(pk=demo_snapshots.load("audit-event", build))


@pytest.fixture
def manager(event):
    return organiser(edit_pages_under=event.get_parent(), first_name="Noor", last_name="Ali")


@pytest.fixture
def slot(event):
    return slots_for(event)[0]


def someone(name, name_ar, **fields):
    return PersonFactory(participant=True, name=name, name_ar=name_ar, **fields)


def entries(event, *actions):
    """``[(action, registration id, user)]`` of the event's entries, oldest first."""
    found = PageLogEntry.objects.filter(page=event, action__in=actions or list(audit.MESSAGES)).order_by("pk")
    return [(entry.action, entry.data.get("registration"), entry.user) for entry in found]


def message(entry, reader, language):
    with translation.override(language), audit.read_by(reader):
        return PageLogEntry.objects.get(pk=entry.pk).message


def test_every_status_change_staff_make_is_recorded_with_who_and_when(event, manager):
    before = timezone.now()
    added = services.add_by_staff(event, name="Huda Kareem", name_ar="هدى كريم", by=manager)
    user, person = participant(name="Zaid Hamid", name_ar="زيد حامد")
    waiting = register_participant(user, event)
    services.cancel(added, by=manager)  # frees the seat: the waiting participant is confirmed
    waiting.refresh_from_db()
    services.resend_confirmation(waiting, by=manager)
    services.decline(waiting, by=manager)
    settings = RegistrationSettings.objects.get(event=event)
    settings.approval_required = True
    settings.save()
    pending = [services.register(event, someone(f"Guest {n}", f"ضيف {n}")) for n in range(2)]
    services.approve(pending[0], by=manager)
    services.promote(pending[1], by=manager, override_capacity=True)

    assert entries(event) == [
        (audit.ADD, added.pk, manager),
        (audit.CANCEL, added.pk, manager),
        (audit.PROMOTE, waiting.pk, manager),
        (audit.RESEND, waiting.pk, manager),
        (audit.DECLINE, waiting.pk, manager),
        (audit.APPROVE, pending[0].pk, manager),
        (audit.PROMOTE, pending[1].pk, manager),
    ]
    logged = PageLogEntry.objects.filter(page=event, action__in=list(audit.MESSAGES))
    assert all(entry.timestamp >= before for entry in logged)
    cancelled = logged.get(action=audit.CANCEL)
    # While Huda has not accepted, staff know her by the names they typed, and so does the log.
    assert cancelled.data == {
        "registration": added.pk,
        "reference": added.reference,
        "person": added.person_id,
        "name": "Huda Kareem",
        "name_ar": "هدى كريم",
    }
    assert message(cancelled, manager, "en") == f"Cancelled the registration of Huda Kareem ({added.reference})"
    assert message(cancelled, manager, "ar") == f"إلغاء تسجيل هدى كريم ({added.reference})"
    assert message(logged.get(action=audit.ADD), manager, "en") == (
        f"Registered Huda Kareem ({added.reference}): Confirmed (Added by staff)"
    )
    approved = logged.get(action=audit.APPROVE)
    assert (
        message(approved, manager, "en") == f"Approved the registration of Guest 0 ({pending[0].reference}): Confirmed"
    )
    assert message(approved, manager, "ar") == f"الموافقة على تسجيل ضيف 0 ({pending[0].reference}): مؤكَّد"


def test_what_participants_do_to_their_own_registrations_is_not_recorded(event, manager):
    user, _person = participant(name="Zaid Hamid", name_ar="زيد حامد")
    other, _other_person = participant()
    first = register_participant(user, event)
    second = register_participant(other, event)  # waiting for Zaid's seat
    cancel_own(user, first.reference)

    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert entries(event) == []
    # A staff member acting on their own registration acts as a participant too.
    PersonFactory(participant=True, user=manager, email=manager.email)
    mine = services.add_by_staff(event, email=manager.email, name="Noor Ali", by=manager)
    accept_own(manager, mine.reference)
    services.cancel(mine, by=manager)
    assert entries(event) == []


def test_an_imported_registration_is_recorded_for_its_person(event, manager):
    imported = services.register(
        event, someone("Layla Haddad", "ليلى حداد"), source=RegistrationSource.IMPORT, by=manager, send_email=False
    )
    entry = PageLogEntry.objects.get(page=event, action=audit.ADD)
    assert (entry.user, entry.data["registration"], entry.data["source"]) == (manager, imported.pk, "import")
    assert message(entry, manager, "en") == f"Registered Layla Haddad ({imported.reference}): Confirmed (Imported)"


def test_attendance_taken_by_staff_is_recorded_however_it_was_taken(event, manager, slot):
    desk = desk_staff(event, first_name="Sami")
    people = [RegistrationFactory(event=event, person=someone(f"Guest {n}", f"ضيف {n}")) for n in range(4)]
    check_in(people[0], slot.key, method=Method.SCAN, by=desk)
    undo(people[0], slot.key, by=desk)
    sheets.mark(event, slot.key, [str(people[1].pk), str(people[2].pk)], by=manager)
    record_many(event, slot.key, {people[3].pk: 75}, method=Method.ONLINE, by=manager)
    walked_in = walk_in(event, slot.key, name="Omar Saleh", name_ar="عمر صالح", by=desk, override_capacity=True)

    assert entries(event) == [
        (audit.CHECK_IN, people[0].pk, desk),
        (audit.UNDO, people[0].pk, desk),
        (audit.CHECK_IN, people[1].pk, manager),
        (audit.CHECK_IN, people[2].pk, manager),
        (audit.CHECK_IN, people[3].pk, manager),
        (audit.ADD, walked_in.registration_id, desk),
        (audit.CHECK_IN, walked_in.registration_id, desk),
    ]
    scanned, sheet = PageLogEntry.objects.filter(page=event, action=audit.CHECK_IN).order_by("pk")[:2]
    day = slot.local_date
    assert (scanned.data["slot"], scanned.data["day"], scanned.data["method"]) == (slot.key, day.isoformat(), "scan")
    with translation.override("en"):
        english = dates.day(day)
    with translation.override("ar"):
        arabic = dates.day(day)
    assert message(scanned, manager, "en") == (
        f"Recorded the attendance of Guest 0 ({people[0].reference}): {english} (Ticket scanned)"
    )
    assert message(sheet, manager, "ar") == f"تسجيل حضور ضيف 1 ({people[1].reference}): {arabic} (كشف التوقيع)"
    undone = PageLogEntry.objects.get(page=event, action=audit.UNDO)
    assert message(undone, manager, "en") == f"Took back the attendance of Guest 0 ({people[0].reference}): {english}"


def test_a_confirmed_online_meeting_report_is_recorded_per_person(event, manager, slot):
    hani = RegistrationFactory(event=event, person=someone("Hani Dawa", "هاني ضوة", email="hani@example.org"))
    day = slot.local_date.strftime("%m/%d/%Y")
    report = (
        "Name (original name),User Email,Join time,Leave time,Duration (minutes),Guest\r\n"
        f"Hani Dawa,hani@example.org,{day} 09:00,{day} 10:30,90,No\r\n"
    ).encode()
    upload = read_upload(event, report, filename="participants.csv")
    apply_upload(upload, by=manager)
    assert entries(event) == [(audit.CHECK_IN, hani.pk, manager)]
    assert PageLogEntry.objects.get(page=event, action=audit.CHECK_IN).data["method"] == "online"


def test_certificates_issued_and_revoked_and_badge_roles_are_recorded(event, manager, slot):
    plan(event, completion_rule=CompletionRule.SLOTS, completion_value=1)
    people = [RegistrationFactory(event=event, person=someone(f"Guest {n}", f"ضيف {n}")) for n in range(3)]
    record_many(event, slot.key, dict.fromkeys(r.pk for r in people), method=Method.SCAN)  # no one: not logged
    certificate, _created = certificates.issue(people[0], by=manager)
    certificates.issue_eligible(event, by=manager)
    certificates.revoke(certificate, by=manager, reason="Issued to the wrong person")
    badges.set_role(event, [str(people[2].pk)], ParticipantRole.SPEAKER, by=manager)

    assert entries(event) == [
        (audit.ISSUE, people[0].pk, manager),
        (audit.ISSUE, people[1].pk, manager),
        (audit.ISSUE, people[2].pk, manager),
        (audit.REVOKE, people[0].pk, manager),
        (audit.ROLE, people[2].pk, manager),
    ]
    revoked = PageLogEntry.objects.get(page=event, action=audit.REVOKE)
    assert message(revoked, manager, "en") == (
        f"Revoked the certificate of Guest 0 ({people[0].reference}): Issued to the wrong person"
    )
    role = PageLogEntry.objects.get(page=event, action=audit.ROLE)
    assert message(role, manager, "en") == f"Set the badge role of Guest 2 ({people[2].reference}): Speaker"


def test_the_event_team_is_recorded_whether_or_not_the_address_has_an_account(event, manager):
    reporter = UserFactory(email="reporter@example.org")
    team.add_by_email(event, "reporter@example.org", EventRole.REPORTER, by=manager)
    team.add_by_email(event, "nobody@example.org", EventRole.DESK, by=manager)
    member = EventTeamMember.objects.get(event=event, user=reporter)
    team.remove_member(event, member.pk, by=manager)

    logged = list(PageLogEntry.objects.filter(page=event, action__startswith="events.team").order_by("pk"))
    assert [(entry.action, entry.data["email"], entry.user) for entry in logged] == [
        (audit.TEAM_ADD, "reporter@example.org", manager),
        (audit.TEAM_ADD, "nobody@example.org", manager),
        (audit.TEAM_REMOVE, "reporter@example.org", manager),
    ]
    assert message(logged[1], manager, "en") == "Added nobody@example.org to the event team: Check-in desk"
    assert message(logged[2], manager, "ar") == "إزالة reporter@example.org من فريق الفعالية: معدّ التقارير"


# Who reads the entries --------------------------------------------------------------------


def page_editor(page):
    """Someone who may edit ``page`` and the pages under it, but not read its events' people."""
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name=f"Page editors {user.pk}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=page, permission_type="change")
    user.groups.add(group)
    return user


def organiser_elsewhere(demo_site):
    """An organiser of the "about" page's subtree: no event of ours."""
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name=f"Other organisers {user.pk}")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "manage_registrations"]))
    GroupPagePermission.objects.create(
        group=group, page=Page.objects.get(slug="about", locale__language_code="ar"), permission_type="change"
    )
    user.groups.add(group)
    return user


def history(client, event, language):
    return client.get(f"/admin/pages/{event.pk}/history/", HTTP_ACCEPT_LANGUAGE=language)


def test_the_events_history_shows_the_entries_in_both_languages(client, event, manager):
    added = services.add_by_staff(event, name="Huda Kareem", name_ar="هدى كريم", by=manager)
    services.cancel(added, by=manager)
    client.force_login(manager)

    english = history(client, event, "en").content.decode()
    arabic = history(client, event, "ar").content.decode()
    assert f"Cancelled the registration of Huda Kareem ({added.reference})" in english
    assert f"Registered Huda Kareem ({added.reference}): Confirmed (Added by staff)" in english
    assert f"إلغاء تسجيل هدى كريم ({added.reference})" in arabic
    assert "Noor Ali" in english


def test_an_editor_who_may_not_read_the_events_people_reads_the_kind_of_action_alone(client, event, manager):
    added = services.add_by_staff(event, name="Huda Kareem", name_ar="هدى كريم", by=manager)
    services.cancel(added, by=manager)
    client.force_login(page_editor(event.get_parent()))

    for address in (f"/admin/pages/{event.pk}/history/", "/admin/reports/site-history/"):
        page = client.get(address, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Registration cancelled" in page and "Registration added" in page
        assert "Huda" not in page and added.reference not in page
    arabic = history(client, event, "ar").content.decode()
    assert "إلغاء تسجيل" in arabic and "هدى" not in arabic


def test_an_organiser_of_other_events_sees_none_of_the_entries(client, event, manager, demo_site):
    added = services.add_by_staff(event, name="Huda Kareem", name_ar="هدى كريم", by=manager)
    services.cancel(added, by=manager)
    client.force_login(organiser_elsewhere(demo_site))

    assert history(client, event, "en").status_code in (302, 403)
    site_history = client.get("/admin/reports/site-history/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Registration cancelled" not in site_history and "Huda" not in site_history
    entry = PageLogEntry.objects.get(action=audit.CANCEL)
    assert message(entry, organiser_elsewhere(demo_site), "en") == "Registration cancelled"
    assert message(entry, None, "en") == "Registration cancelled"


# Looking at a person's details ------------------------------------------------------------


def detail_url(registration):
    return f"/admin/registrations/event/{registration.event_id}/registration/{registration.pk}/"


def test_opening_a_registration_is_recorded_once_in_ten_minutes(client, event, manager, monkeypatch):
    registration = RegistrationFactory(event=event, person=someone("Zaid Hamid", "زيد حامد"))
    other = RegistrationFactory(event=event, person=someone("Amna Jasim", "آمنة جاسم"))
    client.force_login(manager)

    for _ in range(3):
        assert client.get(detail_url(registration)).status_code == 200
    client.get(detail_url(other))
    assert entries(event, audit.VIEW) == [(audit.VIEW, registration.pk, manager), (audit.VIEW, other.pk, manager)]
    entry = PageLogEntry.objects.filter(action=audit.VIEW).order_by("pk").first()
    assert entry.data["screen"] == "registration"
    assert message(entry, manager, "en") == f"Opened the registration page of Zaid Hamid ({registration.reference})"
    assert message(entry, manager, "ar") == f"فتح صفحة تسجيل زيد حامد ({registration.reference})"

    eleven_minutes_on = time.time() + 11 * 60
    monkeypatch.setattr(locmem, "time", SimpleNamespace(time=lambda: eleven_minutes_on))
    client.get(detail_url(registration))
    assert entries(event, audit.VIEW)[-1] == (audit.VIEW, registration.pk, manager)
    assert len(entries(event, audit.VIEW)) == 3


def test_a_list_of_people_is_not_a_look_at_one_of_them(client, event, manager):
    """The registrations list, the invitations list and a message's recipients show names and
    addresses, the registration page a person's private details: only opening that page is
    written down, once per person, whichever list it was opened from."""
    from events.registrations.models import EventMessage, Invitation

    registration = RegistrationFactory(event=event, person=someone("Zaid Hamid", "زيد حامد"))
    Invitation.objects.create(event=event, email="invited@example.org", name="Huda Kareem", registration=registration)
    sent = EventMessage.objects.create(event=event, subject="News", body="x", recipients=1)
    sent.registrations.add(registration)
    client.force_login(manager)
    base = f"/admin/registrations/event/{event.pk}/"
    for address in (base, f"{base}invitations/", f"{base}messages/{sent.pk}/", f"{base}invitations/?q=huda"):
        response = client.get(address, HTTP_ACCEPT_LANGUAGE="en")
        assert "Zaid Hamid" in response.content.decode()
    assert entries(event, audit.VIEW) == []
    client.get(detail_url(registration))
    assert entries(event, audit.VIEW) == [(audit.VIEW, registration.pk, manager)]
