"""Online-meeting attendance reports read into attendees and minutes: every tool's export, every
encoding an organiser's computer may save, overlapping rejoins counted once, and each kind of
file that cannot be used refused with its code and a message an organiser understands. A file
whose columns are not recognised is read with the columns its organiser chose, the same way."""

import csv
import io
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation

from events.attendance.errors import AttendanceError
from events.attendance.meeting_reports import (
    MAX_ROWS,
    ColumnsError,
    ReportError,
    check_columns,
    find_header,
    known_columns,
    name_forms,
    parse_report,
)

REPORTS = Path(__file__).parent / "reports"


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English."""
    with translation.override("en"):
        yield


def sample(name):
    return (REPORTS / name).read_bytes()


def summary(report):
    """``(name, email, minutes, rows)`` of each attendee, in the report's order."""
    return [(person.name, person.email, person.minutes, person.rows) for person in report.attendees]


def refusal(data, **options):
    with pytest.raises(ReportError) as caught:
        parse_report(data, **options)
    return caught.value


def xlsx(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def at(hour, minute, second=0, day=1, month=3):
    return datetime(2025, month, day, hour, minute, second)


# Zoom


def test_zoom_participants_merge_rejoins_by_email_and_count_overlap_once():
    report = parse_report(sample("zoom_participants.csv"), "participants_81234567890.csv")

    assert report.tool == "zoom"
    # Hani is on a laptop and a phone at once from 10:25 to 10:31: the union is
    # 09:59:40–10:48:30 and 10:50:10–11:02:05, 60 min 45 s; his waiting-room row is left out.
    assert summary(report) == [
        ("هاني ضوة (Hani Dawa)", "hani.dawa@example.org", 61, 3),
        ("Layla Haddad", "layla.haddad@example.org", 59, 1),
        ("محمد الربيعي", "", 53, 2),
        ("+964 770 *** 4567", "", 25, 1),
    ]
    assert report.attendees[0].intervals == [
        (at(9, 59, 40), at(10, 31, 15)),
        (at(10, 25), at(10, 48, 30)),
        (at(10, 50, 10), at(11, 2, 5)),
    ]
    assert report.meeting_date == date(2025, 3, 1)
    assert (report.started_at, report.ended_at) == (at(9, 59, 40), at(11, 2, 5))


def test_zoom_summary_block_gives_the_meeting_times_and_a_repeated_header_is_skipped():
    report = parse_report(sample("zoom_with_summary.csv"))

    assert report.tool == "zoom"
    assert (report.started_at, report.ended_at) == (at(10, 0), at(11, 0))
    assert report.meeting_date == date(2025, 3, 1)
    # Sara: 27 min 49 s, then 24 min 30 s; Omar's row has only a duration.
    assert summary(report) == [
        ("Multaqa Organiser", "organiser@example.org", 65, 1),
        ("سارة الخطيب (Sara Al-Khatib)", "sara@example.org", 52, 2),
        ("Omar Nasser | UNESCO", "", 42, 1),
    ]
    assert report.attendees[1].intervals == [(at(10, 2, 11), at(10, 30)), (at(10, 35), at(10, 59, 30))]
    assert report.attendees[2].intervals == []


def test_zoom_saved_by_arabic_windows_excel_reads_windows_1256_and_dates_day_first():
    report = parse_report(sample("zoom_windows_arabic.csv"))

    assert summary(report) == [
        ("هاني ضوة (Hani Dawa)", "hani.dawa@example.org", 90, 1),
        ("زينب العبيدي", "zainab@example.org", 50, 1),
        ("علي حسين (ضيف)", "", 30, 1),
    ]
    assert report.meeting_date == date(2025, 3, 15)
    assert report.attendees[1].intervals == [(at(18, 10, day=15), at(19, 0, day=15))]


# Microsoft Teams


def test_teams_report_takes_intervals_from_the_in_meeting_activities():
    report = parse_report(sample("teams_attendance.csv"), "Meeting Attendance Report.csv")

    assert report.tool == "teams"
    assert (report.started_at, report.ended_at) == (at(9, 59, 10), at(11, 5, 40))
    assert summary(report) == [
        ("هاني ضوة (Hani Dawa)", "hani.dawa@example.org", 67, 1),
        ("Layla Haddad (Guest)", "", 41, 2),
        ("Yusuf Karim (External)", "yusuf@partner.example", 30, 1),
    ]
    assert report.attendees[1].intervals == [(at(10, 2), at(10, 20)), (at(10, 35), at(10, 58))]


def test_teams_participants_alone_give_the_span_and_the_measured_duration():
    report = parse_report(sample("teams_without_activities.csv"))

    # Layla's first join to last leave is 56 minutes; Teams measured 41 min 30 s in the meeting.
    assert summary(report) == [
        ("Layla Haddad", "layla.haddad@example.org", 42, 1),
        ("هاني ضوة (Hani Dawa)", "hani.dawa@example.org", 60, 1),
    ]
    assert report.attendees[0].intervals == [(at(10, 2), at(10, 58))]
    assert (report.started_at, report.ended_at) == (at(10, 0), at(11, 0))


def test_teams_older_joined_and_left_log_pairs_the_rows():
    report = parse_report(sample("teams_legacy.csv"))

    assert report.tool == "teams"
    # Yusuf never left: his time runs to the log's last moment, 10:55.
    assert summary(report) == [
        ("هاني ضوة (Hani Dawa)", "", 55, 2),
        ("Layla Haddad", "", 40, 4),
        ("Yusuf Karim", "", 15, 1),
    ]
    assert report.attendees[1].intervals == [(at(10, 5), at(10, 25)), (at(10, 30), at(10, 50))]
    assert (report.meeting_date, report.started_at, report.ended_at) == (date(2025, 3, 1), at(10, 0), at(10, 55))


# Google Meet


def test_meet_attendance_joins_first_and_last_names_and_reads_spoken_durations():
    report = parse_report(sample("meet_attendance.csv"))

    assert report.tool == "meet"
    assert summary(report) == [
        ("هاني ضوة", "hani.dawa@example.org", 65, 1),
        ("Layla Haddad", "layla.haddad@example.org", 45, 1),
        ("Sara Al-Khatib", "", 20, 1),
    ]
    assert report.attendees[0].intervals == [(at(9, 58), at(11, 3))]
    assert report.attendees[2].intervals == []


def test_meet_times_of_day_take_the_date_from_the_file_name():
    data = sample("meet_participants_2025-03-01.csv")

    report = parse_report(data, "meet_participants_2025-03-01.csv")
    assert summary(report) == [
        ("هاني ضوة (Hani Dawa)", "hani.dawa@example.org", 60, 1),
        ("Layla Haddad", "", 30, 1),
    ]
    assert report.attendees[1].intervals == [(at(18, 15), at(18, 45))]
    assert report.meeting_date == date(2025, 3, 1)

    undated = parse_report(data, "attendance.csv")
    assert [(person.minutes, person.intervals) for person in undated.attendees] == [(60, []), (30, [])]
    assert (undated.meeting_date, undated.started_at) == (None, None)


# Spreadsheets and encodings


def test_xlsx_with_date_cells_and_excel_serial_numbers():
    data = xlsx(
        [
            ["Name (original name)", "User Email", "Join time", "Leave time", "Duration (minutes)", "Guest"],
            ["هاني ضوة (Hani Dawa)", "HANI.DAWA@example.org", at(10, 0), at(10, 40), 40, "No"],
            # 45717.4375 is 1 March 2025, 10:30, as Excel counts days.
            ["هاني ضوة (Hani Dawa)", "hani.dawa@example.org", 45717.4375, 45717 + 11 / 24, 30, "No"],
            [None, None, None, None, None, None],
            ["Layla Haddad", None, "2025-03-01 10:05:00", "2025-03-01 10:50:00", 45, "Yes"],
        ]
    )

    report = parse_report(data, "participants.xlsx")

    assert report.tool == "zoom"
    assert summary(report) == [("هاني ضوة (Hani Dawa)", "hani.dawa@example.org", 60, 2), ("Layla Haddad", "", 45, 1)]
    assert report.attendees[0].intervals == [(at(10, 0), at(10, 40)), (at(10, 30), at(11, 0))]


def test_meet_xlsx_with_durations_as_time_cells():
    data = xlsx(
        [
            ["First name", "Last name", "Email", "Duration", "Time joined", "Time exited"],
            ["زينب", "العبيدي", "zainab@example.org", timedelta(minutes=75), None, None],
        ]
    )

    report = parse_report(data, "attendance.xlsx")

    assert (report.tool, summary(report)) == ("meet", [("زينب العبيدي", "zainab@example.org", 75, 1)])


ZOOM_LINES = [
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
    "هاني ضوة (Hani Dawa),hani.dawa@example.org,03/01/2025 10:00:00 AM,03/01/2025 10:45:00 AM,45,No",
    "فاطمة الزهراء,,03/01/2025 01:00 PM,03/01/2025 01:30 PM,30,Yes",
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256"])
def test_every_encoding_reads_the_same_arabic_names(encoding):
    data = "\r\n".join(ZOOM_LINES).encode(encoding)

    report = parse_report(data)

    assert summary(report) == [
        ("هاني ضوة (Hani Dawa)", "hani.dawa@example.org", 45, 1),
        ("فاطمة الزهراء", "", 30, 1),
    ]
    assert report.attendees[1].intervals == [(at(13, 0), at(13, 30))]


def test_semicolons_blank_lines_missing_durations_and_aware_times():
    data = (
        b"\n\nName (Original Name);User Email;Join Time;Leave Time;Duration (Minutes);Guest;;\n"
        b"Hani Dawa;;2025-03-01T10:00:00+03:00;2025-03-01T10:20:00+03:00;;No;;\n"
        b"\n"
        b"Hani Dawa;;2025-03-01T10:10:00+03:00;--;15;No\n"
        b"Layla Haddad;;;;;No\n"
    )

    report = parse_report(data)

    baghdad = timezone(timedelta(hours=3))
    # The second row has no leave time: it ends after its 15 minutes, inside the first.
    assert summary(report) == [("Hani Dawa", "", 25, 2), ("Layla Haddad", "", 0, 1)]
    assert report.attendees[0].intervals == [
        (datetime(2025, 3, 1, 10, tzinfo=baghdad), datetime(2025, 3, 1, 10, 20, tzinfo=baghdad)),
        (datetime(2025, 3, 1, 10, 10, tzinfo=baghdad), datetime(2025, 3, 1, 10, 25, tzinfo=baghdad)),
    ]
    assert report.started_at == datetime(2025, 3, 1, 10, tzinfo=baghdad)


# Detection


@pytest.mark.parametrize(
    ("name", "tool"),
    [
        ("zoom_participants.csv", "zoom"),
        ("zoom_with_summary.csv", "zoom"),
        ("zoom_windows_arabic.csv", "zoom"),
        ("teams_attendance.csv", "teams"),
        ("teams_without_activities.csv", "teams"),
        ("teams_legacy.csv", "teams"),
        ("meet_attendance.csv", "meet"),
        ("meet_participants_2025-03-01.csv", "meet"),
    ],
)
def test_the_tool_is_told_by_the_columns_and_may_be_named(name, tool):
    assert parse_report(sample(name)).tool == tool
    assert parse_report(sample(name), tool=tool).tool == tool


# Refusals


def test_damaged_durations_and_times_count_as_no_time_and_the_rest_is_read():
    """Cells a hand edit or a spreadsheet damaged: a duration of billions of minutes, a leave
    on the calendar's first day, a join and a leave ten thousand years apart."""
    data = (
        "Name (original name),User Email,Join time,Leave time,Duration (minutes),Guest\r\n"
        "Hani Dawa,hani@example.org,03/01/2025 10:00:00 AM,03/01/2025 10:40:00 AM,40,No\r\n"
        f"Sara Kareem,sara@example.org,03/01/2025 10:00:00 AM,,{'9' * 400},No\r\n"
        "Ali Hasan,ali@example.org,,0001-01-01T00:00:00,62,No\r\n"
        "Layla Noor,layla@example.org,0001-01-01T00:00:00,9999-12-31T23:59:59,,No\r\n"
    ).encode()

    report = parse_report(data)

    assert summary(report) == [
        ("Hani Dawa", "hani@example.org", 40, 1),
        ("Sara Kareem", "sara@example.org", 0, 1),
        ("Ali Hasan", "ali@example.org", 62, 1),
        ("Layla Noor", "layla@example.org", 0, 1),
    ]


def test_a_report_from_another_tool_is_refused_naming_both():
    error = refusal(sample("zoom_participants.csv"), tool="teams")

    assert (error.code, str(error.message)) == ("wrong_tool", "This is a Zoom report, not a Microsoft Teams one.")
    assert isinstance(error, AttendanceError)
    with translation.override("ar"):
        assert "Zoom" in str(error.message)


def test_a_spreadsheet_of_no_known_tool_is_refused_naming_the_three():
    error = refusal(b"name,email,minutes\r\nHani Dawa,hani@example.org,40\r\n")

    assert error.code == "unknown_tool"
    assert str(error) == "This file is not an attendance report from Zoom, Microsoft Teams or Google Meet."


def test_a_registration_forms_export_is_not_read_as_a_teams_log():
    # A form's timestamp, a full name and a role look like Teams' columns; no join, leave or
    # duration says anyone attended anything.
    export = (
        b"Timestamp,Full name,Email Address,Role,Organisation\r\n"
        b"2025/03/01 10:02:11 AM GMT+3,Maha Dawood,maha@example.org,Trainer,ICSSI\r\n"
    )
    assert refusal(export).code == "unknown_tool"
    assert refusal(export, tool="teams").code == "unknown_tool"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"PK\x03\x04 not really a workbook",
        b"%PDF-1.7\n\x01\x02\x03\x04\x05 binary stream",
        xlsx([["x"]]).replace(b"xl/workbook.xml", b"xl/notebook.xml"),
    ],
    ids=["png", "broken-zip", "pdf", "zip-without-workbook"],
)
def test_files_that_are_not_text_or_workbooks_are_unreadable(data):
    error = refusal(data, filename="report.xlsx")

    assert error.code == "unreadable"
    assert "CSV or XLSX" in str(error)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\r\n\r\n",
        "\ufeffName (original name),User Email,Join time,Leave time,Duration (minutes),Guest\r\n".encode(),
        b"Name (original name),User Email,Join time,Leave time,Duration (minutes),Guest\r\n,,,,,\r\n",
    ],
    ids=["no-bytes", "blank-lines", "header-only", "blank-row"],
)
def test_a_report_without_attendees_is_empty(data):
    error = refusal(data)

    assert (error.code, str(error)) == ("empty", "The report lists no attendees.")


def test_a_file_over_five_megabytes_is_too_large():
    error = refusal(b"Name,Join time\r\n" + b"x" * (5 * 1024 * 1024))

    assert (error.code, str(error)) == (
        "too_large",
        "The file is larger than 5 MB. Upload one meeting's report at a time.",
    )


def test_a_report_over_twenty_thousand_rows_is_too_large():
    line = "Hani Dawa,,2025-03-01 10:00,2025-03-01 11:00,60,No\r\n"
    data = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\r\n" + line * MAX_ROWS
    ).encode()

    error = refusal(data)

    assert error.code == "too_large"
    assert "20,000 rows" in str(error)


@pytest.mark.parametrize("name", sorted(path.name for path in REPORTS.iterdir()))
def test_a_report_cut_anywhere_gives_attendees_or_a_coded_refusal(name):
    data = sample(name)
    outcomes = set()
    for cut in range(0, len(data), max(1, len(data) // 40)):
        try:
            report = parse_report(data[:cut])
        except ReportError as error:
            outcomes.add(error.code)
        else:
            assert report.tool == parse_report(data).tool
            assert report.attendees and all(person.name or person.email for person in report.attendees)
            outcomes.add("read")
    assert "read" in outcomes
    assert outcomes <= {"read", "empty", "unknown_tool", "unreadable"}


def test_an_unknown_tool_name_is_a_programming_error():
    with pytest.raises(ValueError, match="webex"):
        parse_report(sample("zoom_participants.csv"), tool="webex")


# Names


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("هاني ضوة (Hani Dawa)", ["هاني ضوة", "Hani Dawa"]),
        ("(Hani Dawa) هاني ضوة", ["Hani Dawa", "هاني ضوة"]),
        ("Hani Dawa | UNESCO", ["Hani Dawa"]),
        ("Layla Haddad (Guest)", ["Layla Haddad"]),
        ("Yusuf Karim (External)", ["Yusuf Karim"]),
        ("علي حسين (ضيف)", ["علي حسين"]),
        ("Hani Dawa +964 770 123 4567", ["Hani Dawa"]),
        ("+964 770 *** 4567", []),
        ("Hani's iPhone (هاني ضوة (Hani Dawa))", ["Hani's iPhone", "هاني ضوة", "Hani Dawa"]),
        ("  Hani   Dawa  (hani dawa) ", ["Hani Dawa"]),
        ("Sara Al-Khatib (she/her)", ["Sara Al-Khatib"]),
        ("", []),
    ],
)
def test_name_forms(name, forms):
    assert name_forms(name) == forms


# Columns chosen by the organiser
#
# The Arabic column titles below are test data made up for these tests («الاسم», «البريد
# الإلكتروني», «وقت الانضمام», «وقت المغادرة», «المدة (دقائق)», the section and summary labels):
# nobody has given us the titles Zoom, Teams or Meet write in Arabic, and Multaqa does not
# guess them; an organiser whose file has such titles says which column holds what.

ZOOM_ENGLISH = ["Name (original name)", "User Email", "Join time", "Leave time", "Duration (minutes)"]
ARABIC_TITLES = ["الاسم", "البريد الإلكتروني", "وقت الانضمام", "وقت المغادرة", "المدة (دقائق)"]
ARABIC_COLUMNS = {"name": 0, "email": 1, "start": 2, "end": 3, "duration": 4}


def zoom_rows():
    """The sample Zoom report's rows without its waiting-room row and the columns after the
    duration (no column of the choice says "waiting room")."""
    rows = list(csv.reader(io.StringIO(sample("zoom_participants.csv").decode("utf-8-sig"))))[1:]
    return [row[:5] for row in rows if row and row[-1] != "Yes"]


def as_file(header, rows, kind):
    if kind == "xlsx":
        return xlsx([header, *rows])
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue().encode("utf-8-sig")


def read_the_same(first, second):
    assert summary(first) == summary(second)
    assert [person.intervals for person in first.attendees] == [person.intervals for person in second.attendees]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_arabic_headed_report_read_with_chosen_columns_gives_the_english_ones_attendees(kind):
    english = parse_report(as_file(ZOOM_ENGLISH, zoom_rows(), kind), f"participants.{kind}")
    arabic_file = as_file(ARABIC_TITLES, zoom_rows(), kind)

    with pytest.raises(ReportError) as unknown:
        parse_report(arabic_file)
    arabic = parse_report(arabic_file, f"participants.{kind}", "zoom", ARABIC_COLUMNS)

    assert unknown.value.code == "unknown_tool"
    assert (english.tool, arabic.tool) == ("zoom", "zoom")
    read_the_same(english, arabic)
    # Hani's three rows (a laptop and a phone overlapping) are one attendee, counted once.
    assert summary(arabic)[0] == ("هاني ضوة (Hani Dawa)", "hani.dawa@example.org", 61, 3)
    assert (arabic.meeting_date, arabic.started_at, arabic.ended_at) == (
        english.meeting_date,
        english.started_at,
        english.ended_at,
    )


@pytest.mark.parametrize(("yes", "no"), [("نعم", "لا"), ("Oui", "Non"), (" TRUE ", "false")])
def test_a_chosen_waiting_room_column_leaves_out_the_time_spent_there(yes, no):
    rows = list(csv.reader(io.StringIO(sample("zoom_participants.csv").decode("utf-8-sig"))))[1:]
    with_waiting = [[*row[:5], yes if row[-1] == "Yes" else no] for row in rows if row]
    data = as_file([*ARABIC_TITLES, "في غرفة الانتظار"], with_waiting, "csv")

    report = parse_report(data, "participants.csv", "zoom", {**ARABIC_COLUMNS, "waiting": 5})
    without = parse_report(data, "participants.csv", "zoom", ARABIC_COLUMNS)

    # Hani's two minutes in the waiting room are left out, as from the English report.
    read_the_same(report, parse_report(sample("zoom_participants.csv"), "participants.csv"))
    assert summary(report)[0] == ("هاني ضوة (Hani Dawa)", "hani.dawa@example.org", 61, 3)
    assert summary(without)[0][3] == 4  # not chosen: the waiting-room row counts as a row of the meeting


def test_the_waiting_room_column_is_offered_by_its_english_title():
    assert known_columns(["Name", "Join time", "Leave time", "In waiting room"])["waiting"] == 3


def test_chosen_first_and_last_names_and_spoken_durations_of_another_tool():
    lines = sample("meet_attendance.csv").decode().splitlines()
    arabic = "\r\n".join(["الاسم الأول,اسم العائلة,البريد الإلكتروني,المدة,وقت الانضمام,وقت المغادرة", *lines[1:]])
    columns = {"first_name": 0, "last_name": 1, "email": 2, "duration": 3, "start": 4, "end": 5}

    report = parse_report(arabic.encode(), tool="other", columns=columns)

    assert report.tool == "other"
    read_the_same(report, parse_report(sample("meet_attendance.csv")))


def test_a_duration_alone_is_enough_and_the_email_optional():
    data = "الاسم,المدة (دقائق)\r\nهاني ضوة,62\r\nليلى حداد,1:05:30\r\n".encode()

    report = parse_report(data, columns={"name": 0, "duration": 1})

    assert report.tool == "other"
    assert summary(report) == [("هاني ضوة", "", 62, 1), ("ليلى حداد", "", 66, 1)]
    assert report.meeting_date is None


def arabic_teams(name):
    """A sample Teams report (UTF-16, as Teams writes it) with its titles, labels and sections in
    made-up Arabic."""
    text = sample(name).decode("utf-16")
    for english, arabic in {
        "1. Summary": "1. الملخص",
        "2. Participants": "2. المشاركون",
        "3. In-Meeting Activities": "3. الأنشطة في الاجتماع",
        "Meeting title": "عنوان الاجتماع",
        "Attended participants": "المشاركون الحاضرون",
        "Start time": "وقت البدء",
        "End time": "وقت الانتهاء",
        "Meeting duration": "مدة الاجتماع",
        "Average attendance time": "متوسط مدة الحضور",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole": (
            "الاسم\tأول انضمام\tآخر مغادرة\tالمدة في الاجتماع\tالبريد الإلكتروني\tالمعرّف\tالدور"
        ),
        "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole": (
            "الاسم\tوقت الانضمام\tوقت المغادرة\tالمدة\tالبريد الإلكتروني\tالدور"
        ),
    }.items():
        text = text.replace(english, arabic)
    return text.encode("utf-16")


def test_an_arabic_teams_report_is_read_from_its_participants_below_the_summary():
    data = arabic_teams("teams_without_activities.csv")

    header = find_header(data)
    report = parse_report(data, tool="teams", columns={"name": 0, "start": 1, "end": 2, "duration": 3, "email": 4})

    # The summary's pairs of a label and its value are not taken for the attendees' table.
    assert (header.number, header.cells[:2]) == (7, ["الاسم", "أول انضمام"])
    # As Teams' own participants list: the first join to the last leave, and the minutes Teams
    # measured (Layla's 41 min 30 s, not the 56 between her first join and last leave).
    read_the_same(report, parse_report(sample("teams_without_activities.csv")))


def test_a_table_of_chosen_columns_ends_at_the_next_numbered_section():
    data = arabic_teams("teams_attendance.csv")

    report = parse_report(data, tool="teams", columns={"name": 0, "start": 1, "end": 2, "duration": 3})

    assert [person.name for person in report.attendees] == [
        "هاني ضوة (Hani Dawa)",
        "Layla Haddad (Guest)",
        "Yusuf Karim (External)",
    ]
    assert [person.minutes for person in report.attendees] == [67, 41, 30]


def test_the_header_row_is_the_first_mostly_text_row_over_rows_of_values():
    zoom_summary = sample("zoom_with_summary.csv").decode("utf-8-sig").replace("Name (Original Name)", "الاسم")

    header = find_header(zoom_summary.encode())

    # Zoom's summary (one row of figures under its titles) is passed over for the attendees'.
    assert (header.number, header.cells[0]) == (4, "الاسم")
    assert [row[0] for row in header.samples] == [
        "Multaqa Organiser",
        "سارة الخطيب (Sara Al-Khatib)",
        "سارة الخطيب (Sara Al-Khatib)",
    ]
    assert all(len(row) == len(header.cells) for row in header.samples)
    # A one-line summary alone over its figures is still a header: the first one.
    assert find_header("الاسم,الدقائق\r\nهاني,40\r\n".encode()).cells == ["الاسم", "الدقائق"]


@pytest.mark.parametrize(
    "data",
    [
        b"Name,Email\r\nHani,h@example.org\r\n",  # no row of values: not an attendance file
        b"10:00,11:00\r\n10:05,10:40\r\n",  # no row of text
        "الاسم\r\nهاني\r\n40\r\n".encode(),  # one column
        "الاسم,المدة\r\n".encode(),  # no rows under the titles
    ],
    ids=["no-values", "no-text", "one-column", "no-rows"],
)
def test_a_file_without_a_header_row_over_values_has_none(data):
    assert find_header(data) is None
    assert refusal(data, columns={"name": 0, "duration": 1}).code == "unknown_tool"


def test_english_titles_are_offered_as_first_choices():
    assert known_columns(["Name", "Join time", "Leave time", "Minutes", "Name"]) == {"name": 0, "start": 1, "end": 2}
    assert known_columns(["الاسم", "المدة"]) == {}


CHOICES = [
    ({"name": 0, "duration": 9}, "bad_column", "duration"),
    ({"name": 0, "duration": 2}, "bad_column", "duration"),  # the third column has no title
    ({"name": 0, "duration": "1"}, "bad_column", "duration"),
    ({"name": 0, "action": 1}, "bad_column", ""),  # not a column an organiser chooses
    ({"name": 0, "start": 0, "end": 1}, "same_column", "start"),
    ({"email": 0, "duration": 1}, "no_name", "name"),
    ({"first_name": 0, "duration": 1}, "no_name", "last_name"),
    ({"name": 0, "start": 1}, "no_time", "end"),
    ({"name": 0}, "no_time", "start"),
]


@pytest.mark.parametrize(("columns", "code", "held"), CHOICES)
def test_columns_that_cannot_be_used_are_refused(columns, code, held):
    cells = ["الاسم", "المدة", "", "البريد"]

    with pytest.raises(ColumnsError) as refused:
        check_columns(cells, columns)

    assert (refused.value.code, refused.value.held) == (code, held)
    data = "الاسم,المدة,,البريد\r\nهاني,40,,h@example.org\r\n".encode()
    assert refusal(data, columns=columns).code == code


@pytest.mark.parametrize(
    ("language", "columns", "expected"),
    [
        ("en", {"name": 0, "duration": 9}, "A chosen column is not one of the file's columns."),
        ("ar", {"name": 0, "duration": 9}, "أحد الأعمدة المختارة ليس من أعمدة الملف."),
        ("en", {"name": 1, "duration": 1}, "The column “المدة” is chosen for two things."),
        ("ar", {"name": 1, "duration": 1}, "اختير العمود «المدة» لأمرين."),
        ("en", {"duration": 1}, "Choose the column of the attendees' names"),
        ("ar", {"duration": 1}, "اختر عمود أسماء الحاضرين"),
        ("en", {"name": 0, "end": 1}, "Choose the columns of the join and the leave times, or the column"),
        ("ar", {"name": 0, "end": 1}, "اختر عمودَي وقت الانضمام ووقت المغادرة، أو عمود المدة."),
    ],
)
def test_refused_columns_are_explained_in_the_readers_language(language, columns, expected):
    with pytest.raises(ColumnsError) as refused:
        check_columns(["الاسم", "المدة"], columns)

    with translation.override(language):
        assert expected in str(refused.value.message)


def test_a_recognised_report_read_with_chosen_columns_follows_the_choice():
    """The choice is the organiser's: a Zoom report whose email column is left out is merged
    by name alone."""
    report = parse_report(sample("zoom_participants.csv"), tool="zoom", columns={"name": 0, "start": 2, "end": 3})

    assert [person.email for person in report.attendees] == ["", "", "", "", ""]
    assert report.attendees[0].name == "هاني ضوة (Hani Dawa)"


def test_other_is_a_tool_only_for_chosen_columns():
    with pytest.raises(ValueError):
        parse_report(sample("zoom_participants.csv"), tool="other")
    with pytest.raises(ValueError):
        parse_report(sample("zoom_participants.csv"), tool="webex", columns={"name": 0, "duration": 4})
