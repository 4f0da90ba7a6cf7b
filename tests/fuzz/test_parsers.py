"""Every parser of what people upload, scan or type, called with hostile input: the directory
import, the registration import (CSV in UTF-8, with the byte-order mark, in Windows Arabic, and
XLSX), the online-meeting reports, ticket tokens and certificate codes.

Each may answer only with its result or its domain error (a message for the user). A refused
input writes no row; an accepted one writes whole rows (no NUL, no text longer than its column,
a choice among its choices), as many as the preview promised."""

import pytest
from django.core import signing
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import DomainError
from events.attendance.errors import AttendanceError
from events.attendance.meeting_reports import ReportError, parse_report
from events.attendance.models import Attendance, MeetingReportUpload
from events.attendance.services import certificates, desk, meeting_import
from events.attendance.slots import slots_for
from events.registrations.imports import service as registration_import
from events.registrations.imports.targets import QUESTION, targets_for
from events.registrations.models import (
    Registration,
    RegistrationStatus,
    StatusChange,
)
from events.registrations.models.registrations import REFERENCE_ALPHABET
from events.registrations.services import tickets
from events.registrations.services.errors import RegistrationError
from network.errors import ImportProblem
from network.imports import service as directory_import
from network.models import Affiliation, Organisation, Person
from tests.fuzz.files import directory_file, meeting_report, registration_file
from tests.fuzz.hostile import (
    assert_whole,
    example,
    examples,
    hostile_text,
    row_counts,
    weighted,
)

pytestmark = pytest.mark.django_db


# --- ticket tokens and certificate codes ----------------------------------------------------------


@st.composite
def ticket_codes(draw, registration):
    """A ticket's token as a scanner may type it: true, edited, wrapped in its address or in
    hostile text; or an older signed token whose payload is not what a ticket holds."""
    token = tickets.ticket_token(registration)
    reference, event, mac = token.split(".")
    edited = draw(
        st.sampled_from(
            [
                token,
                f"{reference}.{event}.{mac[::-1]}",
                f"{reference}.{int(event) + 1}.{mac}",
                f"{reference.lower()}.{event}.{mac}",
                f"{reference}.{'9' * 12}.{mac}",
                f"{reference}.{event}.{mac}\n",
                f"{reference}-{event}-{mac}",
                reference,
                reference[:4] + "-" + reference[4:],
            ]
        )
    )
    signed = signing.dumps(
        draw(st.sampled_from([{"r": reference}, {"r": 5}, {"r": None}, {}, [1], "x"])), salt=tickets.TOKEN_SALT
    )
    code = draw(st.sampled_from([edited, signed, f"https://example.org/en/tickets/check/{edited}/"]))
    before, after = (
        draw(st.sampled_from(["", " ", "\u202e", "\x00", "http://[x/"])),
        draw(st.sampled_from(["", "/", "\u2069", "?x=[", "#"])),
    )
    return draw(weighted((2, st.just(code)), (1, st.just(before + code + after)), (1, hostile_text())))


@settings(max_examples=examples(300))
@given(data=st.data())
def test_ticket_tokens_are_read_or_refused(world, data):
    """The ticket-token parser answers a reference or nothing; the desk's reading of a scanned
    code answers a reference or its refusal."""
    registration = world["registrations"][0]
    code = data.draw(ticket_codes(registration))
    with example("ticket token", database=False) as run:
        reference = tickets.token_reference(code)
        run.outcome = "refused" if reference is None else "read"
        try:
            reference, _method = desk.reference_of(code)
        except AttendanceError as error:
            assert error.code == "forged"
        else:
            assert reference
    with example("ticket token: registration") as run:
        try:
            found = tickets.ticket_registration(code)
        except RegistrationError as error:
            assert error.code == "forged"
            run.outcome = "refused"
        else:
            assert found.pk == registration.pk
            run.outcome = "found"


@st.composite
def certificate_codes(draw, code):
    grouped = certificates.grouped(code)
    arabic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    true = draw(
        st.sampled_from([code, grouped, grouped.lower(), arabic, f" {grouped}\u200f", grouped.replace("-", "\u2011")])
    )
    typed = st.text(alphabet=REFERENCE_ALPHABET + "-ILOU ", max_size=70)
    return draw(weighted((2, st.just(true)), (1, hostile_text()), (1, typed)))


@settings(max_examples=examples(300))
@given(data=st.data())
def test_certificate_codes_are_read_or_refused(world, data):
    certificate = world["certificate"]
    typed = data.draw(certificate_codes(certificate.code))
    with example("certificate code", database=False) as run:
        code = certificates.normalised(typed)
        assert code == "" or (len(code) == certificates.CODE_LENGTH and set(code) <= set(REFERENCE_ALPHABET))
        run.outcome = "read" if code else "refused"
    with example("certificate code: lookup") as run:
        found = certificates.find(typed)
        assert found is None or found.pk == certificate.pk
        run.outcome = "found" if found else "not found"


# --- the directory import -------------------------------------------------------------------------

DIRECTORY_MODELS = (Person, Organisation, Affiliation)


def _import_directory(run, kind, name, content):
    before = row_counts(*DIRECTORY_MODELS)
    try:
        report = directory_import.preview(kind, name, content)
    except ImportProblem as error:
        assert row_counts(*DIRECTORY_MODELS) == before
        run.outcome = f"refused: {error.code}"
        return run.outcome
    assert row_counts(*DIRECTORY_MODELS) == before, "the preview wrote rows"
    try:
        applied = directory_import.apply(kind, name, content)
    except ImportProblem as error:
        assert row_counts(*DIRECTORY_MODELS) == before, "a refused import left rows behind"
        assert not report.can_apply, "the preview offered an import that was refused"
        run.outcome = f"refused: {error.code}"
        return run.outcome
    run.outcome = "imported"
    model = Person if kind == "people" else Organisation
    after = row_counts(*DIRECTORY_MODELS)
    assert after[model.__name__] == before[model.__name__] + applied.counts["new"]
    for record in model.objects.order_by("-pk")[: applied.counts["new"] + applied.counts["updated"]]:
        assert_whole(record)
        assert record.slug and (record.name or record.name_ar)
    for affiliation in Affiliation.objects.order_by("-pk")[:10]:
        assert_whole(affiliation)
    return run.outcome


@settings(max_examples=examples(60))
@given(file=directory_file("people"))
def test_directory_import_of_people(world, file):
    with example("directory import: people") as run:
        outcome = _import_directory(run, "people", *file)
        assert outcome == "imported" or outcome.startswith("refused: ")


@settings(max_examples=examples(60))
@given(file=directory_file("organisations"))
def test_directory_import_of_organisations(world, file):
    with example("directory import: organisations") as run:
        outcome = _import_directory(run, "organisations", *file)
        assert outcome == "imported" or outcome.startswith("refused: ")


# --- the registration import ----------------------------------------------------------------------

REGISTRATION_MODELS = (Registration, StatusChange, Person, Organisation, Affiliation)


@settings(max_examples=examples(60))
@given(data=st.data())
def test_registration_import(world, data):
    """Read (the mapping proposed from its headers), mapped by hand (now and then to nothing,
    twice, or to a made-up target), previewed and applied with and without the capacity
    override."""
    event = world["event"]
    questions = {f"{QUESTION}{question.clean_name}": question.field_type for question in world["questions"]}
    name, content, mapping = data.draw(registration_file(targets_for(event), questions))
    with example("registration import") as run:
        try:
            sheet = registration_import.read(name, content)
        except DomainError as error:
            run.outcome = f"refused: {error.code}"
            return
        mapping = {header: key for header, key in zip(sheet.headers, mapping, strict=False)}
        proposed = registration_import.mapping_for(event, sheet.headers)
        assert set(proposed) == set(sheet.headers)
        override = data.draw(st.booleans())
        before = row_counts(*REGISTRATION_MODELS)
        try:
            preview = registration_import.preview(event, sheet, mapping, override)
        except RegistrationError:
            preview = None
        assert row_counts(*REGISTRATION_MODELS) == before, "the preview wrote rows"
        try:
            created = registration_import.apply(event, sheet, mapping, override_capacity=override)
        except DomainError as error:
            assert row_counts(*REGISTRATION_MODELS) == before, "a refused import left rows behind"
            run.outcome = f"refused: {error.code}"
            return
        assert preview is not None
        run.outcome = "imported" if created else "nothing to import"
        assert len(created) == len(preview.importable)
        assert row_counts(Registration)["Registration"] == before["Registration"] + len(created)
        question_names = {question.clean_name for question in world["questions"]}
        for registration in created:
            registration.refresh_from_db()
            assert_whole(registration)
            assert_whole(registration.person)
            assert set(registration.answers) <= question_names
            assert registration.person.name or registration.person.name_ar


# --- online-meeting reports -----------------------------------------------------------------------


@settings(max_examples=examples(80))
@given(data=st.data())
def test_meeting_reports_are_read_or_refused(world, data):
    """A report is read into attendees, or refused with the reader's error; one read for the
    event is kept as an upload or refused without writing, and confirming it records whole
    attendance rows or nothing."""
    event = world["event"]
    slots = slots_for(event)
    people = [registration.person for registration in world["registrations"]]
    names = [name for person in people for name in (person.name, person.name_ar) if name]
    content, filename, tool = data.draw(meeting_report(event.local_start.date(), names, [p.email for p in people]))
    chosen_tool = data.draw(st.sampled_from([None, tool, "zoom", "teams", "meet"]))
    with example("meeting report", database=False) as run:
        try:
            report = parse_report(content, filename, chosen_tool)
        except ReportError as error:
            report = None
            run.outcome = f"refused: {error.code}"
        else:
            run.outcome = "read"
            for attendee in report.attendees:
                assert isinstance(attendee.minutes, int) and attendee.minutes >= 0
    slot = data.draw(
        weighted((3, st.sampled_from(["", *(slot.key for slot in slots)])), (1, hostile_text(max_pieces=1)))
    )
    with example("meeting report: upload and confirm") as run:
        before = row_counts(MeetingReportUpload, Attendance)
        try:
            upload = meeting_import.read_upload(event, content, filename=filename, tool=chosen_tool, slot_key=slot)
        except AttendanceError as error:
            assert row_counts(MeetingReportUpload, Attendance) == before
            run.outcome = f"refused: {error.code}"
            return
        assert report is not None, "an upload the reader refused was kept"
        assert_whole(upload)
        before = row_counts(Attendance)
        try:
            counts = meeting_import.apply_upload(upload)
        except AttendanceError as error:
            assert row_counts(Attendance) == before, "a refused confirmation recorded attendance"
            run.outcome = f"kept, refused: {error.code}"
            return
        run.outcome = "recorded"
        assert row_counts(Attendance)["Attendance"] == before["Attendance"] + counts["recorded"]
        for record in Attendance.objects.filter(registration__event=event):
            assert_whole(record)
            assert record.registration.status == RegistrationStatus.CONFIRMED
