"""The demo slice: the fictional upcoming events take registrations with bilingual questions."""

import pytest

from events.registrations.models import RegistrationQuestion, RegistrationSettings

pytestmark = pytest.mark.django_db


def test_demo_loader_sets_up_the_fictional_events_and_runs_twice(demo_site):
    from events.models import EventPage
    from fixtures import events, registrations

    registrations.load(lambda message: None)  # before the events exist: nothing to do, no error
    assert not RegistrationSettings.objects.exists()
    events.load(lambda message: None)
    lines = []
    registrations.load(lines.append)
    registrations.load(lines.append)
    assert lines == ["registrations: settings and questions for 2 demo events"] * 2
    clinic = EventPage.objects.get(slug="demo-open-data-clinic", locale__language_code="ar")
    settings = RegistrationSettings.objects.get(event=clinic)
    assert settings.capacity == 25 and settings.closes_at < clinic.start
    questions = RegistrationQuestion.objects.filter(settings=settings)
    assert questions.count() == 4
    assert all(question.label and question.label_ar for question in questions)
    # Nobody has to consent to being photographed to take part.
    consents = RegistrationQuestion.objects.filter(field_type="consent")
    assert consents.exists() and not consents.filter(required=True).exists()
    assert RegistrationSettings.objects.get(event__slug="demo-digital-safety-series").approval_required


def test_each_demo_organiser_manages_their_own_events_and_no_other(client, settings, tmp_path):
    """One run of the demo command: the logins it prints, and what each organiser may reach."""
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from events.models import EventPage
    from events.permissions import can_manage_event, manageable_events
    from events.registrations import services
    from tests.factories.network import PersonFactory
    from tests.not_found import assert_not_found

    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("load_demo", "--no-index", stdout=out)
    printed = out.getvalue()
    passwords = {name: (tmp_path / f"demo_{name}_password").read_text() for name in ("admin", "kaiciid-organiser")}
    assert f"user: admin  password: {passwords['admin']}" in printed
    assert f"user: kaiciid-organiser  password: {passwords['kaiciid-organiser']}" in printed
    assert "user: demo-team-organiser  password: " in printed
    assert "(manages: Social Media as a Space for Dialogue" in printed

    def event(slug):
        return EventPage.objects.get(slug=slug, locale__language_code="ar")

    kaiciid, clinic = event("kaiciid-social-media-dialogue-phase-2"), event("demo-open-data-clinic")
    series = event("demo-digital-safety-series")
    users = get_user_model().objects
    kaiciid_organiser, team_organiser = (
        users.get(username="kaiciid-organiser"),
        users.get(username="demo-team-organiser"),
    )
    assert not (kaiciid_organiser.is_superuser or team_organiser.is_superuser)

    assert can_manage_event(kaiciid_organiser, kaiciid) and not can_manage_event(kaiciid_organiser, clinic)
    assert can_manage_event(team_organiser, clinic) and not can_manage_event(team_organiser, kaiciid)
    live = EventPage.objects.filter(locale__language_code="ar")
    assert set(manageable_events(kaiciid_organiser, live)) == {kaiciid}
    assert set(manageable_events(team_organiser, live)) == {clinic, series}
    # Each may edit their events' pages in both languages, and no other page.
    english = english_locale()
    assert kaiciid.get_translation(english).permissions_for_user(kaiciid_organiser).can_edit()
    assert not clinic.get_translation(english).permissions_for_user(kaiciid_organiser).can_edit()

    registration = services.register(clinic, PersonFactory(name="Zainab Ali", email="zainab@example.org"))
    client.force_login(team_organiser)
    page = client.get(f"/admin/registrations/event/{clinic.pk}/").content.decode()
    assert "Zainab Ali" in page
    client.force_login(kaiciid_organiser)
    hides = ["Zainab Ali", "zainab@example.org", registration.reference]
    assert_not_found(client.get(f"/admin/registrations/event/{clinic.pk}/", follow=True), "ar", hides=hides)
    detail = f"/admin/registrations/event/{clinic.pk}/registration/{registration.pk}/"
    assert_not_found(client.get(detail, follow=True), "ar", hides=hides)
    listing = client.get("/admin/registrations/").content.decode()
    assert kaiciid.title in listing and clinic.title not in listing

    # One account per event role: a reporter of Point Iraq 2018 and a desk volunteer of the series.
    from events.permissions import desk_policy, reports_policy

    point_iraq = event("point-iraq-2018")
    reporter, volunteer = users.get(username="point-iraq-reporter"), users.get(username="demo-desk-volunteer")
    for user in (reporter, volunteer):
        password = (tmp_path / f"demo_{user.username}_password").read_text()
        assert f"user: {user.username}  password: {password}" in printed
    assert "Reporter: http://127.0.0.1:8000/admin/  user: point-iraq-reporter" in printed
    assert "Desk volunteer: http://127.0.0.1:8000/en/desk/  user: demo-desk-volunteer" in printed
    assert set(reports_policy.events_for_user(reporter, live)) == {point_iraq}
    assert not can_manage_event(reporter, point_iraq) and not desk_policy.user_has_permission_for(reporter, series)
    assert set(desk_policy.events_for_user(volunteer, live)) == {series}
    assert not reports_policy.user_has_permission(volunteer) and not volunteer.has_perm("wagtailadmin.access_admin")

    # Every staff account has an authenticator app whose key is kept in var/ and survives a reload.
    from allauth.mfa.models import Authenticator

    staff_names = ["admin", "point-iraq-reporter", "demo-desk-volunteer", kaiciid_organiser.username]
    keys = {name: (tmp_path / f"demo_{name}_authenticator").read_text() for name in staff_names}
    assert all(len(key) == 32 for key in keys.values())
    assert "Staff sign in with a second factor" in printed and "make code ACCOUNT=<user>" in printed

    # Loading again changes no one's reach.
    call_command("load_demo", "--no-index", stdout=io.StringIO())
    assert {name: (tmp_path / f"demo_{name}_authenticator").read_text() for name in staff_names} == keys
    assert Authenticator.objects.filter(user__username__in=staff_names, type="totp").count() == len(staff_names)
    assert set(manageable_events(kaiciid_organiser, live)) == {kaiciid}
    assert set(manageable_events(team_organiser, live)) == {clinic, series}
    assert set(reports_policy.events_for_user(reporter, live)) == {point_iraq}


def english_locale():
    from wagtail.models import Locale

    return Locale.objects.get(language_code="en")
