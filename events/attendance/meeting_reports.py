"""Online-meeting attendance reports: the file an organiser downloads from Zoom, Microsoft Teams
or Google Meet, read into the people who attended and for how many minutes.

Each tool writes its own shape, and each shape has variants: Zoom's participants CSV (with or
without the meeting summary above it, one row per join), Teams' sectioned report (UTF-16, tab
separated, with a summary, the participants and their in-meeting activities) and its older
joined/left log, Google Meet's attendance sheet; any of them re-saved by Excel as XLSX, as
UTF-8, UTF-16 or as Windows Arabic text. The tool is told by the column names.

Those names are the English ones the tools write. A file whose columns are not recognised (a
tool set to another language, columns renamed in Excel) is read with the columns its organiser
chose instead (``parse_report``'s ``columns``): the table under the file's header row
(``find_header``), through the same reading of rows, times, durations and merging.

A person who dropped out and came back appears on several rows; the rows are merged by email,
else by the exact name, and the minutes are those of the union of the person's intervals, so
two devices in the meeting at once count once. Nothing here touches the database: matching
attendees to registrations is the attendance service's work.
"""

import codecs
import csv
import io
import operator
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from network import uploads
from network.errors import ImportProblem
from network.spreadsheets import normalise

from .errors import AttendanceError

# One meeting's report: smaller than the site's spreadsheet limit (network/uploads.py, whose
# checks of the content it also passes).
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# No meeting lasts longer: a longer duration, or a join and a leave further apart, is a damaged
# cell, and counts as no time at all.
LONGEST_MEETING = timedelta(days=7)
TOOLS = {"zoom": "Zoom", "teams": "Microsoft Teams", "meet": "Google Meet"}
# The tool of a report whose organiser chose its columns and named none of TOOLS.
OTHER = "other"
# What an organiser may say a column holds, when Multaqa cannot tell (keys of COLUMN_NAMES).
CHOSEN = ("name", "first_name", "last_name", "email", "start", "end", "duration", "waiting")
# What a waiting-room column says of a row spent in the waiting room, in the languages the
# meeting tools are set to here, case aside; anything else is time in the meeting.
IN_WAITING_ROOM = {"yes", "true", "1", "نعم", "oui", "sí", "si", "ja", "sim", "evet", "да"}
# The rows under the header shown beside its columns while they are chosen.
SAMPLE_ROWS = 3

# What a column holds, by the names the tools give it in English.
COLUMN_NAMES = {
    "name": ["name (original name)", "user name (original name)", "name", "full name", "participant", "display name"],
    "first_name": ["first name"],
    "last_name": ["last name"],
    "email": ["user email", "email", "email address"],
    "start": ["join time", "first join", "time joined"],
    "end": ["leave time", "last leave", "time exited"],
    "duration": ["duration (minutes)", "time in session (minutes)", "duration", "in-meeting duration"],
    "waiting": ["in waiting room"],
    "action": ["user action"],
    "timestamp": ["timestamp"],
}
COLUMNS = {name: held for held, names in COLUMN_NAMES.items() for name in names}
# Columns only one tool writes: they tell which tool made the file.
MARKERS = {
    "zoom": {
        "name (original name)",
        "user name (original name)",
        "user email",
        "duration (minutes)",
        "time in session (minutes)",
        "guest",
        "in waiting room",
        "recording disclaimer response",
    },
    "teams": {
        "first join",
        "last leave",
        "in-meeting duration",
        "participant id (upn)",
        "role",
        "user action",
        "full name",
    },
    "meet": {"time joined", "time exited", "first name", "last name"},
}
# Labels in the rows above the attendees.
SUMMARY = {
    "start time": "start",
    "meeting start time": "start",
    "end time": "end",
    "meeting end time": "end",
    "date": "day",
    "meeting date": "day",
}

BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EDGES = " \t\r\n\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
SECTION_TITLE = re.compile(r"^\d+\.\s*\S")
MOMENT = re.compile(
    r"^(?:(?P<a>\d{1,4})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4}))?[,T\s]*"
    r"(?:(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<half>[ap]\.?\s?m\.?|ص|م)?"
    r"\s*(?:\(?(?:utc|gmt)\s*(?P<zone>[+-]\d{1,2}(?::?\d{2})?)?\)?)?$",
    re.IGNORECASE,
)
SLASHED_DATE = re.compile(r"^(\d{1,2})([/.])(\d{1,2})\2\d{2,4}\b")
EXCEL_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
EXCEL_EPOCH = datetime(1899, 12, 30)  # Excel's day 0; its serial dates carry no time zone
DURATION_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\W\d_]+)")
UNIT_SECONDS = {"h": 3600, "س": 3600, "m": 60, "د": 60, "s": 1, "ث": 1}
CLOCK = re.compile(r"^(\d{1,4}):(\d{2})(?::(\d{2}))?$")
DURATION_TEXT = re.compile(r"^(?:\d+(?:[.,]\d+)?\s*[^\W\d_]+\s*)+$")
NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
TAG = re.compile(
    r"\(\s*(?:guest|external|unverified|host|co-host|ضيف|خارجي|زائر|(?:he|she|they)/\w+(?:/\w+)?)\s*\)", re.IGNORECASE
)
PHONE = re.compile(r"\+?[\d*][\d*\s().\-]{5,}[\d*]")


class ReportError(AttendanceError):
    """The uploaded meeting report cannot be used at all."""


class ColumnsError(ReportError):
    """The columns an organiser chose cannot be used (``bad_column``, ``same_column``,
    ``no_name``, ``no_time``); ``held`` is the choice refused, one of CHOSEN, or "" for the
    whole choice."""

    def __init__(self, message, code, held=""):
        super().__init__(message, code)
        self.held = held


@dataclass
class Attendee:
    """One person in the report.

    ``minutes`` is the union of ``intervals``, plus the stated duration of rows that give no
    times. A Teams participants list without its activities gives only each person's first join
    and last leave: the interval is that span, and the minutes are the duration Teams measured.
    """

    name: str
    email: str = ""
    intervals: list = field(default_factory=list)  # [(start, end)], in time order
    minutes: int = 0
    rows: int = 0


@dataclass
class MeetingReport:
    tool: str  # "zoom", "teams" or "meet"; OTHER for a report read with chosen columns
    attendees: list
    meeting_date: date | None = None
    started_at: datetime | None = None  # from the report's summary, else the first join
    ended_at: datetime | None = None  # from the report's summary, else the last leave


@dataclass
class _Row:
    name: str
    email: str
    start: datetime | None
    end: datetime | None
    seconds: int | None
    span_only: bool = False  # the interval is first join to last leave, not presence
    count: int = 1  # the report rows it stands for


@dataclass
class _Table:
    tool: str
    start: int  # the header row
    stop: int
    columns: dict  # what the column holds → its index
    keys: set  # the header's column names
    span_only: bool = False  # each row's times are its first join and last leave (Teams' participants)


@dataclass
class Header:
    """The header row of a file whose columns are not recognised, as its organiser is shown it
    to choose what each column holds."""

    number: int  # the row's number in the file, from 1
    cells: list  # the column titles
    samples: list  # the first rows under it, each as long as ``cells``


def parse_report(
    data: bytes, filename: str = "", tool: str | None = None, columns: dict | None = None
) -> MeetingReport:
    """The report in ``data``; ``tool`` ("zoom", "teams", "meet") or None to tell it from the
    columns. Raises ``ReportError`` (``unreadable``, ``unknown_tool``, ``wrong_tool``,
    ``empty``, ``too_large``).

    ``columns``, for a file whose columns are not recognised, says which column of its header
    row (``find_header``) holds what: ``{"name": 0, "start": 2, "end": 3}``, the keys from
    CHOSEN, the values the columns' indexes. The table under that row is then read as a
    ``tool`` report (OTHER allowed; None is OTHER) however its columns are named, and a choice
    that cannot be used raises ``ColumnsError`` (see ``check_columns``); ``unknown_tool`` when
    the file has no header row."""
    known = TOOLS if columns is None else {**TOOLS, OTHER: ""}
    if tool is not None and tool not in known:
        raise ValueError(f"Unknown meeting tool {tool!r}")
    if len(data) > MAX_BYTES:
        raise _too_large()
    rows = _rows(data)
    if not any(rows):
        raise _empty()
    if columns is None:
        tables = _tables(rows)
        found = tables[0].tool if tables else None
        if found is None:
            raise _unknown_tool()
        if tool and tool != found:
            raise _wrong_tool(found, tool)
    else:
        tables = [_chosen_table(rows, columns, tool or OTHER)]
        found = tables[0].tool
    clock = _Clock(rows, filename)
    summary = _summary(rows[: tables[0].start], clock)
    day = summary.get("start") or summary.get("day")
    clock.day = day.date() if day else clock.day
    attendees = _attendees(_report_rows(rows, [table for table in tables if table.tool == found], clock))
    if not attendees:
        raise _empty()
    return _report(found, attendees, summary.get("start"), summary.get("end"))


def find_header(data: bytes) -> Header | None:
    """The header row of the file in ``data`` with the first rows under it, for its organiser
    to say what its columns hold; None when it has none (see ``_header_row``). Raises
    ``ReportError`` for a file that cannot be read at all, as ``parse_report`` does."""
    if len(data) > MAX_BYTES:
        raise _too_large()
    rows = _rows(data)
    number = _header_row(rows)
    if number is None:
        return None
    cells = rows[number]
    under = rows[number + 1 : _table_end(rows, number)]
    samples = [(row + [""] * len(cells))[: len(cells)] for row in under if any(row) and row != cells]
    return Header(number + 1, cells, samples[:SAMPLE_ROWS])


def known_columns(cells: list) -> dict:
    """What the columns titled ``cells`` hold, as far as their English names tell:
    ``{"name": 0, "start": 2}``, the first column of each kind (the choice offered first)."""
    found = {}
    for index, cell in enumerate(cells):
        held = COLUMNS.get(_key(cell))
        if held in CHOSEN:
            found.setdefault(held, index)
    return found


def check_columns(cells: list, columns: dict) -> dict:
    """``columns`` (what each chosen column holds → its index among ``cells``, the header's
    titles) as ``{held: index}`` when they can be used; raises ``ColumnsError`` otherwise: a
    column that is not one of the header's titled columns (``bad_column``), one column chosen
    for two things (``same_column``), no name (``no_name``: the name, or the first and the
    last name) or no time (``no_time``: the join and the leave time, or the duration)."""
    chosen = {}
    for held, index in columns.items():
        if held not in CHOSEN or not _titled(cells, index):
            raise ColumnsError(
                _("A chosen column is not one of the file's columns. Choose the columns again."),
                "bad_column",
                held if held in CHOSEN else "",
            )
        if index in chosen.values():
            raise _same_column(cells[index], held)
        chosen[held] = index
    if "name" not in chosen and not {"first_name", "last_name"} <= chosen.keys():
        held = "last_name" if "first_name" in chosen else ("first_name" if "last_name" in chosen else "name")
        raise ColumnsError(
            _("Choose the column of the attendees' names, or both the first-name and the last-name columns."),
            "no_name",
            held,
        )
    if "duration" not in chosen and not {"start", "end"} <= chosen.keys():
        held = "end" if "start" in chosen else "start"
        raise ColumnsError(
            _("Choose the columns of the join and the leave times, or the column of the duration."), "no_time", held
        )
    return chosen


def _titled(cells, index):
    return isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(cells) and bool(cells[index])


def name_forms(name: str) -> list[str]:
    """The names a meeting display name holds, in the order written: "هاني ضوة (Hani Dawa)" →
    ["هاني ضوة", "Hani Dawa"]. An organisation after "|", a phone number and tags such as
    "(Guest)" or "(External)" are left out."""
    text = TAG.sub(" ", " ".join(str(name or "").split())).split("|")[0]
    forms = []
    for piece in re.split(r"[()（）]", text):
        form = " ".join(PHONE.sub(" ", piece).split()).strip(" -–—,;:/")
        if any(char.isalpha() for char in form) and form.casefold() not in {known.casefold() for known in forms}:
            forms.append(form)
    return forms


# Errors


def _empty():
    return ReportError(_("The report lists no attendees."), "empty")


def _unknown_tool():
    return ReportError(
        _("This file is not an attendance report from Zoom, Microsoft Teams or Google Meet."), "unknown_tool"
    )


def _same_column(title, held):
    # Interpolated when shown, like _wrong_tool's message.
    message = lazy(operator.mod, str)(
        _("The column “%(column)s” is chosen for two things. Choose a different column for each."),
        {"column": title},
    )
    return ColumnsError(message, "same_column", held)


def _unreadable():
    return ReportError(
        _("This file cannot be read. Upload the attendance report as the meeting tool exported it, in CSV or XLSX."),
        "unreadable",
    )


def _too_large():
    return ReportError(_("The file is larger than 5 MB. Upload one meeting's report at a time."), "too_large")


def _too_many_rows():
    return ReportError(_("The report has more than 20,000 rows. Upload one meeting's report at a time."), "too_large")


def _wrong_tool(found, chosen):
    # Interpolated when shown, so the message is in the language of whoever reads it.
    message = lazy(operator.mod, str)(
        _("This is a %(found)s report, not a %(chosen)s one."), {"found": TOOLS[found], "chosen": TOOLS[chosen]}
    )
    return ReportError(message, "wrong_tool")


# Bytes to rows of text


def _rows(data):
    """The file's first sheet as rows of cell text, empty cells at the end of a row left out."""
    if uploads.is_archive(data):
        return _workbook_rows(data)
    if uploads.binary_format(data):
        raise _unreadable()
    text = _decode(data)
    sample = text[:8192]
    delimiter = max((",", "\t", ";"), key=sample.count)
    try:
        return _limited(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise _unreadable() from error


def _encodings(data):
    if data.startswith(codecs.BOM_UTF8):
        return ["utf-8-sig"]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ["utf-16"]
    head = data[:4096]
    # Text in UTF-16 without a byte-order mark: every other byte of its Latin letters is zero.
    if head[1::2].count(0) > len(head) // 4:
        return ["utf-16-le"]
    if head[0::2].count(0) > len(head) // 4:
        return ["utf-16-be"]
    return ["utf-8", "cp1256"]  # Windows-1256 is how Excel saves Arabic "CSV" on Windows


def _decode(data):
    for encoding in _encodings(data):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not BINARY.search(text):
            return text
    raise _unreadable()


def _limited(rows):
    """``rows`` cleaned, refusing more than ``MAX_ROWS`` that hold anything."""
    kept, filled = [], 0
    for cells in rows:
        cleaned = [_clean(cell) for cell in cells]
        while cleaned and not cleaned[-1]:
            cleaned.pop()
        filled += bool(cleaned)
        if filled > MAX_ROWS:
            raise _too_many_rows()
        kept.append(cleaned)
    return kept


def _clean(value):
    return normalise(value).replace("\u202f", " ").replace("\xa0", " ").strip(EDGES)


def _workbook_rows(data):
    try:
        uploads.check_workbook(data)
    except ImportProblem as problem:
        if problem.code == "not_a_spreadsheet":
            raise _unreadable() from problem
        raise ReportError(problem.message, problem.code) from problem
    import openpyxl  # imported here: only workbook uploads need it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _limited(
                [_cell_text(value) for value in values] for values in workbook.worksheets[0].iter_rows(values_only=True)
            )
        finally:
            workbook.close()
    except ReportError:
        raise
    except Exception as error:  # a damaged workbook fails in many ways inside openpyxl
        raise _unreadable() from error


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, timedelta):
        return f"{round(value.total_seconds())}s"
    if hasattr(value, "isoformat"):  # datetime, date, time
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Rows to tables


def _key(cell):
    return " ".join(cell.casefold().split()).rstrip(":")


def _header(cells, number):
    """The table whose header is ``cells``, or None when it is not one."""
    keys = {_key(cell) for cell in cells}
    columns = {}
    for index, cell in enumerate(cells):
        columns.setdefault(COLUMNS.get(_key(cell)), index)
    columns.pop(None, None)
    named = "name" in columns or "first_name" in columns
    # A timestamp alone is any form's column (a registration form's export has one); it times a
    # meeting only in Teams' log of joins and leaves, beside the action.
    timed = bool({"start", "end", "duration"} & columns.keys()) or {"timestamp", "action"} <= columns.keys()
    score, tool = max((len(MARKERS[tool] & keys), tool) for tool in TOOLS)
    if not (named and timed and score):
        return None
    return _Table(tool, number, number, columns, keys, "first join" in keys)


def _tables(rows):
    """The report's tables, each running to the next table's header or a numbered section."""
    tables = []
    for number, cells in enumerate(rows):
        table = _header(cells, number)
        if table and tables and rows[tables[-1].start] == cells:
            continue  # the header again, inside its own table
        ends = table or _section_title(cells)
        if ends and tables and tables[-1].stop == tables[-1].start:
            tables[-1].stop = number
        if table:
            tables.append(table)
    if tables and tables[-1].stop == tables[-1].start:
        tables[-1].stop = len(rows)
    return tables


def _section_title(cells):
    """Whether ``cells`` is the title of a numbered section ("2. Participants"), which ends the
    table above it."""
    return len([cell for cell in cells if cell]) == 1 and bool(SECTION_TITLE.match(cells[0]))


def _is_value(cell):
    """Whether the filled ``cell`` holds a value a report's columns hold (a number, a date, a
    time or a duration) rather than text such as a column's title or a name."""
    text = cell.casefold()
    if NUMBER.match(text) or CLOCK.match(text):
        return True
    try:
        datetime.fromisoformat(cell)
        return True
    except ValueError:
        pass
    moment = MOMENT.match(text)
    if moment and (moment["a"] or moment["hour"]):
        return True
    units = DURATION_PART.findall(text)
    return bool(DURATION_TEXT.match(text)) and all(unit[0] in UNIT_SECONDS for _amount, unit in units)


def _data_rows(rows, number, enough=2):
    """How many rows right under row ``number`` hold a value each (counted up to ``enough``)."""
    count = 0
    for cells in rows[number + 1 :]:
        if count == enough or not any(_is_value(cell) for cell in cells if cell):
            break
        count += 1
    return count


def _header_row(rows):
    """The index of the row that heads the attendees' table of a file whose columns are not
    recognised, or None when there is none.

    A header row has two filled cells or more, more than half of them text rather than values
    (``_is_value``), and is followed by data rows: right under it, at least one row holding a
    value. The first header of three columns or more over two data rows or more is taken, so
    that a meeting's summary above the attendees (Zoom's one row of figures, Teams' pairs of a
    label and its value) is not; failing one, the first header."""
    first = None
    for number, cells in enumerate(rows):
        filled = [cell for cell in cells if cell]
        if len(filled) < 2 or 2 * sum(map(_is_value, filled)) >= len(filled):
            continue
        data = _data_rows(rows, number)
        if len(filled) >= 3 and data >= 2:
            return number
        if data and first is None:
            first = number
    return first


def _table_end(rows, start):
    """Where the table headed by row ``start`` ends: at a numbered section's title, else at the
    end of the file."""
    return next((number for number in range(start + 1, len(rows)) if _section_title(rows[number])), len(rows))


def _chosen_table(rows, columns, tool):
    """The table under the file's header row, its columns as its organiser chose them. Teams'
    participants list gives each person's first join and last leave, so in a Teams report with
    a chosen duration the minutes are that duration (as ``_header`` reads Teams' own)."""
    start = _header_row(rows)
    if start is None:
        raise _unknown_tool()
    chosen = check_columns(rows[start], columns)
    keys = {_key(cell) for cell in rows[start]}
    span_only = tool == "teams" and "duration" in chosen
    return _Table(tool, start, _table_end(rows, start), chosen, keys, span_only)


def _records(rows, table):
    header = rows[table.start]
    for cells in rows[table.start + 1 : table.stop]:
        if any(cells) and cells != header:
            yield {name: cells[index] if index < len(cells) else "" for name, index in table.columns.items()}


# Tables to report rows


def _report_rows(rows, tables, clock):
    """Teams' in-meeting activities when the report has them, else its participants; every
    table of the other tools."""
    activities = [table for table in tables if "join time" in table.keys]
    if tables[0].tool == "teams" and activities:
        tables = activities
    report_rows = []
    for table in tables:
        records = list(_records(rows, table))
        if "action" in table.columns:
            report_rows.extend(_action_rows(records, clock))
        else:
            report_rows.extend(_row(record, clock, table.span_only) for record in records)
    return [row for row in report_rows if row and (row.name or row.email)]


def _row(record, clock, span_only=False):
    if record.get("waiting", "").strip().casefold() in IN_WAITING_ROOM:
        return None  # time in Zoom's waiting room is not time in the meeting
    name = record.get("name") or " ".join(filter(None, [record.get("first_name"), record.get("last_name")]))
    email = record.get("email", "").casefold()
    start, end = clock.read(record.get("start", "")), clock.read(record.get("end", ""))
    seconds = _seconds(record.get("duration", ""))
    try:
        if start and not end and seconds is not None:
            end = start + timedelta(seconds=seconds)
        if end and not start and seconds is not None:
            start = end - timedelta(seconds=seconds)
    except OverflowError:  # a time at the calendar's first or last day: no interval
        start = end = None
    return _Row(name, email if "@" in email else "", start, end, seconds, span_only)


def _action_rows(records, clock):
    """Intervals from Teams' older log of "Joined" and "Left" rows; one still open is closed at
    the log's last moment."""
    events = [(clock.read(record.get("timestamp", "")), record) for record in records]
    events = sorted(((moment, record) for moment, record in events if moment), key=lambda event: _wall(event[0]))
    last = events[-1][0] if events else None
    opened, rows = {}, []
    for moment, record in events:
        name = record.get("name", "")
        action = record.get("action", "").casefold()
        if action.startswith("join"):
            opened.setdefault(name, moment)
        elif action.startswith(("left", "leave")) and name in opened:
            rows.append(_Row(name, "", opened.pop(name), moment, None, count=2))
    rows.extend(_Row(name, "", start, last, None) for name, start in opened.items())
    return sorted(rows, key=lambda row: _wall(row.start))  # people in the order they joined


def _seconds(text):
    """Seconds in a duration: "62" (minutes), "1h 2m 3s", "1 hr 5 min", "1:02:03", "1:02";
    None when there is none, or one longer than any meeting."""
    text = text.casefold().strip()
    clock = CLOCK.match(text)
    if NUMBER.match(text):
        total = float(text.replace(",", ".")) * 60
    elif clock:
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        total = hours * 3600 + minutes * 60 + seconds
    else:
        total = None
        for amount, unit in DURATION_PART.findall(text):
            if unit[0] in UNIT_SECONDS:
                total = (total or 0) + float(amount.replace(",", ".")) * UNIT_SECONDS[unit[0]]
    if total is None or not total <= LONGEST_MEETING.total_seconds():  # also refuses infinity
        return None
    return round(total)


class _Clock:
    """Reads the report's times. Whether 03/04 is the 3rd of April or the 4th of March is
    decided once per file: day first when a date in it has a first number above 12 or dots
    between its numbers, month first (as the tools' English exports write) otherwise. A time
    without a date is on ``day``: the summary's, else one named in the file name."""

    def __init__(self, rows, filename=""):
        self.day_first = _day_first(cell for cells in rows for cell in cells)
        named = re.search(r"\d{4}-\d{2}-\d{2}", filename)
        self.day = None
        moment = self.read(named.group()) if named else None
        self.day = moment.date() if moment else None

    def read(self, text):
        """The moment ``text`` names, or None."""
        if EXCEL_SERIAL.match(text):
            return EXCEL_EPOCH + timedelta(seconds=round(float(text) * 86400))
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
        match = MOMENT.match(text)
        if not text or not match or not (match["a"] or match["hour"]):
            return None
        try:
            day = self._day(match) if match["a"] else self.day
            return _at(day, match) if day else None
        except ValueError:  # a day, month or hour out of range
            return None

    def _day(self, match):
        first, second, third = (match[part] for part in "abc")
        if len(first) == 4:
            year, month, day = first, second, third
        elif self.day_first:
            day, month, year = first, second, third
        else:
            month, day, year = first, second, third
        year = int(year) + (2000 if len(year) <= 2 else 0)
        return date(year, int(month), int(day))


def _day_first(cells):
    for cell in cells:
        match = SLASHED_DATE.match(cell)
        if not match:
            continue
        if match[2] == "." or int(match[1]) > 12:
            return True
        if int(match[3]) > 12:
            return False
    return False


def _at(day, match):
    hour = int(match["hour"] or 0)
    half = (match["half"] or "").casefold().replace(".", "").replace(" ", "")
    if half in {"pm", "م"} and hour < 12:
        hour += 12
    elif half in {"am", "ص"} and hour == 12:
        hour = 0
    moment = datetime(day.year, day.month, day.day, hour, int(match["minute"] or 0), int(match["second"] or 0))
    return moment.replace(tzinfo=_zone(match["zone"])) if match["zone"] else moment


def _zone(text):
    sign = -1 if text.startswith("-") else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


def _summary(preamble, clock):
    """The meeting's start, end and day from the rows above the attendees, as
    ``{"start": …, "end": …, "day": …}``: each label has its value beside it (Teams) or under it
    (Zoom)."""
    found = {}
    for number, cells in enumerate(preamble):
        below = preamble[number + 1] if number + 1 < len(preamble) else []
        for column, cell in enumerate(cells):
            key = SUMMARY.get(_key(cell))
            if key and key not in found:
                candidates = cells[column + 1 : column + 2] + below[column : column + 1]
                found[key] = next(filter(None, map(clock.read, candidates)), None)
    return {key: moment for key, moment in found.items() if moment}


# Report rows to attendees


def _attendees(rows):
    """One attendee per email, else per exact name, in the order they first appear."""
    groups = {}
    for row in rows:
        groups.setdefault(row.email or f"name:{row.name}", []).append(row)
    return [_attendee(group) for group in groups.values()]


def _interval(row):
    """The row's time in the meeting from its join to its leave, or None: a time missing, a
    leave before the join, or the two further apart than any meeting lasts."""
    if row.start and row.end and timedelta(0) <= _wall(row.end) - _wall(row.start) <= LONGEST_MEETING:
        return (row.start, row.end)
    return None


def _attendee(rows):
    presence, seconds, intervals = [], 0, []
    for row in rows:
        interval = _interval(row)
        if interval:
            intervals.append(interval)
        if interval and (not row.span_only or row.seconds is None):
            presence.append(interval)
        else:
            seconds += row.seconds or 0
    seconds += covered_seconds(presence)
    name = next((row.name for row in rows if row.name), "")
    return Attendee(
        name, rows[0].email, sorted(intervals, key=_naive), int(seconds + 30) // 60, sum(row.count for row in rows)
    )


def _wall(moment):
    """The order key of a moment: aware and naive times in one report compare by wall clock."""
    return moment.replace(tzinfo=None)


def _naive(interval):
    return (_wall(interval[0]), _wall(interval[1]))


def covered_seconds(intervals):
    """Seconds covered by at least one of ``intervals``."""
    total, reached = 0.0, None
    for start, end in sorted(map(_naive, intervals)):
        start = max(start, reached) if reached else start
        if end > start:
            total += (end - start).total_seconds()
            reached = end
    return total


def _report(tool, attendees, started_at, ended_at):
    intervals = [interval for attendee in attendees for interval in attendee.intervals]
    if intervals and not started_at:
        started_at = min(intervals, key=_naive)[0]
    if intervals and not ended_at:
        ended_at = max(intervals, key=lambda interval: _naive(interval)[1])[1]
    meeting_date = started_at.date() if started_at else None
    return MeetingReport(tool, attendees, meeting_date, started_at, ended_at)
