"""Large imports run as background tasks with a page that waits for them: the directory's and
an event's registrations. With the database queue (production) the staff member is sent to the
import's page, which says it is running until a worker has run it, then what it did; only they
find that page. With the immediate backend (the demo) the same import is done within the
request. A small file is always imported within the request."""

import html
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult
from wagtail.models import PageLogEntry

from events.registrations.imports import tasks as registration_imports
from events.registrations.models import Registration, RegistrationSource
from network import tasks as directory_imports
from network.models import Organisation
from tests.factories.accounts import UserFactory
from tests.factories.registrations import SettingsFactory, event_page
from tests.not_found import assert_not_found
from tests.test_tasks import database_queue
from tests.test_tasks_downloads import organiser_of

pytestmark = pytest.mark.django_db

ORGANISATIONS = (
    "name,name_ar,kind\r\nDemocracy Support Fund,صندوق دعم الديمقراطية,ngo\r\nTigris Youth,شباب دجلة,ngo\r\n"
)
PEOPLE = "name,email\r\nMaha Dawood,maha@example.org\r\nAli Hasan,ali@example.org\r\nZainab Ali,zainab@example.org\r\n"
RUNNING = {
    "en": "The import is running in the background.",
    "ar": "الاستيراد جارٍ في الخلفية.",
}


def text_of(response):
    return html.unescape(response.content.decode())


def directory_editor():
    user = UserFactory(is_staff=True)
    group, _created = Group.objects.get_or_create(name="Directory editors")
    codenames = ["access_admin", "add_organisation", "change_organisation", "add_person", "change_person"]
    group.permissions.set(Permission.objects.filter(codename__in=codenames))
    user.groups.add(group)
    return user


def confirm_organisations(client, user):
    client.force_login(user)
    preview = client.post(
        "/admin/directory-tools/import/organisations/preview/",
        {"file": SimpleUploadedFile("orgs.csv", ORGANISATIONS.encode())},
    )
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    # Confirmed in English: the import's outcome is told in the language it was confirmed in.
    return client.post(
        "/admin/directory-tools/import/organisations/confirm/", {"token": token}, HTTP_ACCEPT_LANGUAGE="en"
    )


@pytest.fixture
def queue(settings, monkeypatch):
    return database_queue(settings, monkeypatch)


@pytest.fixture
def event(demo_site):
    page = event_page()
    SettingsFactory(event=page, capacity=10)
    return page


def confirm_registrations(client, user, event):
    """Uploads three people and confirms their import with the columns the page proposes."""
    client.force_login(user)
    address = f"/admin/registrations/event/{event.pk}/import/"
    mapped = client.post(address, {"step": "upload", "file": SimpleUploadedFile("people.csv", PEOPLE.encode())})
    data = {"step": "apply", "token": mapped.context["token"]}
    data.update({f"map-{index}": chosen for index, _header, chosen, _samples in mapped.context["columns"]})
    return client.post(address, data, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def large(monkeypatch, settings, tmp_path):
    """Every file counts as large; uploads wait in a media folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(directory_imports, "IN_REQUEST_BYTES", 10)
    monkeypatch.setattr(registration_imports, "IN_REQUEST", 1)


def test_a_large_directory_import_runs_in_the_background_and_its_page_says_what_it_did(client, queue, large, demo_site):
    editor = directory_editor()
    response = confirm_organisations(client, editor)
    status = response["Location"]
    assert response.status_code == 302 and "/running/" in status
    assert not Organisation.objects.exists()
    for language in ("en", "ar"):
        page = text_of(client.get(status, HTTP_ACCEPT_LANGUAGE=language))
        assert RUNNING[language] in page and 'http-equiv="refresh"' in page
    # Another editor with the same rights does not find it.
    client.force_login(directory_editor())
    assert_not_found(client.get(status, follow=True), "ar", hides=["orgs.csv"])

    queue()
    assert set(Organisation.objects.values_list("name", flat=True)) == {"Democracy Support Fund", "Tigris Youth"}
    client.force_login(editor)
    done = client.get(status, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Imported orgs.csv: 2 new, 0 updated, 0 skipped." in text_of(done)
    assert done.redirect_chain[-1][0] == "/admin/snippets/network/organisation/"


def test_a_large_directory_import_is_done_within_the_request_in_the_demo(client, large):
    response = confirm_organisations(client, directory_editor())
    assert response["Location"] == "/admin/snippets/network/organisation/"
    assert Organisation.objects.count() == 2 and not DBTaskResult.objects.exists()


def test_a_large_registration_import_runs_in_the_background(client, queue, large, event):
    manager = organiser_of(event)
    response = confirm_registrations(client, manager, event)
    status = response["Location"]
    assert status.startswith(f"/admin/registrations/event/{event.pk}/import/") and status.count("/") == 7
    imported = Registration.objects.filter(event=event, source=RegistrationSource.IMPORT)
    assert not imported.exists()
    assert RUNNING["ar"] in text_of(client.get(status, HTTP_ACCEPT_LANGUAGE="ar"))
    client.force_login(organiser_of(event))  # another organiser of the event
    assert_not_found(client.get(status, follow=True), "ar", hides=["people.csv"])

    queue()
    assert sorted(imported.values_list("person__name", flat=True)) == ["Ali Hasan", "Maha Dawood", "Zainab Ali"]
    client.force_login(manager)
    done = client.get(status, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "3 registrations imported from people.csv." in text_of(done)
    entry = PageLogEntry.objects.get(page=event, action="events.import")
    assert entry.data["rows"] == 3 and entry.user == manager


def test_a_large_registration_import_is_done_within_the_request_in_the_demo(client, large, event):
    response = confirm_registrations(client, organiser_of(event), event)
    assert response["Location"] == f"/admin/registrations/event/{event.pk}/"
    assert Registration.objects.filter(event=event, source=RegistrationSource.IMPORT).count() == 3


def test_the_worker_asks_again_whether_the_import_is_allowed(client, queue, large, event):
    """An organiser who loses the event before the worker runs their import imports nothing."""
    user = organiser_of(event)
    confirm_registrations(client, user, event)
    user.groups.remove(Group.objects.get(name=f"Organisers of {event.slug}"))
    queue()
    (row,) = DBTaskResult.objects.filter(task_path__endswith="import_registrations")
    assert row.status == "SUCCESSFUL" and row.return_value["ok"] is False
    assert row.return_value["message"] == "You may no longer import registrations into this event."
    assert not Registration.objects.filter(event=event, source=RegistrationSource.IMPORT).exists()
