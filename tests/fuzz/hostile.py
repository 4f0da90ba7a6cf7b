"""Hostile input for the fuzz tests, and what every fuzz example shares: a count of the examples
each target ran (printed at the end of the session) and a savepoint that undoes what an example
wrote, so the next one starts from the same rows.

The text is built from pieces people and attackers actually send: NUL and other control
characters, bidi controls (U+202E, U+2066…), Arabic and Latin script mixed with tatweel, Arabic
digits and ligatures, SQL and HTML fragments, template syntax, spreadsheet formulas, malformed
dates and times, numbers too large for any column, and very long strings; mixed with random
text from the whole of Unicode (except lone surrogates, which no browser can send)."""

import csv
import datetime as dt
import io
import os
import time
import zipfile
from collections import Counter
from contextlib import contextmanager

from django import forms
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import strategies as st

# FUZZ_EXAMPLES=500 runs every target 500 times (locally: the defaults keep tests/fuzz under a
# minute on one core).
EXAMPLES_OVERRIDE = int(os.environ.get("FUZZ_EXAMPLES") or 0)


def examples(default):
    """The examples a target runs: ``default``, or FUZZ_EXAMPLES."""
    return EXAMPLES_OVERRIDE or default


RUNS = Counter()
SECONDS = Counter()
OUTCOMES = Counter()  # (target, outcome): how far the examples went


class Run:
    """One example; the test names its ``outcome`` ("accepted", "refused", …) for the table."""

    outcome = ""


@contextmanager
def example(target, database=True):
    """One example of ``target``: counted, timed, and (with ``database``) inside a savepoint
    rolled back at its end, whatever the example wrote or broke."""
    started = time.perf_counter()
    run = Run()
    try:
        if database:
            with transaction.atomic():
                yield run
                transaction.set_rollback(True)
        else:
            yield run
    finally:
        RUNS[target] += 1
        SECONDS[target] += time.perf_counter() - started
        if run.outcome:
            OUTCOMES[target, run.outcome] += 1


PIECES = [
    # Control characters, line breaks and invisible marks.
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m",
    "\x7f\x85\x9f",
    "\r\n",
    "\r",
    "\t",
    "\x0b\x0c",
    "\ufeff",
    "\u200b",
    "\u00ad",
    "\u2028\u2029",
    "\ufffd",
    "\uffff",
    "\U0010ffff",
    "\U0001f600",
    # Bidi controls.
    "\u202e",
    "\u202egpj.exe",
    "\u202a\u202b\u202c\u202d",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e\u200f\u061c",
    # Arabic and Latin script, mixed, with the forms folding meets.
    "محمد",
    "أحمد الكرخي",
    "Al-Karkhi",
    "محـــمد",
    "إِبْرَاهِيم",
    "ﷺ",
    "ﻻ",
    "علي Ali",
    "٠١٢٣٤٥٦٧٨٩",
    "۱۲۳",
    "ß",
    "ﬀ",
    "İı",
    "Ǆ",
    # SQL, HTML, templates, formulas.
    "'; DROP TABLE network_person; --",
    "' OR '1'='1",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "%_%",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "&amp;&#0;&#x202e;",
    "{{ 7|add:7 }}",
    "{% debug %}",
    "%(name)s %s {0}",
    "${jndi:ldap://x}",
    '=HYPERLINK("http://x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    # Numbers.
    "9" * 25,
    "9" * 4301,
    "-1",
    "0",
    "00",
    "1e309",
    "NaN",
    "inf",
    "-0",
    "9223372036854775808",
    "18446744073709551616",
    "0x1F",
    "١٢٣",
    "²",
    "½",
    # Dates and times.
    "2025-13-45",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31T23:59:59",
    "9999-12-31T25:61:61",
    "31/02/2025",
    "2025/03/01 10:02:11 AM GMT+99",
    "2025/03/01 10:02:11 م غرينتش+3",
    "24:00",
    "1:99999999999999",
    "99999999999",
    "T",
    "2025-W01",
    # Addresses and paths.
    "x@y",
    "a@b.c",
    "@",
    "user@[::1]",
    "a" * 250 + "@example.org",
    "http://[x/y",
    "https://x/\u202e/",
    "javascript:alert(1)",
    "../../etc/passwd",
    "%00",
    "%2e%2e%2f",
    "/",
    "//",
    "?#",
]

CHARACTERS = st.characters(codec="utf-8", exclude_categories=("Cs",))
LONG_LENGTHS = [255, 256, 2001, 5001]  # past the columns and the longest answers


def _long(piece, length):
    return (piece * (length // max(len(piece), 1) + 1))[:length]


def hostile_text(max_pieces=6):
    """A string that is a hostile piece, several joined with random text, or very long."""
    piece = st.sampled_from(PIECES)
    mixed = st.lists(st.one_of(piece, st.text(CHARACTERS, max_size=12)), min_size=1, max_size=max_pieces).map("".join)
    long = st.builds(
        _long, st.sampled_from(["x", "م", "\x00", "\u202e", "9", "a b ", *PIECES[:20]]), st.sampled_from(LONG_LENGTHS)
    )
    return st.one_of(piece, mixed, st.text(CHARACTERS, max_size=40), long)


def weighted(*choices):
    """One of the strategies in ``choices``, ``(weight, strategy)`` pairs, drawn in proportion
    to their weights (``st.one_of`` gives each branch the same chance)."""
    pool = [strategy for weight, strategy in choices for _ in range(weight)]
    return st.sampled_from(pool).flatmap(lambda strategy: strategy)


@st.composite
def form_fields(draw, fields, always=()):
    """A form as a browser or a script may send it: ``fields`` maps each field's name to the
    strategy of its valid values; each example draws its own share of hostile fields (none,
    some, or all of them: a form hostile in every field is refused at the first and reaches
    nothing further), and now and then a field is left out (except those named in ``always``:
    hidden fields every page sends)."""
    share = draw(st.sampled_from([0, 0, 0, 0.1, 0.3, 1]))
    # Hypothesis leans towards the edges of any range it draws from: the shares are kept by a
    # pseudo-random generator it seeds (the same seeds on every run).
    rolls = draw(st.randoms(use_true_random=True))
    sent = {}
    for name, valid in fields.items():
        roll = rolls.random()
        if roll < share:
            sent[name] = draw(hostile_text())
        elif roll < 0.99 or share == 1 or name in always:
            sent[name] = draw(valid if isinstance(valid, st.SearchStrategy) else st.sampled_from(valid))
    return sent


def json_values(max_leaves=12):
    """Any JSON value, its strings hostile and its numbers huge."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.sampled_from([2**63, -(2**63) - 1, 10**400, 0, -1]),
        st.floats(allow_nan=False, allow_infinity=False),
        hostile_text(),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4), st.dictionaries(hostile_text(max_pieces=2), children, max_size=4)
        ),
        max_leaves=max_leaves,
    )


# --- values people type ----------------------------------------------------------------------------

NAMES = ["Basim Kadhim", "John Smith", "Hani Dawa", "Zainab Ali", "Al-Karkhi", "Maha Dawood"]
NAMES_AR = ["بسام كاظم", "آمنة جاسم", "هاني ضوة", "زينب علي", "أحمد الكرخي", "مها داود"]
ORGANISATIONS = ["Tammuz Organisation", "منظمة تموز", "Basra Youth Forum", "منتدى شباب البصرة", "TO"]
EMAILS = ["maha@example.org", "MAHA@Example.org", "basim@x.org", "zainab.ali@example.org"]


def names():
    return st.sampled_from(NAMES + NAMES_AR)


def emails():
    return st.one_of(st.sampled_from(EMAILS), st.emails())


# --- files -------------------------------------------------------------------------------------

# Encodings spreadsheets and meeting tools write, and one they do not (Latin-1).
ENCODINGS = ["utf-8"] * 4 + ["utf-8-sig"] * 2 + ["cp1256"] * 2 + ["utf-16", "latin-1"]
# Bytes no UTF-8 decoder accepts, and beginnings of multi-byte characters cut short.
INVALID_UTF8 = [b"\xff", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xc0\xaf", b"\xed\xa0\x80", b"\x80\x80", b"\xfe\xff"]


def encode(text, encoding):
    return text.encode(encoding, errors="replace")


def csv_text(headers, rows, delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([headers, *rows])
    return buffer.getvalue()


@st.composite
def mangled(draw, content):
    """``content`` with invalid UTF-8 or random bytes put in at a few places, or cut short."""
    content = bytearray(content)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(content)))
        content[at:at] = draw(st.one_of(st.sampled_from(INVALID_UTF8), st.binary(min_size=1, max_size=8)))
    if content and draw(st.booleans()):
        del content[draw(st.integers(0, len(content) - 1)) :]
    return bytes(content)


@st.composite
def table(draw, columns, max_rows=6):
    """``(headers, rows)``: ``columns`` is ``[(header, strategy of valid cells)]``. Each file
    has its own share of hostile cells (none, one in twenty or one in four: one in every cell
    would have every file refused for its first), headers are hostile half as often, and a row
    now and then has a cell too many or too few."""
    share = draw(st.sampled_from([0, 0, 0.05, 0.25]))
    rolls = draw(st.randoms(use_true_random=True))  # as in form_fields

    def cell(valid, share):
        return draw(hostile_text(max_pieces=3)) if rolls.random() < share else draw(valid)

    headers = [cell(st.just(header), share / 2) for header, _cells in columns]
    rows = []
    for _ in range(draw(st.integers(1, max_rows))):
        row = [cell(cells, share) for _header, cells in columns]
        shape = draw(st.sampled_from(["whole", "whole", "whole", "short", "long"]))
        if shape == "short":
            row = row[: draw(st.integers(0, len(row)))]
        elif shape == "long":
            row.append(draw(hostile_text(max_pieces=2)))
        rows.append(row)
    return headers, rows


@st.composite
def csv_file(draw, columns, preamble=()):
    """A CSV of ``columns`` (see ``table``), with ``preamble`` rows above it, in an encoding
    spreadsheets write (or one they do not), one time in six with bytes no decoder accepts."""
    headers, rows = draw(table(columns))
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    text = "".join(csv_text(cells, [], delimiter) for cells in preamble) + csv_text(headers, rows, delimiter)
    content = encode(text, draw(st.sampled_from(ENCODINGS)))
    return draw(weighted((5, st.just(content)), (1, mangled(content))))


def _sheet_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # only the workbook files need openpyxl

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


# A workbook's archive and properties carry the time they were written; a file drawn for an
# example must be the same bytes every time Hypothesis draws it again, or the lengths and the
# positions drawn from them change between the runs of one example.
WRITTEN_AT = dt.datetime(2026, 1, 1)


def xlsx_bytes(rows):
    """The workbook of ``rows``, the same bytes whenever it is written."""
    import openpyxl  # only the workbook files need it
    from openpyxl.writer.excel import ExcelWriter

    workbook = openpyxl.Workbook()
    workbook.properties.created = workbook.properties.modified = WRITTEN_AT
    sheet = workbook.active
    for row in rows:
        sheet.append([_sheet_value(value) for value in row])
    written = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED)).save()
    buffer = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            entry.date_time = WRITTEN_AT.timetuple()[:6]
            archive.writestr(entry, source.read(entry.filename))
    return buffer.getvalue()


def odd_cells():
    """What a workbook's cell may hold besides text: huge and odd numbers, dates, times and
    durations, booleans, formulas, Excel's escapes of control characters."""
    return st.one_of(
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=True, allow_infinity=False),
        st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
        st.dates(min_value=dt.date(1900, 3, 1)),
        st.times(),
        st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=9999)),
        st.booleans(),
        st.none(),
        st.sampled_from(["=1+1", '=HYPERLINK("http://x")', "=A1", "_x0000_", "_x202E_"]),
    )


@st.composite
def xlsx_file(draw, columns, preamble=()):
    """A workbook of ``columns`` (see ``table``) whose cells are now and then numbers, dates,
    durations or formulas; one time in four a damaged one: bytes changed inside the archive,
    an archive that holds no workbook, or one cut short."""
    columns = [(header, weighted((2, cells), (1, odd_cells()))) for header, cells in columns]
    headers, rows = draw(table(columns))
    content = xlsx_bytes([*preamble, headers, *rows])
    damage = draw(st.sampled_from(["none"] * 9 + ["bytes", "no-workbook", "cut"]))
    if damage == "bytes":
        content = bytearray(content)
        for _ in range(draw(st.integers(1, 6))):
            content[draw(st.integers(0, len(content) - 1))] = draw(st.integers(0, 255))
        return bytes(content)
    if damage == "no-workbook":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(draw(st.sampled_from(["xl/workbook.xml", "word/document.xml"])), draw(st.binary()))
        return buffer.getvalue()
    if damage == "cut":
        return content[: draw(st.integers(0, len(content) - 1))]
    return content


def spreadsheet(columns, extensions=("csv", "xlsx"), preamble=()):
    """``(file name, content)``: a CSV or a workbook of ``columns``."""
    files = []
    if "csv" in extensions:
        files.append(st.tuples(upload_name(["csv", "txt"]), csv_file(columns, preamble)))
    if "xlsx" in extensions:
        files.append(st.tuples(upload_name(["xlsx"]), xlsx_file(columns, preamble)))
    return st.one_of(*files)


def upload_name(extensions):
    """A file's name: a usual one, or a hostile one with a usual or odd extension."""
    usual = st.sampled_from([f"report.{extension}" for extension in extensions])
    hostile = st.builds(
        lambda stem, ext: f"{stem}.{ext}", hostile_text(max_pieces=2), st.sampled_from([*extensions, "exe", ""])
    )
    return weighted((4, usual), (1, hostile))


def uploaded(name, content):
    """``content`` as the test client uploads it under ``name``. A name Django's file objects
    refuse to hold ("." or "..", which the server refuses with a 400 itself) cannot be sent by
    the test client: the file goes under a plain name with the same extension."""
    try:
        return SimpleUploadedFile(name, content)
    except SuspiciousFileOperation:
        return SimpleUploadedFile(f"upload.{name.rpartition('.')[2]}", content)


# --- forms as their pages show them -----------------------------------------------------------


def hidden_fields(spec):
    """The fields of ``form_spec`` a page always sends: a formset's management form and its
    forms' ids (Django and modelcluster read them without checking they are there)."""
    return {name for name in spec if name.endswith(("-id", "_FORMS"))}


def valid_values(field):
    """Values a person could send for the Django form ``field``, as the widget sends them."""
    if isinstance(field, forms.BooleanField):
        return ["on", ""]
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return _choices(field)
    if isinstance(field, forms.DateTimeField):
        return ["2026-12-24 10:00", "2027-01-02 18:30", ""]
    if isinstance(field, forms.DateField):
        return ["2026-12-24", "2017-03-01", ""]
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return ["0", "1", "20", "100", ""]
    if isinstance(field, forms.EmailField):
        return [*EMAILS, ""]
    if isinstance(field, forms.URLField):
        return ["https://tammuz.example.org", ""]
    return [*NAMES, *NAMES_AR, ""]


def _choices(field):
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [[], *([str(pk)] for pk in field.queryset.values_list("pk", flat=True)[:3])]
    if isinstance(field, forms.ModelChoiceField):
        return ["", *(str(pk) for pk in field.queryset.values_list("pk", flat=True)[:3])]
    if isinstance(field, forms.MultipleChoiceField):
        return [[], *([str(value)] for value, _label in field.choices if value)]
    return [str(value) for value, label in field.choices if not isinstance(label, list | tuple)] or [""]


def form_spec(form, extra_forms=2):
    """``{field name: valid values}`` of ``form`` (an unbound form as its page built it) and of
    its inline formsets, each with up to ``extra_forms`` new forms (``form_fields`` makes the
    sent data of it, with ``hidden_fields`` always sent); file fields are left out."""
    spec = {name: valid_values(field) for name, field in form.fields.items() if not isinstance(field, forms.FileField)}
    for formset in getattr(form, "formsets", {}).values():
        prefix = formset.prefix
        spec |= {
            f"{prefix}-TOTAL_FORMS": [str(count) for count in range(extra_forms + 1)],
            f"{prefix}-INITIAL_FORMS": ["0"],
            f"{prefix}-MIN_NUM_FORMS": ["0"],
            f"{prefix}-MAX_NUM_FORMS": ["1000"],
        }
        for index in range(extra_forms):
            for name, field in formset.empty_form.fields.items():
                if name == "id":
                    spec[f"{prefix}-{index}-id"] = [""]
                elif name != "DELETE" and not isinstance(field, forms.FileField):
                    spec[f"{prefix}-{index}-{name}"] = valid_values(field)
    return spec


# --- what the site answered ------------------------------------------------------------------------


def assert_answered(response):
    """The site answered, without a server error: a 500 fails with the exception behind it
    (so each bug is reported as itself), and a streamed answer is read to its end."""
    if response.status_code >= 500:
        exc_info = getattr(response, "exc_info", None)
        if exc_info:
            raise exc_info[1].with_traceback(exc_info[2])
        raise AssertionError(f"{response.status_code}: {response.content[:2000]!r}")
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


# --- what was written -----------------------------------------------------------------------------


def row_counts(*models):
    return {model.__name__: model.objects.count() for model in models}


def assert_whole(record):
    """``record`` as stored holds what its columns may hold: text without NUL and no longer
    than its column, a choice among its field's choices."""
    record.refresh_from_db()
    for field in record._meta.concrete_fields:
        value = getattr(record, field.attname)
        if isinstance(value, str):
            assert "\x00" not in value, f"{type(record).__name__}.{field.name} holds a NUL"
            if field.max_length:
                assert len(value) <= field.max_length, f"{type(record).__name__}.{field.name} is longer than its column"
        if field.choices and value not in (None, ""):
            assert value in {choice for choice, _label in field.flatchoices}, f"{type(record).__name__}.{field.name}"
