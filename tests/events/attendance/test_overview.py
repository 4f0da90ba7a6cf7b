"""The organisers' attendance overview and the attendance plan, in both languages."""

import pytest

from events.attendance.models import AttendancePlan, CompletionRule, Method, SlotUnit
from events.attendance.services import check_in
from events.attendance.services.completion import progress_for
from events.registrations.models import RegistrationStatus
from tests.factories.attendance import desk_staff, plan
from tests.factories.registrations import RegistrationFactory, organiser
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(event):
    return organiser(edit_pages_under=event.get_parent())


def test_overview_counts_attendance_by_day_and_eligibility(client, event, days, manager):
    plan(event, completion_rule=CompletionRule.SLOTS, completion_value=2)
    people = [RegistrationFactory(event=event) for _ in range(4)]
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    for registration in people[:3]:
        check_in(registration, days[0].key, method=Method.SCAN)
    check_in(people[0], days[1].key, method=Method.SCAN)
    client.force_login(manager)
    page = client.get(f"/admin/attendance/{event.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Attendance by day" in page
    assert "75 %" in page and "25 %" in page  # 3 of 4, then 1 of 4
    assert progress_for(people[0]).eligible and not progress_for(people[1]).eligible
    summary = page[page.index("registrations-summary") :]
    assert '<span class="registrations-figure">4</span>' in summary  # confirmed
    assert '<span class="registrations-figure">1</span><span class="registrations-label">Eligible' in summary


@pytest.mark.parametrize(("language", "to_come"), [("en", "Still to come"), ("ar", "لم يحن بعد")])
def test_a_day_still_to_come_is_not_counted_as_absences(client, event, days, manager, language, to_come):
    """The event's days are tomorrow and the day after: the first has its early check-ins,
    the second nobody yet, and nobody has missed it (it read "absent 4, 0 %")."""
    people = [RegistrationFactory(event=event) for _ in range(4)]
    check_in(people[0], days[0].key, method=Method.SCAN)
    client.force_login(manager)
    page = client.get(f"/admin/attendance/{event.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    rows = page[page.index("attendance-slots") :].split("</tbody>")[0].split("<tr>")[2:]
    assert len(rows) == 2
    assert "25 %" in rows[0] and to_come not in rows[0]
    assert to_come in rows[1] and "0 %" not in rows[1] and "<td>—</td>" in rows[1]


def test_progress_reads_as_the_participant_sees_it(event, days):
    plan(event, completion_rule=CompletionRule.SLOTS, completion_value=2)
    registration = RegistrationFactory(event=event)
    check_in(registration, days[0].key)
    from django.utils import translation

    with translation.override("en"):
        assert progress_for(registration).summary() == "1 of 2 attended; 1 more for a certificate."


def test_the_plan_is_saved_and_a_rule_needs_a_threshold(client, event, manager):
    client.force_login(manager)
    url = f"/admin/attendance/{event.pk}/plan/"
    refused = client.post(url, {"unit": "session", "minimum_minutes": "30", "completion_rule": "percent"})
    assert refused.status_code == 400 and not AttendancePlan.objects.filter(event=event).exists()
    response = client.post(
        url,
        {
            "unit": "session",
            "minimum_minutes": "30",
            "completion_rule": "percent",
            "completion_value": "75",
            "membership_trigger": "attending",
        },
    )
    assert response.status_code == 302
    saved = AttendancePlan.objects.get(event=event)
    assert (saved.unit, saved.minimum_minutes, saved.completion_value) == (SlotUnit.SESSION, 30, 75)


def test_desk_staff_and_other_organisers_do_not_see_the_overview(client, event, demo_site):
    from tests.factories.registrations import event_page

    client.force_login(desk_staff(event))
    response = client.get(f"/admin/attendance/{event.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(organiser(edit_pages_under=event_page()))
    response = client.get(f"/admin/attendance/{event.pk}/", follow=True)
    assert_not_found(response, "ar", hides=[event.title])
