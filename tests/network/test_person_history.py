"""A person's history in the directory: every audit log entry about them, the directory's own
(edits, merges, staff opening their record) and the events' (what their staff did to the
person's registrations), each to the readers who may see it; opening the record is written
down once in ten minutes."""

import time
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.urls import reverse
from wagtail.models import GroupPagePermission, ModelLogEntry, PageLogEntry

from events import audit as event_audit
from events import team
from events.models import EventRole
from events.registrations import services
from home.privacy import delete_account
from network import audit, merge
from network.staff.history import PersonEditView
from tests.factories.accounts import UserFactory
from tests.factories.network import PersonFactory
from tests.factories.registrations import RegistrationFactory, SettingsFactory, event_page, organiser, participant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    """Looks at a person are counted in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def event(events_index):
    page = event_page(title="ملتقى الحوار")
    SettingsFactory(event=page, capacity=20)
    return page


@pytest.fixture
def huda():
    return PersonFactory(participant=True, name="Huda Kareem", name_ar="هدى كريم")


@pytest.fixture
def manager(event):
    return organiser(edit_pages_under=event.get_parent(), first_name="Noor", last_name="Ali")


def organiser_of(page):
    """An organiser of ``page`` alone (a group of their own) who is also directory staff."""
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name=f"Organisers of {page.slug}")
    codenames = ["access_admin", "manage_registrations", "change_person"]
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    GroupPagePermission.objects.create(group=group, page=page, permission_type="change")
    user.groups.add(group)
    return user


def history_url(person):
    return reverse("wagtailsnippets_network_person:history", args=[person.pk])


def edit_url(person):
    return reverse("wagtailsnippets_network_person:edit", args=[person.pk])


def read(client, person, language="en"):
    response = client.get(history_url(person), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_the_history_lists_the_directorys_and_the_events_entries_in_both_languages(admin_client, event, huda, manager):
    registration = services.register(event, huda)
    services.cancel(registration, by=manager)
    admin_client.get(edit_url(huda))

    english = read(admin_client, huda, "en")
    assert f"Cancelled the registration of Huda Kareem ({registration.reference})" in english
    assert "Opened this person&#x27;s private details" in english
    assert "ملتقى الحوار" in english and "Noor Ali" in english
    arabic = read(admin_client, huda, "ar")
    assert f"إلغاء تسجيل هدى كريم ({registration.reference})" in arabic


def test_directory_staff_who_may_not_see_the_event_see_the_directorys_entries_alone(
    client, staff_user, event, huda, manager
):
    registration = services.register(event, huda)
    services.cancel(registration, by=manager)
    client.force_login(staff_user)
    client.get(edit_url(huda))

    page = read(client, huda)
    assert "Opened this person&#x27;s private details" in page
    assert "Cancelled" not in page and "Registration cancelled" not in page
    assert registration.reference not in page and "ملتقى الحوار" not in page


def test_an_organiser_who_may_see_the_person_sees_their_events_entries(client, event, huda, manager):
    registration = services.register(event, huda)
    services.cancel(registration, by=manager)
    other_event = event_page(title="ندوة أخرى")
    SettingsFactory(event=other_event, capacity=5)
    elsewhere = services.register(other_event, huda)
    reader = organiser_of(event)
    services.cancel(elsewhere, by=manager)
    client.force_login(reader)

    page = read(client, huda)
    assert f"Cancelled the registration of Huda Kareem ({registration.reference})" in page
    assert elsewhere.reference not in page and "ندوة أخرى" not in page


def test_someone_who_may_not_see_the_person_has_no_history_to_read(client, event, huda, manager):
    services.cancel(services.register(event, huda), by=manager)
    client.force_login(manager)  # an organiser, not directory staff
    response = client.get(history_url(huda))
    assert response.status_code in (302, 403)
    assert "Huda" not in response.content.decode()


def test_opening_a_persons_record_is_written_down_once_in_ten_minutes(client, staff_user, huda, monkeypatch):
    def looks():
        return list(ModelLogEntry.objects.filter(action=audit.VIEW, object_id=str(huda.pk)))

    client.force_login(staff_user)
    for _ in range(3):
        assert client.get(edit_url(huda)).status_code == 200
    assert [(entry.user, entry.data) for entry in looks()] == [(staff_user, {"screen": "directory"})]

    eleven_minutes_on = time.time() + 11 * 60
    monkeypatch.setattr(locmem, "time", SimpleNamespace(time=lambda: eleven_minutes_on))
    client.get(edit_url(huda))
    assert len(looks()) == 2


def test_a_look_is_not_the_records_last_change(client, staff_user, huda):
    client.force_login(staff_user)
    client.post(edit_url(huda), {"name": "Huda Kareem", "name_ar": "هدى كريم", "slug": huda.slug})
    client.get(edit_url(huda))
    edit = ModelLogEntry.objects.filter(object_id=str(huda.pk)).exclude(action=audit.VIEW).first()
    view = PersonEditView()
    view.object = huda
    assert view.get_last_updated_info() == edit


def test_a_merge_brings_the_duplicates_entries_into_the_survivors_history(
    admin_client, staff_user, event, huda, manager
):
    duplicate = PersonFactory(participant=True, name="Huda Karim", name_ar="هدى كريم")
    registration = services.register(event, duplicate)
    services.decline(registration, by=manager)
    admin_client.get(edit_url(duplicate))

    merge.merge_people(huda, duplicate, user=staff_user)

    entries = ModelLogEntry.objects.filter(object_id=str(huda.pk)).order_by("pk")
    assert [entry.action for entry in entries] == [audit.VIEW, audit.MERGE]
    assert entries[1].user == staff_user and entries[1].data["duplicate"] == duplicate.pk
    page = read(admin_client, huda)
    assert f"Declined the registration of Huda Karim ({registration.reference})" in page
    assert "Merged a duplicate into this record" in page


def test_the_history_takes_the_same_queries_for_a_few_or_many_entries(
    client, events_index, huda, django_assert_max_num_queries
):
    """A directory editor who organises every event: the events whose people they may read are
    worked out once, however many events the page's entries are about."""
    reader = organiser(edit_pages_under=events_index["ar"])
    reader.user_permissions.add(Permission.objects.get(codename="change_person"))
    client.force_login(reader)
    registrations = [RegistrationFactory(event=event_page(title=f"فعالية {n}"), person=huda) for n in range(4)]

    def add_entries(count):
        for number in range(count):
            event_audit.record_staff(event_audit.RESEND, reader, [registrations[number % len(registrations)]])
            audit.record(huda, audit.VIEW, reader, screen="directory")

    add_entries(2)
    read(client, huda)  # the admin's caches (site, locales, menus) warm up
    # The session, the user, their own and their groups' permissions and their admin profile;
    # the person; the person's registrations and the reader's page permissions (for the events
    # listed); the count and the page of rows, then each log model's entries on the page;
    # Wagtail's menu (locales, collection and site permissions, the root page); the events whose
    # people the reader may read, once, for the wording.
    with django_assert_max_num_queries(17) as few:
        assert read(client, huda).count("Sent the confirmation to Huda Kareem") == 2
    add_entries(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = read(client, huda)
    assert page.count("Sent the confirmation to Huda Kareem") + page.count("Opened this person") == 20


def test_deleting_the_account_takes_the_names_out_of_the_entries(admin_client, event, manager):
    user, person = participant(name="Huda Kareem", name_ar="هدى كريم")
    registration = services.register(event, person)
    services.cancel(registration, by=manager)
    admin_client.get(edit_url(person))
    team.add_by_email(event, user.email, EventRole.DESK, by=manager)

    delete_account(user)

    page = read(admin_client, person)
    assert "Huda" not in page and "هدى" not in page
    assert f"Cancelled the registration of {registration.reference}" in page
    assert set(ModelLogEntry.objects.filter(object_id=str(person.pk)).values_list("label", flat=True)) == {"حساب محذوف"}
    added = PageLogEntry.objects.get(action=event_audit.TEAM_ADD)
    assert "email" not in added.data and added.user == manager
    with event_audit.read_by(manager):
        assert PageLogEntry.objects.get(pk=added.pk).message == "Event team member added"
