"""Importing the directory from spreadsheets: encodings, matching, and every kind of bad file
ending in a clear message with nothing written."""

import io

import openpyxl
import pytest
from django.utils import translation

from network.errors import ImportProblem
from network.imports import service
from network.models import Affiliation, Organisation, Person
from tests.factories.network import AffiliationFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here; one test checks them in Arabic."""
    with translation.override("en"):
        yield


def csv_bytes(rows, encoding="utf-8"):
    text = "\r\n".join(",".join(row) for row in rows) + "\r\n"
    return text.encode(encoding)


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def statuses(report):
    return {row.number: row.status for row in report.rows}


def reasons(report, number):
    return " ".join(next(row for row in report.rows if row.number == number).reasons)


PEOPLE = [
    ["name", "name_ar", "email", "organisation", "role", "public_profile"],
    ["Ahmed Waheed", "أحمد وحيد", "ahmed@example.org", "Tawasul", "Trainer", "yes"],
    ["Fatima Hassan", "فاطمة حسن", "", "It Women", "", "no"],
]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("people.csv", csv_bytes(PEOPLE)),
        ("people.csv", b"\xef\xbb\xbf" + csv_bytes(PEOPLE)),
        ("people.csv", csv_bytes(PEOPLE, "cp1256")),
        ("people.xlsx", xlsx_bytes(PEOPLE)),
        ("people.csv", csv_bytes([[cell.replace(",", " ") for cell in row] for row in PEOPLE]).replace(b",", b";")),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1256", "xlsx", "semicolons"],
)
def test_every_supported_file_imports_the_same_people(name, content):
    report = service.preview("people", name, content)
    assert statuses(report) == {2: "new", 3: "new"}
    assert not Person.objects.exists()  # a preview writes nothing
    service.apply("people", name, content)
    ahmed = Person.objects.get(email="ahmed@example.org")
    assert (ahmed.name, ahmed.name_ar, ahmed.public_profile) == ("Ahmed Waheed", "أحمد وحيد", True)
    assert ahmed.affiliations.get().organisation.name == "Tawasul"
    assert Person.objects.get(name="Fatima Hassan").public_profile is False
    assert Organisation.objects.filter(name__in=["Tawasul", "It Women"]).count() == 2


def test_headers_may_be_written_in_arabic():
    content = csv_bytes([["الاسم", "البريد الإلكتروني", "المحافظة"], ["علي سامي", "ali@example.org", "البصرة"]])
    service.apply("people", "people.csv", content)
    person = Person.objects.get(email="ali@example.org")
    assert (person.name_ar, person.name, person.governorate) == ("علي سامي", "علي سامي", "basra")


def test_matching_by_email_then_name_and_organisation():
    by_email = PersonFactory(name="Old Spelling", email="karkhi@example.org")
    icssi = OrganisationFactory(name="ICSSI")
    by_name = PersonFactory(name="Ghailan Al-Jubouri", name_ar="غيلان الجبوري")
    AffiliationFactory(person=by_name, organisation=icssi)
    namesake = PersonFactory(name="Ghailan Al-Jubouri", name_ar="غيلان الجبوري")
    AffiliationFactory(person=namesake)  # same name, another organisation
    content = csv_bytes(
        [
            ["name", "email", "organisation", "title"],
            ["Ali Al-Karkhi", "KARKHI@example.org", "", ""],
            ["ghailan al jubouri", "", "icssi", "Activist"],
            ["Someone New", "", "ICSSI", ""],
        ]
    )
    report = service.apply("people", "people.csv", content)
    assert statuses(report) == {2: "updated", 3: "updated", 4: "new"}
    assert Person.objects.get(pk=by_email.pk).name == "Ali Al-Karkhi"
    assert Person.objects.get(pk=by_name.pk).title == "Activist"
    assert Person.objects.get(pk=namesake.pk).title == ""
    assert Person.objects.filter(name="Someone New", affiliations__organisation=icssi).exists()


def test_blank_cells_leave_fields_as_they_are():
    person = PersonFactory(email="maya@example.org", phone="+962 7 1234 5678", public_profile=True, title="Officer")
    rows = [["email", "name", "phone", "public_profile", "title"], ["maya@example.org", "Maya Sukkar", "", "", ""]]
    service.apply("people", "p.csv", csv_bytes(rows))
    person.refresh_from_db()
    assert (person.name, person.phone, person.public_profile, person.title) == (
        "Maya Sukkar",
        "+962 7 1234 5678",
        True,
        "Officer",
    )


def test_unchanged_rows_are_skipped():
    PersonFactory(name="Hani Dawa", email="hani@example.org")
    report = service.preview("people", "p.csv", csv_bytes([["name", "email"], ["Hani Dawa", "hani@example.org"]]))
    assert statuses(report) == {2: "skipped"}
    assert "up to date" in reasons(report, 2)
    assert not report.can_apply


def test_organisations_import_matches_slug_or_name_in_either_script():
    existing = OrganisationFactory(name="Tawasul Organisation", name_ar="منظمة تواصل", slug="tawasul")
    content = csv_bytes(
        [
            ["slug", "name", "name_ar", "kind", "country", "website"],
            ["tawasul", "Tawasul Organisation for Youth Empowerment", "", "ngo", "Iraq", ""],
            ["", "", "منظمه تواصل", "", "", "tawasul.example.org"],
            ["", "Dialas", "ديالاس", "منظمة غير حكومية", "العراق", ""],
        ]
    )
    report = service.preview("organisations", "o.csv", content)
    assert statuses(report) == {2: "updated", 3: "error", 4: "new"}  # rows 2 and 3 are the same record
    content = content.replace("منظمه تواصل".encode(), "منظمة أخرى".encode())
    service.apply("organisations", "o.csv", content)
    existing.refresh_from_db()
    assert existing.name == "Tawasul Organisation for Youth Empowerment"
    assert Organisation.objects.get(name="Dialas").kind == "ngo"
    assert Organisation.objects.get(name_ar="منظمة أخرى").website == "https://tawasul.example.org"


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (csv_bytes([["email", "phone"], ["a@example.org", "123456"]]), "missing_columns", "needs a “name”"),
        (csv_bytes([["name", "favourite colour"], ["Ali", "blue"]]), "unknown_columns", "“favourite colour”"),
        (csv_bytes([["name", "Name"], ["Ali", "Ali"]]), "duplicate_columns", "appears twice"),
        ("name,email\r\nعلي,a@example.org\r\n".encode("utf-16"), "encoding", "CSV UTF-8"),
        (b"", "empty_file", "empty"),
        (csv_bytes([["name", "email"]]), "no_rows", "no data"),
        (csv_bytes([["name"], [""], [""]]), "no_rows", "no data"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "encoding", "binary"),
    ],
    ids=["missing-columns", "unknown-columns", "repeated-column", "utf-16", "empty", "header-only", "blanks", "png"],
)
def test_unreadable_csv_files_are_refused_with_a_reason(content, code, message):
    with pytest.raises(ImportProblem) as problem:
        service.preview("people", "people.csv", content)
    assert problem.value.code == code
    assert message in problem.value.message
    with pytest.raises(ImportProblem):
        service.apply("people", "people.csv", content)
    assert not Person.objects.exists()


def test_a_non_spreadsheet_renamed_xlsx_is_refused():
    for content in (b"%PDF-1.7 not a workbook" * 20, b"PK\x03\x04" + bytes(100)):
        with pytest.raises(ImportProblem) as problem:
            service.preview("people", "people.xlsx", content)
        assert problem.value.code == "not_a_spreadsheet"
        assert "not a real XLSX" in problem.value.message


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ImportProblem) as problem:
        service.preview("people", "people.xlsx", buffer.getvalue())
    assert problem.value.code == "not_a_spreadsheet"


def test_a_file_over_20_mb_is_refused():
    content = csv_bytes([["name"]]) + b"Ali Sami\r\n" * (2_200_000)
    assert len(content) > 20 * 1024 * 1024
    with pytest.raises(ImportProblem) as problem:
        service.preview("people", "people.csv", content)
    assert problem.value.code == "too_large"
    assert "20 MB" in problem.value.message


def test_other_file_types_are_refused():
    with pytest.raises(ImportProblem) as problem:
        service.preview("people", "people.pdf", b"%PDF-1.4")
    assert problem.value.code == "unsupported_format"


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://evil.example","click")', "@SUM(1+1)", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0"],
)
def test_formulas_in_csv_cells_are_refused(cell):
    content = csv_bytes([["name", "title"], ["Ali Sami", f'"{cell}"' if "," in cell else cell]])
    report = service.preview("people", "people.csv", content)
    assert statuses(report) == {2: "error"}
    assert "formula" in reasons(report, 2)
    with pytest.raises(ImportProblem) as problem:
        service.apply("people", "people.csv", content)
    assert problem.value.code == "row_errors"
    assert not Person.objects.exists()


def test_formula_cells_in_xlsx_are_refused():
    content = xlsx_bytes([["name", "title"], ["Ali Sami", "=1+1"], ["Maya Sukkar", "Officer"]])
    report = service.preview("people", "people.xlsx", content)
    assert statuses(report) == {2: "error", 3: "new"}
    assert "formula" in reasons(report, 2)
    with pytest.raises(ImportProblem):
        service.apply("people", "people.xlsx", content)
    assert not Person.objects.exists()


def test_phone_numbers_and_escaped_text_are_not_formulas():
    content = csv_bytes([["name", "phone", "title"], ["Ali Sami", "+964 770 123 4567", "'=not a formula"]])
    service.apply("people", "people.csv", content)
    person = Person.objects.get()
    assert (person.phone, person.title) == ("+964 770 123 4567", "=not a formula")


def test_empty_rows_are_skipped_with_a_reason():
    content = csv_bytes([["name", "email"], ["Ali Sami", "ali@example.org"], ["", ""], ["Hani Dawa", ""]])
    report = service.preview("people", "people.csv", content)
    assert statuses(report) == {2: "new", 3: "skipped", 4: "new"}
    assert reasons(report, 3) == "Empty row."
    service.apply("people", "people.csv", content)
    assert Person.objects.count() == 2


def test_repeated_rows_are_skipped_and_conflicting_repeats_block_the_import():
    repeated = csv_bytes([["name", "email"], ["Ali Sami", "ali@example.org"], ["Ali Sami", "ali@example.org"]])
    report = service.preview("people", "people.csv", repeated)
    assert statuses(report) == {2: "new", 3: "skipped"}
    assert "Repeats row 2" in reasons(report, 3)
    conflicting = csv_bytes([["name", "email"], ["Ali Sami", "ali@example.org"], ["Ali Samy", "ali@example.org"]])
    report = service.preview("people", "people.csv", conflicting)
    assert statuses(report) == {2: "new", 3: "error"}
    assert "same record as row 2" in reasons(report, 3)
    with pytest.raises(ImportProblem):
        service.apply("people", "people.csv", conflicting)
    assert not Person.objects.exists()


def test_invalid_values_are_reported_per_row_in_the_staff_language():
    content = csv_bytes(
        [
            ["name", "email", "gender", "country", "public_profile", "phone"],
            ["Ali", "not-an-email", "robot", "Narnia", "maybe", "call me"],
        ]
    )
    with translation.override("ar"):
        report = service.preview("people", "people.csv", content)
    text = reasons(report, 2)
    assert "not-an-email" in text and "Narnia" in text and "robot" in text and "maybe" in text and "call me" in text
    with translation.override("ar"):
        with pytest.raises(ImportProblem) as problem:
            service.preview("people", "people.csv", csv_bytes([["name", "colour"], ["Ali", "red"]]))
    assert "هذه الأعمدة غير معروفة" in problem.value.message
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("kind", "header", "value"),
    [
        ("people", "email", "a" * 250 + "@example.org"),
        ("people", "slug", "s" * 256),
        ("organisations", "website", "example.org/" + "x" * 200),
    ],
)
def test_a_value_longer_than_its_column_is_an_error_on_its_row(kind, header, value):
    content = csv_bytes([["name", header], ["Ali", value], ["Sara", ""]])
    report = service.preview(kind, f"{kind}.csv", content)
    assert statuses(report) == {2: "error", 3: "new"}
    assert "Keep it under" in reasons(report, 2)
    with pytest.raises(ImportProblem) as problem:
        service.apply(kind, f"{kind}.csv", content)
    assert problem.value.code == "row_errors"
    assert not Person.objects.exists() and not Organisation.objects.exists()


@pytest.mark.parametrize("kind", ["people", "organisations"])
def test_a_governorate_of_iraq_with_another_country_is_an_error_on_its_row(kind):
    content = csv_bytes([["name", "country", "governorate"], ["Ali", "Sweden", "basra"], ["Sara", "Iraq", "basra"]])
    report = service.preview(kind, f"{kind}.csv", content)
    assert statuses(report) == {2: "error", 3: "new"}
    assert "Choose Iraq as the country" in reasons(report, 2)
    with pytest.raises(ImportProblem):
        service.apply(kind, f"{kind}.csv", content)
    assert not Person.objects.exists() and not Organisation.objects.exists()


def test_a_row_with_more_values_than_columns_is_an_error():
    report = service.preview("people", "p.csv", b"name,email\r\nAli,ali@example.org,extra\r\n")
    assert statuses(report) == {2: "error"}


def test_a_failing_write_rolls_the_whole_import_back(monkeypatch):
    content = csv_bytes([["name", "organisation"], ["Ali Sami", "Moon Gate IT"], ["Maya Sukkar", "KAICIID"]])

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Affiliation.objects, "bulk_create", fail)
    with pytest.raises(ImportProblem) as problem:
        service.apply("people", "people.csv", content)
    assert problem.value.code == "failed"
    assert not Person.objects.exists()
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("kind", ["people", "organisations"])
def test_no_header_can_name_two_columns(kind):
    from network.imports.columns import COLUMNS

    owners = {}
    for column in COLUMNS[kind]:
        for name in column.header_names():
            assert owners.setdefault(name, column.key) == column.key, (name, owners[name], column.key)


def test_updated_people_are_found_by_their_new_name_and_keep_consent_dates():
    from network.search import matching

    person = PersonFactory(name="Old", name_ar="قديم", email="hani@example.org", public_profile=False)
    service.apply(
        "people", "p.csv", csv_bytes([["email", "name_ar", "public_profile"], ["hani@example.org", "هاني ضوة", "yes"]])
    )
    person.refresh_from_db()
    assert list(matching(Person.objects.all(), "هاني")) == [person]
    assert person.public_profile and person.public_profile_since is not None
    assert person.name == "Old"
