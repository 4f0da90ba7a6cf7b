"""The directory in the Wagtail admin: listings, import and export, merging duplicates."""

import csv
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from network.imports import storage
from network.models import MergeLog, Organisation, Person
from tests.factories.network import AffiliationFactory, MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PEOPLE_LIST = "/admin/snippets/network/person/"
ORGANISATION_LIST = "/admin/snippets/network/organisation/"


@pytest.fixture
def staff(client, staff_user, settings, tmp_path):
    """The editor, with the admin in English (the default is Arabic, tested separately)."""
    from wagtail.users.models import UserProfile

    settings.MEDIA_ROOT = tmp_path
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(staff_user)
    return client


def test_bad_files_are_explained_in_arabic_to_an_arabic_speaking_editor(client, staff_user):
    client.force_login(staff_user)
    response = upload(client, "people", "people.xlsx", b"just text")
    assert response.status_code == 400
    assert "ليس جدول بيانات XLSX حقيقيًا" in response.content.decode()
    assert not Person.objects.exists()


def upload(client, kind, name, content):
    return client.post(f"/admin/directory-tools/import/{kind}/preview/", {"file": SimpleUploadedFile(name, content)})


def test_admin_listing_search_folds_arabic_spelling(staff):
    PersonFactory(name="Ahmed Waheed", name_ar="أحمد وحيد")
    PersonFactory(name="Ali Sami", name_ar="علي سامي")
    page = staff.get(PEOPLE_LIST, {"q": "احمد"}).content.decode()
    assert "Ahmed Waheed" in page and "Ali Sami" not in page


def test_admin_listing_filters_by_network_and_consent(staff):
    member = PersonFactory(name="Network Member")
    network = MembershipFactory(person=member).network
    PersonFactory(name="Not A Member")
    PersonFactory(name="Private Member", public_profile=False)
    page = staff.get(PEOPLE_LIST, {"network": network.pk}).content.decode()
    assert "Network Member" in page and "Not A Member" not in page
    page = staff.get(PEOPLE_LIST, {"public_profile": "false"}).content.decode()
    assert "Private Member" in page and "Network Member" not in page


def test_admin_listing_filters_by_the_basis_of_a_public_profile(staff):
    PersonFactory(name="Consenting Member", public_profile=True)
    PersonFactory(
        name="Named Speaker", public_profile=True, public_basis="published_source", public_source="«مقال منشور»"
    )
    page = staff.get(PEOPLE_LIST, {"public_basis": "published_source"}).content.decode()
    assert "Named Speaker" in page and "Consenting Member" not in page
    page = staff.get(PEOPLE_LIST, {"public_basis": "consent"}).content.decode()
    assert "Consenting Member" in page and "Named Speaker" not in page


def test_the_edit_form_records_the_basis_and_asks_for_the_source(staff):
    person = PersonFactory(name="Named Speaker", public_profile=True)
    page = staff.get(f"{PEOPLE_LIST}edit/{person.pk}/").content.decode()
    assert 'name="public_basis"' in page and 'name="public_source"' in page


def test_chooser_search_folds_arabic_spelling(staff):
    PersonFactory(name="Ahmed Waheed", name_ar="أحمد وحيد")
    PersonFactory(name="Ali Sami", name_ar="علي سامي")
    page = staff.get("/admin/snippets/choose/network/person/results/", {"q": "احمد"}).content.decode()
    assert "أحمد وحيد" in page or "Ahmed Waheed" in page
    assert "Ali Sami" not in page and "علي سامي" not in page


def test_export_follows_the_listing_filters_and_search(staff):
    media = OrganisationFactory(name="Basra Media", kind="media")
    OrganisationFactory(name="Basra Youth", kind="youth")
    OrganisationFactory(name="Baghdad Media", kind="media")
    listing = staff.get(ORGANISATION_LIST, {"kind": "media", "q": "basra"}).content.decode()
    export_link = re.search(r'href="(/admin/directory-tools/export/organisations/csv/[^"]*)"', listing).group(1)
    response = staff.get(export_link.replace("&amp;", "&"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row["slug"] for row in rows] == [media.slug]


def test_export_escapes_formulas_and_keeps_phone_numbers(staff):
    PersonFactory(name='=HYPERLINK("http://evil.example")', title="@SUM(A1)", phone="+964 770 123 4567")
    response = staff.get("/admin/directory-tools/export/people/csv/")
    row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["name"] == '\'=HYPERLINK("http://evil.example")'
    assert row["title"] == "'@SUM(A1)"
    assert row["phone"] == "+964 770 123 4567"
    response = staff.get("/admin/directory-tools/export/people/xlsx/")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet[2]]
    assert '\'=HYPERLINK("http://evil.example")' in values
    assert all(cell.data_type != "f" for cell in sheet[2])


def test_an_exported_file_imports_back_unchanged(staff):
    person = PersonFactory(name="Ali Sami", name_ar="علي سامي", title="-", phone="+964 770 000 0000")
    AffiliationFactory(person=person, organisation__name="Moon Gate IT", role="Founder")
    content = staff.get("/admin/directory-tools/export/people/xlsx/").content
    page = upload(staff, "people", "people.xlsx", content).content.decode()
    assert 'data-status="skipped"' in page
    assert 'data-status="new"' not in page and 'data-status="error"' not in page


def test_staff_import_preview_then_confirm(staff):
    content = "name,name_ar,kind\r\nDemocracy Support Fund,صندوق دعم الديمقراطية,ngo\r\n".encode()
    page = upload(staff, "organisations", "orgs.csv", content).content.decode()
    assert 'data-status="new"' in page and "Democracy Support Fund" in page
    assert not Organisation.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    response = staff.post("/admin/directory-tools/import/organisations/confirm/", {"token": token})
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert (organisation.name_ar, organisation.kind, organisation.is_public) == ("صندوق دعم الديمقراطية", "ngo", True)
    follow = staff.get(response["Location"]).content.decode()
    assert "1 new" in follow
    # The token is spent: confirming again imports nothing more.
    staff.post("/admin/directory-tools/import/organisations/confirm/", {"token": token})
    assert Organisation.objects.count() == 1


def test_a_preview_with_errors_cannot_be_confirmed(staff):
    content = b"name,email\r\nAli,not-an-email\r\n"
    page = upload(staff, "people", "people.csv", content).content.decode()
    assert 'data-status="error"' in page
    assert 'name="token"' not in page
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.xlsx", b"this is a text file", "not a real XLSX"),
        ("people.csv", b"colour\r\nred\r\n", "not recognised"),
        ("people.doc", b"x", "CSV or an XLSX"),
    ],
)
def test_bad_files_show_a_message_on_the_upload_page(staff, name, content, message):
    response = upload(staff, "people", name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Person.objects.exists()


def test_an_upload_over_20_mb_is_refused_before_reading(staff):
    response = upload(staff, "people", "big.csv", b"name\r\n" + b"x" * (20 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "20 MB" in response.content.decode()


@pytest.mark.parametrize("token", ["", "garbage", "a:b:c"])
def test_a_tampered_token_imports_nothing(staff, token):
    response = staff.post("/admin/directory-tools/import/people/confirm/", {"token": token}, follow=True)
    assert "not valid" in response.content.decode()
    assert not Person.objects.exists()


def test_a_token_for_someone_else_or_another_kind_imports_nothing(staff, staff_user, django_user_model):
    other = django_user_model.objects.create_user("other")
    content = b"name\r\nAli Sami\r\n"
    for token in (
        storage.stash(content, "p.csv", "people", other),
        storage.stash(content, "p.csv", "organisations", staff_user),
    ):
        response = staff.post("/admin/directory-tools/import/people/confirm/", {"token": token}, follow=True)
        assert "not valid" in response.content.decode()
    assert not Person.objects.exists()


def test_unknown_import_kind_is_not_found(staff):
    assert staff.get("/admin/directory-tools/import/events/", follow=True).status_code == 404
    assert staff.get("/admin/directory-tools/export/people/pdf/", follow=True).status_code == 404


def test_people_without_permission_cannot_import_or_export(client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(viewer)
    PersonFactory(email="private@example.org")
    for response in (
        client.get("/admin/directory-tools/import/people/"),
        upload(client, "people", "p.csv", b"name\r\nX\r\n"),
        client.get("/admin/directory-tools/export/people/csv/"),
    ):
        # Wagtail turns a refusal into a redirect to the dashboard with a message.
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Person.objects.count() == 1


def test_merge_bulk_action_keeps_the_chosen_record(staff):
    survivor = PersonFactory(name="Ahmed Waheed", email="")
    duplicate = PersonFactory(name="Ahmad Wahid", email="ahmad@example.org")
    AffiliationFactory(person=duplicate, organisation__name="Tawasul")
    url = f"/admin/bulk/network/person/merge/?id={survivor.pk}&id={duplicate.pk}&next={PEOPLE_LIST}"
    page = staff.get(url).content.decode()
    assert "Ahmed Waheed" in page and "Ahmad Wahid" in page and "ahmad@example.org" in page
    response = staff.post(url, {"survivor": survivor.pk})
    assert response.status_code == 302
    assert list(Person.objects.all()) == [survivor]
    assert survivor.affiliations.get().organisation.name == "Tawasul"
    assert Person.objects.get().email == "ahmad@example.org"
    assert MergeLog.objects.get().merged_by is not None
    log_page = staff.get("/admin/directory-tools/merges/").content.decode()
    assert "Ahmad Wahid" in log_page


def test_the_merge_screen_says_which_registration_each_choice_would_remove(staff, staff_user, events_index):
    """Both records registered for one event: each "Keep" button says what of the other record
    would go, before anything changes; the log names what went in words, not model labels."""
    from wagtail.users.models import UserProfile

    from events.registrations.models import Registration
    from tests.factories.events import event_page

    survivor = PersonFactory(name="Omar Test", name_ar="عمر", slug="omar-test")
    duplicate = PersonFactory(name="Omar Test", name_ar="عمر", slug="omar-test-2")
    event = event_page(title="Open Data Clinic")
    kept = Registration.objects.create(event=event, person=survivor, status="confirmed")
    repeated = Registration.objects.create(event=event, person=duplicate, status="confirmed")
    url = f"/admin/bulk/network/person/merge/?id={survivor.pk}&id={duplicate.pk}&next={PEOPLE_LIST}"
    page = staff.get(url).content.decode()
    buttons = re.findall(r'name="survivor" value="\d+" class="button">([^<]+)</button>', page)
    assert buttons == ["Keep “Omar Test” (omar-test)", "Keep “Omar Test” (omar-test-2)"]
    assert page.count("repeat what the kept record already has") == 2
    assert repeated.reference in page and kept.reference in page  # each choice names the one it removes
    assert Person.objects.count() == 2 and Registration.objects.count() == 2  # nothing changed yet
    staff.post(url, {"survivor": survivor.pk})
    assert list(Registration.objects.values_list("reference", flat=True)) == [kept.reference]
    log_page = staff.get("/admin/directory-tools/merges/").content.decode()
    assert "Registrations: <bdi>" in log_page and repeated.reference in log_page
    assert "registrations.Registration" not in log_page and "<code>" not in log_page
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = "ar"
    profile.save()
    arabic = staff.get("/admin/directory-tools/merges/").content.decode()
    assert "التسجيلات: <bdi>" in arabic and "registrations.Registration" not in arabic


def test_merge_needs_exactly_two_records(staff):
    people = PersonFactory.create_batch(3)
    ids = "&".join(f"id={person.pk}" for person in people)
    url = f"/admin/bulk/network/person/merge/?{ids}&next={PEOPLE_LIST}"
    page = staff.get(url).content.decode()
    assert "Select exactly two" in page
    staff.post(url, {"survivor": people[0].pk})
    assert Person.objects.count() == 3


def test_merge_of_organisations_from_the_admin(staff):
    survivor, duplicate = OrganisationFactory(name="ICSSI"), OrganisationFactory(name="I.C.S.S.I")
    url = f"/admin/bulk/network/organisation/merge/?id={survivor.pk}&id={duplicate.pk}&next={ORGANISATION_LIST}"
    staff.post(url, {"survivor": duplicate.pk})
    assert list(Organisation.objects.all()) == [duplicate]


def test_person_edit_form_takes_links_one_per_line(staff):
    person = PersonFactory(links=["https://example.org/a"])
    url = f"/admin/snippets/network/person/edit/{person.pk}/"
    page = staff.get(url).content.decode()
    assert "https://example.org/a" in page and "[&quot;" not in page


def test_a_spreadsheet_waiting_for_confirmation_is_never_served_as_media(staff, staff_user, settings):
    """The preview's file holds people's emails and phones: the site's media address does not
    serve it, even to the staff member who uploaded it and by any spelling of its path."""
    content = b"name,email\r\nAli Sami,ali@example.org\r\n"
    token = storage.stash(content, "p.csv", "people", staff_user)
    key = storage.signing.loads(token, salt=storage.SALT)["key"]
    assert (settings.MEDIA_ROOT / storage.FOLDER / key).read_bytes() == content
    (settings.MEDIA_ROOT / "logo.txt").write_text("logo")
    for path in (f"{storage.FOLDER}/{key}", f"./{storage.FOLDER}/{key}", f"x/../{storage.FOLDER}/{key}"):
        response = staff.get(f"/media/{path}", follow=True)
        assert response.status_code == 404, (path, response.redirect_chain)
        assert b"ali@example.org" not in response.content
    assert b"".join(staff.get("/media/logo.txt").streaming_content) == b"logo"
    # The preview itself still finds its file.
    assert storage.load(token, "people", staff_user) == ("p.csv", content)
