"""Attendee list exports: an event's whole list (10,000 and 100,000 registrations) to CSV and
XLSX, all default columns, in English, against the same rows written by hand in the same run.

    .venv/bin/python bench/export.py                        # SQLite in a temp folder
    .venv/bin/python bench/export.py --sizes 10000          # the small list only
    .venv/bin/python bench/export.py --postgres             # PostgreSQL ($BENCH_DATABASE_URL or
                                                            #   postgres://postgres@127.0.0.1:5432/multaqa_export_bench)
    .venv/bin/python bench/export.py --sizes 10000 --profile csv   # cProfile of one export instead

The event: an online programme of 8 sessions with attendance taken per session, 5 registration
questions (single choice, yes/no, short text, multiple choice, long text) and ~200
organisations. Each registration has a person (names in both scripts, email, phone, Iraq, a
governorate, a gender, one organisation), answers to most questions, attendance in some of the
8 sessions (minutes for those an online-meeting report gave) and, past 5 sessions, a
certificate (1 in 50 revoked); 1 in 100 awaits the participant's acceptance. The list grows
from one size to the next; the export reads all of it in the list's default order: 30 columns
(17 standard, 5 questions, 8 slots).

Each measurement runs in a fresh child process on the same database, after a warm-up on 50
rows (imports, translations, query compilation are paid there, as in a running server):

- seconds: wall time of the export, the median of ``--repeat`` runs (one at 50,000 rows and
  more), with the file written to a temporary file (CSV: ``service.stream`` consumed fully;
  XLSX: the bytes ``service.draw`` returns);
- RSS +MB: the process's peak resident memory during the run (VmHWM, reset before it through
  /proc/self/clear_refs) less its resident memory before it — what the export adds to a worker;
- traced MB: the peak of the Python allocations (tracemalloc) in one more run of its own,
  traced apart because tracing slows the run down.

The baseline is the same rows' plain values written without the export's machinery: one
``values_list`` query over the registrations joined to their people (the organisation, the
certificate and each slot's minutes read in the same query by subqueries), iterated with
``.iterator(chunk_size=2000)``, 30 cells a row (the stored values: codes rather than
translated labels, nothing escaped), written by the ``csv`` module and by openpyxl's
write-only mode. The ratio is export ÷ baseline; issue 12 aims for under 3× and under 200 MB of
peak memory for 100,000 rows.

Then each file is downloaded through the real stack (``--no-http`` skips it): gunicorn (one
worker, fresh at each size, warmed up by the export of one registration) on the same
database, and a signed-in organiser (a session made in set-up, second factor passed) posting
the export form from this process, every column ticked, in English: seconds from the form's
post to the file's last byte against the same export in-process, the file's size against the
in-process file's, and the worker's peak resident memory (VmHWM, as bench/_http.py measures
it) against the worker's answering /healthz just before. An XLSX longer than the request's
share becomes a print job; the immediate task backend of these settings draws it within the
post, then the browser opens the job's page and fetches its file (three requests timed
together).

Measured on the two shared cores of a development machine, SQLite, Python 3.11, openpyxl
3.1.5 (the whole run takes about 12 minutes, most of it the traced XLSX runs):

        rows  what             seconds  × base  RSS +MB  traced MB
      10,000  csv baseline        0.22              8.9        5.9
      10,000  csv export          0.64     2.9     13.3       10.3
      10,000  xlsx baseline       2.15              8.0        5.9
      10,000  xlsx export         3.46     1.6     12.5        9.2
     100,000  csv baseline        2.54              9.0        6.0
     100,000  csv export          6.44     2.5     17.2       16.6
     100,000  xlsx baseline      21.35             21.8       15.6
     100,000  xlsx export        37.82     1.8     31.5       19.5

Both targets met; the export's processes peak at 148 MB (CSV) and 168 MB (XLSX) resident in
all, Django included; 217 queries for 100,000 rows. PostgreSQL, 10,000 rows: CSV 0.83 s
(1.9×), XLSX 3.67 s (1.6×). Before the speed-ups this script led to, the 10,000-row CSV took
4.68 s (15.9×) and the XLSX 6.55 s: a choice's label was worked out by Django for every cell
(get_FOO_display hashes every lazy label of the choices), and every row loaded three models.
"""

import argparse
import csv
import datetime as dt
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import attach, boot, database_name, drop_postgres, write_rows  # noqa: E402 - the path above
from bench._common import row as table_row  # noqa: E402
from bench._http import CSRF, Server, download, environment, load, staff_sessions  # noqa: E402

POSTGRES_DEFAULT = "postgres://postgres@127.0.0.1:5432/multaqa_export_bench"
SIZES = (10_000, 100_000)
SESSIONS = 8
ORGANISATIONS = 200
BATCH = 5000  # people built and inserted at a time
WARMUP = 50
COLUMNS = 17 + 5 + SESSIONS
TARGET_RATIO, TARGET_MB = 3.0, 200
MB = 1_000_000

FIRST = ["أحمد", "إبراهيم", "آمنة", "بشير", "ثامر", "حسين", "زينب", "سارة", "علي", "فاطمة", "مريم", "نور", "هدى",
         "يوسف", "فؤاد", "عمر", "ليلى", "مصطفى"]  # fmt: skip
LATIN_FIRST = ["Ahmed", "Ibrahim", "Amna", "Basheer", "Thamer", "Hussein", "Zainab", "Sara", "Ali", "Fatima", "Maryam",
               "Noor", "Huda", "Yousif", "Fuad", "Omar", "Layla", "Mustafa"]  # fmt: skip
LAST = ["الجبوري", "الكرخي", "حسن", "طاهر", "السراي", "العبيدي", "الموسوي", "التميمي", "الربيعي", "الزبيدي"]
LATIN_LAST = ["Al-Jubouri", "Al-Karkhi", "Hassan", "Taher", "Al-Sarai", "Al-Obaidi", "Al-Mousawi", "Al-Tamimi",
              "Al-Rubaie", "Al-Zubaidi"]  # fmt: skip
GOVERNORATES = ["baghdad", "basra", "nineveh", "erbil", "najaf", "karbala", "maysan", "diyala", "anbar", "kirkuk",
                "babylon", "dhi_qar", "sulaymaniyah", "duhok"]  # fmt: skip
TITLES = [("", ""), ("Project coordinator", "منسق مشاريع"), ("Student", "طالب"), ("Researcher", "باحث"),
          ("Volunteer", "متطوع"), ("Journalist", "صحفي")]  # fmt: skip
STATUSES = ["confirmed"] * 85 + ["waitlisted"] * 7 + ["cancelled"] * 5 + ["pending"] * 3
ROLES = ["participant"] * 90 + ["speaker"] * 3 + ["press"] * 3 + ["organiser"] * 2 + ["delegation"] * 2
FIELDS = ["Media", "Education", "Health", "Law", "Civil society"]
TRACKS = ["Workshops", "Panels", "Field visits", "Mentoring"]
UNIVERSITIES = ["University of Baghdad", "University of Basra", "جامعة الموصل", "Salahaddin University", "جامعة الكوفة"]
EXPECTATIONS = [
    "أتوقع أن أتعلم أساليب الحوار بين الأديان وأن أتعرف إلى شباب من محافظات أخرى يعملون في المجال نفسه.",
    "To meet peers from other governorates and learn how to run dialogue sessions in my own community.",
    "بناء شبكة من العلاقات المهنية، والتدرب على تيسير الجلسات الحوارية في الجامعة.",
]
QUESTIONS = [
    {"label": "Your field", "label_ar": "مجالك", "field_type": "radio", "choices": "\n".join(FIELDS),
     "choices_ar": "إعلام\nتعليم\nصحة\nقانون\nمجتمع مدني"},
    {"label": "Do you need accommodation?", "label_ar": "هل تحتاج إلى سكن؟", "field_type": "yesno"},
    {"label": "Your university", "label_ar": "جامعتك", "field_type": "singleline"},
    {"label": "Which tracks interest you?", "label_ar": "ما المسارات التي تهمك؟", "field_type": "checkboxes",
     "choices": "\n".join(TRACKS), "choices_ar": "ورش عمل\nجلسات حوارية\nزيارات ميدانية\nإرشاد"},
    {"label": "What do you expect from the programme?", "label_ar": "ماذا تتوقع من البرنامج؟",
     "field_type": "multiline"},
]  # fmt: skip
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


# --- the data ------------------------------------------------------------------------------


def build_event():
    """The programme: 8 weekly online sessions (Arabic page, English translation), an
    attendance plan per session, the 5 questions and the organisations."""
    from events.attendance.models import AttendancePlan, CompletionRule, SlotUnit
    from events.models import Session
    from events.registrations.models import RegistrationQuestion, RegistrationSettings
    from fixtures import site
    from network.models import Organisation
    from tests.factories.events import at, event_page, translate

    site.load(lambda message: None)
    start = at(2025, 3, 1, 17)
    sessions = [
        {
            "title": f"الجلسة {n + 1}: الحوار والعمل المشترك",
            "kind": "talk",
            "start": start + dt.timedelta(weeks=n),
            "end": start + dt.timedelta(weeks=n, minutes=90),
        }
        for n in range(SESSIONS)
    ]
    event = event_page(
        title="برنامج الحوار الشبابي",
        event_format="online",
        start=start,
        end=sessions[-1]["end"],
        sessions=sessions,
    )
    english = translate(event, title="Youth Dialogue Programme")
    for number, session in enumerate(Session.objects.filter(page=english).order_by("start")):
        session.title = f"Session {number + 1}: dialogue and joint work"
        session.save(update_fields=["title"])
    settings = RegistrationSettings.objects.create(event=event, capacity=None)
    for order, spec in enumerate(QUESTIONS):
        RegistrationQuestion.objects.create(settings=settings, sort_order=order, required=False, **spec)
    AttendancePlan.objects.create(
        event=event, unit=SlotUnit.SESSION, completion_rule=CompletionRule.SLOTS, completion_value=5
    )
    Organisation.objects.bulk_create(
        Organisation(
            name=f"{LATIN_LAST[n % len(LATIN_LAST)]} Civic Forum {n}",
            name_ar=f"منتدى {LAST[n % len(LAST)]} المدني {n}",
            slug=f"bench-forum-{n}",
        )
        for n in range(ORGANISATIONS)
    )
    return event


def _code(number):
    """A certificate code of 10 symbols, unique per number."""
    symbols = []
    for _ in range(10):
        number, digit = divmod(number, 32)
        symbols.append(CODE_ALPHABET[digit])
    return "".join(reversed(symbols))


def _answers(rng, clean_names):
    field, accommodation, university, tracks, expectation = clean_names
    answers = {field: rng.choice(FIELDS)}
    if rng.random() < 0.8:
        answers[accommodation] = rng.choice(("yes", "no"))
    if rng.random() < 0.7:
        answers[university] = rng.choice(UNIVERSITIES)
    if rng.random() < 0.6:
        answers[tracks] = rng.sample(TRACKS, rng.randint(1, 3))
    if rng.random() < 0.4:
        answers[expectation] = rng.choice(EXPECTATIONS)
    return answers


def grow(event, first, last, rng):
    """Registrations ``first`` to ``last - 1`` of the event, with their people, organisations,
    attendance and certificates, ``BATCH`` people at a time."""
    from django.db import transaction

    from events.attendance.models import Attendance, Certificate, Method
    from events.attendance.slots import slots_for
    from events.registrations.models import Registration, RegistrationQuestion
    from network.models import Affiliation, Organisation, Person

    organisations = list(Organisation.objects.filter(slug__startswith="bench-forum-").order_by("pk"))
    slots = slots_for(event)
    clean_names = list(
        RegistrationQuestion.objects.filter(settings__event=event)
        .order_by("sort_order")
        .values_list("clean_name", flat=True)
    )
    opened = dt.datetime(2025, 1, 5, 9, tzinfo=dt.UTC)
    for start in range(first, last, BATCH):
        numbers = range(start, min(start + BATCH, last))
        with transaction.atomic():
            people = []
            for n in numbers:
                first_name, last_name = n % len(FIRST), (n // len(FIRST)) % len(LAST)
                title, title_ar = TITLES[n % len(TITLES)]
                people.append(
                    Person(
                        name=f"{LATIN_FIRST[first_name]} {LATIN_LAST[last_name]} {n}",
                        name_ar="" if n % 20 == 19 else f"{FIRST[first_name]} {LAST[last_name]} {n}",
                        slug=f"bench-export-{n}",
                        email=f"participant{n}@example.org",
                        phone=f"+964 770 {n // 10000 % 1000:03d} {n % 10000:04d}",
                        country="IQ",
                        governorate=GOVERNORATES[n % len(GOVERNORATES)],
                        gender=("female", "male", "female", "male", "undisclosed", "")[n % 6],
                        # One title in a thousand would run as a formula: escaped on export.
                        title="=HYPERLINK(A1)" if n % 1000 == 7 else title,
                        title_ar=title_ar,
                    )
                )
            people = Person.objects.bulk_create(people, batch_size=2000)
            Affiliation.objects.bulk_create(
                (
                    Affiliation(person=person, organisation=organisations[n % len(organisations)], is_primary=True)
                    for n, person in zip(numbers, people, strict=True)
                ),
                batch_size=2000,
            )
            registrations = []
            for n, person in zip(numbers, people, strict=True):
                hidden = n % 100 == 99
                created = opened + dt.timedelta(seconds=17 * n)
                registrations.append(
                    Registration(
                        event=event,
                        person=person,
                        status=STATUSES[n % len(STATUSES)],
                        role=ROLES[(n * 7) % len(ROLES)],
                        reference=f"BX{n:010d}",
                        language=("ar", "en")[n % 3 == 2],
                        answers=_answers(rng, clean_names),
                        created_at=created,
                        status_changed_at=created,
                        awaiting_acceptance=hidden,
                        entered_name=f"Entered Name {n}" if hidden else "",
                        entered_email=f"entered{n}@example.org" if hidden else "",
                    )
                )
            registrations = Registration.objects.bulk_create(registrations, batch_size=2000)
            attendance, certificates = [], []
            for n, registration in zip(numbers, registrations, strict=True):
                if registration.status != "confirmed":
                    continue
                presence = rng.random()
                minutes_total, count = 0, 0
                for slot in slots:
                    if rng.random() > presence:
                        continue
                    online = rng.random() < 0.7
                    minutes = rng.randint(30, 90) if online else None
                    attendance.append(
                        Attendance(
                            registration=registration,
                            event=event,
                            slot=slot.key,
                            at=slot.start,
                            method=Method.ONLINE if online else Method.SHEET,
                            minutes=minutes,
                        )
                    )
                    minutes_total += minutes or 0
                    count += 1
                if count >= 5:
                    certificates.append(
                        Certificate(
                            registration=registration,
                            code=_code(n),
                            issued_at=slots[-1].end,
                            slots_attended=count,
                            slots_total=len(slots),
                            minutes=minutes_total,
                            revoked_at=slots[-1].end + dt.timedelta(days=3) if n % 50 == 0 else None,
                        )
                    )
            Attendance.objects.bulk_create(attendance, batch_size=2000)
            Certificate.objects.bulk_create(certificates, batch_size=2000)


# --- what is measured, each in a child process -----------------------------------------------


def _export_input(event, limit):
    from events.attendance.exports import service
    from events.translation import localized_events

    shown = localized_events([event], "en", live_only=False)[0]
    keys = [column.key for column in service.all_columns(event, shown)]
    columns = service.chosen_columns(event, keys, shown)
    assert len(columns) == COLUMNS, len(columns)
    registrations = service.registrations_for(event, {})
    return shown, columns, registrations[:limit] if limit else registrations


def export_csv(event, limit=None):
    from events.attendance.exports import service

    _shown, columns, registrations = _export_input(event, limit)
    with tempfile.TemporaryFile() as target:
        for chunk in service.stream(event, "csv", columns, registrations):
            target.write(chunk)
        return target.tell()


def export_xlsx(event, limit=None):
    from events.attendance.exports import service

    shown, columns, registrations = _export_input(event, limit)
    return len(service.draw(event, "xlsx", columns, registrations, shown))


def _plain_rows(event, limit):
    """The baseline's rows: one query, the stored values, 30 cells a row."""
    from django.db.models import OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from events.attendance.models import Attendance
    from events.attendance.slots import slots_for
    from events.registrations.models import Registration, RegistrationQuestion
    from network.models import Affiliation

    keys = [slot.key for slot in slots_for(event)]
    names = list(
        RegistrationQuestion.objects.filter(settings__event=event)
        .order_by("sort_order", "pk")
        .values_list("clean_name", flat=True)
    )
    organisation = (
        Affiliation.objects.filter(person_id=OuterRef("person_id"))
        .order_by("-is_primary", "-pk")
        .values("organisation__name")[:1]
    )
    minutes = {
        f"slot_{number}": Subquery(
            Attendance.objects.filter(registration_id=OuterRef("pk"), slot=key)
            .annotate(present=Coalesce("minutes", Value(0)))
            .values("present")[:1]
        )
        for number, key in enumerate(keys)
    }
    queryset = (
        Registration.objects.filter(event_id=event.pk)
        .annotate(organisation=Subquery(organisation), **minutes)
        .order_by("-created_at", "-pk")
        .values_list(
            "reference",
            "person__name_ar",
            "person__name",
            "person__email",
            "person__phone",
            "organisation",
            "person__title",
            "person__country",
            "person__governorate",
            "person__gender",
            "role",
            "status",
            "created_at",
            "certificate__code",
            "answers",
            *minutes,
        )  # fmt: skip
    )
    if limit:
        queryset = queryset[:limit]

    def plain(answer):
        return ", ".join(answer) if isinstance(answer, list) else answer

    for row in queryset.iterator(chunk_size=2000):
        slots = row[15:]
        present = [value for value in slots if value is not None]
        yield [
            *row[:12],
            row[12].replace(tzinfo=None),
            bool(present),
            len(present),
            sum(present),
            row[13] or "",
            *(plain(row[14].get(name, "")) for name in names),
            *("" if value is None else value for value in slots),
        ]


def _plain_headers():
    return [f"column {number + 1}" for number in range(COLUMNS)]


def baseline_csv(event, limit=None):
    with tempfile.TemporaryFile("w+", encoding="utf-8-sig", newline="") as target:
        writer = csv.writer(target)
        writer.writerow(_plain_headers())
        writer.writerows(_plain_rows(event, limit))
        target.flush()
        return os.fstat(target.fileno()).st_size


def baseline_xlsx(event, limit=None):
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Attendees")
    sheet.append(_plain_headers())
    for row in _plain_rows(event, limit):
        sheet.append(row)
    with tempfile.TemporaryFile() as target:
        workbook.save(target)
        target.seek(0)
        return len(target.read())


JOBS = {
    "csv baseline": baseline_csv,
    "csv export": export_csv,
    "xlsx baseline": baseline_xlsx,
    "xlsx export": export_xlsx,
}


def _status_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


def _reset_peak():
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # resets VmHWM, the peak resident memory, to the present


def measure(job, event_id, repeat, result, trace=True):
    """Runs ``job`` in this (child) process and writes its figures to ``result`` as JSON
    (without ``trace``, no extra run traced by tracemalloc: traced and queries are 0)."""
    attach()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from events.models import EventPage

    translation.activate("en")
    event = EventPage.objects.get(pk=event_id)
    work = JOBS[job]
    work(event, WARMUP)
    seconds, added, peak = [], 0, 0
    for _ in range(repeat):
        gc.collect()
        before = _status_kib("VmRSS")
        _reset_peak()
        started = time.perf_counter()
        size = work(event)
        seconds.append(time.perf_counter() - started)
        peak = max(peak, _status_kib("VmHWM"))
        added = max(added, _status_kib("VmHWM") - before)
    traced, queries = 0, []
    if trace:
        gc.collect()
        tracemalloc.start()
        with CaptureQueriesContext(connection) as captured:
            work(event)
        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        queries = captured.captured_queries
    figures = {
        "seconds": statistics.median(seconds),
        "runs": seconds,
        "rss_added": added * 1024,
        "rss_peak": peak * 1024,
        "traced": traced,
        "queries": len(queries),
        "bytes": size,
    }
    Path(result).write_text(json.dumps(figures))


def profile(job, event_id, top):
    """cProfile of one run of ``job``, the costliest functions first (own time)."""
    import cProfile
    import pstats

    attach()
    from django.utils import translation

    from events.models import EventPage

    translation.activate("en")
    event = EventPage.objects.get(pk=event_id)
    work = JOBS[job]
    work(event, WARMUP)
    profiler = cProfile.Profile()
    profiler.runcall(work, event)
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def in_child(*arguments):
    subprocess.run([sys.executable, __file__, *arguments], env=os.environ, check=True)


# --- the same exports through gunicorn -----------------------------------------------------


def organiser_form(event):
    """What the organiser's browser sends for each download: a signed-in session of a member
    of the organisers' group who may edit the event (with its second factor passed), and the
    export form ticking every column in the list's order, as the in-process export takes them."""
    from django.conf import settings
    from django.utils import translation

    from events.attendance.exports import service
    from events.translation import localized_events
    from tests.factories.registrations import organiser

    user = organiser(edit_pages_under=event.get_parent(), username="bench-organiser")
    [key] = staff_sessions([user])
    with translation.override("en"):
        shown = localized_events([event], "en", live_only=False)[0]
        keys = [column.key for column in service.all_columns(event, shown)]
    return {
        "url": f"/admin/attendance/{event.pk}/export/",
        "fields": [("csrfmiddlewaretoken", CSRF), *(("column", key) for key in keys)],
        "headers": {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={key}; csrftoken={CSRF}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept-Language": "en",  # the in-process export is in English too
        },
    }


def job_file(status, location, path):
    """What the organiser's browser fetches next: where the form redirects (a print job's
    page), then from a print job's page its file; nothing after a file."""
    from django.urls import resolve, reverse

    if status in (301, 302, 303):
        return location
    match = resolve(path)
    if status == 200 and match.url_name == "print_job":
        return reverse("attendance_admin:print_job_pdf", kwargs=match.kwargs)
    return None


def downloads(form, formats, workers):
    """Each format's export downloaded once by the signed-in organiser from gunicorn (a fresh
    server, so no earlier download's memory stays in a worker; one worker by default, so the
    download warmed up is the one measured), after /healthz measured by the same server. CSV
    streams from the form's answer; an XLSX longer than the request's share (IN_REQUEST in
    events/attendance/exports/service.py) becomes a print job, which the task backend of these
    settings (immediate, the demo's) draws within that request before it redirects to the
    job's page, whose file is then fetched: the time is the three requests'."""
    from urllib.parse import urlencode

    env = environment(os.environ["DATABASE_URL"], os.environ["VAR_DIR"])
    found = {}
    with Server(env, workers=workers, timeout=600) as server:
        healthz = load(server, "/healthz", seconds=2, connections=workers)
        for file_format in formats:
            # One registration's row first (found by its reference), as the in-process runs warm up.
            warm_up = urlencode([("format", file_format), ("q", "BX0000000000"), *form["fields"]])
            download(server, "POST", form["url"], warm_up, form["headers"], then=job_file)
            body = urlencode([("format", file_format), *form["fields"]])
            fetched = download(server, "POST", form["url"], body, form["headers"], then=job_file)
            looks_right = (
                fetched.content.startswith(b"PK") if file_format == "xlsx" else b"<html" not in fetched.content
            )
            assert fetched.status == 200 and looks_right, (fetched.status, fetched.content[:300])
            found[file_format] = {
                "seconds": fetched.seconds,
                "bytes": len(fetched.content),
                "peak_mb": fetched.peak_mb,
                "requests": fetched.requests,
                "healthz_ms": healthz.p50,
                "healthz_mb": healthz.peak_mb,
            }
            print(f"  {file_format} through gunicorn: {fetched.seconds:.2f} s in {fetched.requests} request(s), "
                  f"{len(fetched.content) / MB:.1f} MB, worker peak {fetched.peak_mb:.0f} MB "
                  f"(/healthz {healthz.peak_mb:.0f} MB)", flush=True)  # fmt: skip
    return found


# --- the run ---------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default=",".join(str(size) for size in SIZES),
        help="registrations in the list, comma-separated (default %(default)s)",
    )
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of a SQLite file")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed runs of each measurement below 50,000 rows (default 3)"
    )
    parser.add_argument("--profile", choices=("csv", "xlsx"), help="print cProfile of that export instead")
    parser.add_argument("--top", type=int, default=30, help="functions the profile prints (default 30)")
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc runs (much quicker)")
    parser.add_argument("--xlsx-max", type=int, help="XLSX only up to this many rows (CSV at every size)")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers for the downloads (default 1)")
    parser.add_argument("--no-http", action="store_true", help="skip the downloads through gunicorn")
    parser.add_argument("--quick", action="store_true", help="300 rows, one run, no tracing")
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    parser.add_argument("--job", choices=JOBS, help=argparse.SUPPRESS)
    parser.add_argument("--event", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.repeat, args.no_trace = "300", 1, True
    if args.job and args.result:
        return measure(args.job, args.event, args.repeat, args.result, trace=not args.no_trace)
    if args.job:
        return profile(args.job, args.event, args.top)

    sizes = sorted(int(size.replace("_", "")) for size in args.sizes.split(","))
    url = os.environ.get("BENCH_DATABASE_URL", POSTGRES_DEFAULT) if args.postgres else None
    if not args.postgres:
        os.environ.pop("DATABASE_URL", None)  # boot() would take (and empty) that database
    label = boot(url)
    from django.db import connections

    folder = Path(tempfile.mkdtemp(prefix="multaqa-export-bench-"))
    rng = random.Random(12)
    event = build_event()
    form = None if args.no_http or args.profile else organiser_form(event)
    results, built = {}, 0
    try:
        for size in sizes:
            started = time.perf_counter()
            grow(event, built, size, rng)
            built = size
            connections.close_all()
            print(f"{size:,} registrations built in {time.perf_counter() - started:.0f} s on {label}", flush=True)
            if args.profile:
                in_child("--job", f"{args.profile} export", "--event", str(event.pk), "--top", str(args.top))
                continue
            repeat = args.repeat if size < 50_000 else 1
            for job in JOBS:
                if job.startswith("xlsx") and args.xlsx_max and size > args.xlsx_max:
                    continue
                result = folder / f"{size}-{job.replace(' ', '-')}.json"
                trace = ["--no-trace"] if args.no_trace else []
                in_child("--job", job, "--event", str(event.pk), "--repeat", str(repeat), "--result", str(result),
                         *trace)  # fmt: skip
                results[size, job] = json.loads(result.read_text())
                print(f"  {job}: {results[size, job]['seconds']:.2f} s", flush=True)
            if form:
                formats = [name for name in ("csv", "xlsx") if (size, f"{name} export") in results]
                for file_format, figures in downloads(form, formats, args.workers).items():
                    results[size, f"{file_format} http"] = figures
    finally:
        if args.postgres:
            drop_postgres(url)
    if results:
        report(results, sizes, label)
        report_downloads(results, sizes)
        write_rows(args.json, rows(results, sizes, database_name(url)))
    return None


def rows(results, sizes, database):
    """The rows for bench/run.py: each export's seconds and added memory against the same rows
    written plainly."""
    found = []
    for size in sizes:
        for file_format in ("csv", "xlsx"):
            if (size, f"{file_format} export") not in results:
                continue
            export, base = results[size, f"{file_format} export"], results[size, f"{file_format} baseline"]
            scenario = f"export {size:,} registrations, {file_format.upper()}"
            found.append(
                table_row(scenario, database, "seconds", export["seconds"], "s", "plain rows", base["seconds"])
            )
            found.append(
                table_row(scenario, database, "memory added", export["rss_added"] / MB, "MB", "plain rows",
                    base["rss_added"] / MB)
            )  # fmt: skip
            http = results.get((size, f"{file_format} http"))
            if http:
                found += http_rows(f"{scenario}, through gunicorn", database, http, export)
    return found


def http_rows(scenario, database, http, export):
    """A download's time and size against the same export in-process, and the worker's peak
    memory against a worker's answering /healthz, all measured in the same run."""
    return [
        table_row(scenario, database, "seconds", http["seconds"], "s", "in-process export", export["seconds"],
                  requests=http["requests"]),
        table_row(scenario, database, "size", http["bytes"] / MB, "MB", "in-process export", export["bytes"] / MB),
        table_row(scenario, database, "worker peak memory", http["peak_mb"], "MB", "/healthz", http["healthz_mb"]),
    ]  # fmt: skip


def report(results, sizes, label):
    print(f"\nAttendee list export — {label}; English; {COLUMNS} columns (17 standard, 5 questions, 8 slots)")
    print(
        f"{'rows':>8}  {'what':<14} {'seconds':>8} {'× base':>7} {'RSS +MB':>8} {'× base':>7} "
        f"{'traced MB':>10} {'× base':>7} {'RSS MB':>7} {'queries':>8} {'MB out':>7}"
    )
    for size in sizes:
        for file_format in ("csv", "xlsx"):
            if (size, f"{file_format} export") not in results:
                continue
            base = results[size, f"{file_format} baseline"]
            for kind in ("baseline", "export"):
                row = results[size, f"{file_format} {kind}"]
                ratios = (
                    [row[key] / base[key] if base[key] else float("nan") for key in ("seconds", "rss_added", "traced")]
                    if kind == "export"
                    else None
                )

                def ratio(number, ratios=ratios):
                    return f"{ratios[number]:>7.1f}" if ratios else f"{'':>7}"

                print(
                    f"{size:>8,}  {file_format + ' ' + kind:<14} {row['seconds']:>8.2f} {ratio(0)} "
                    f"{row['rss_added'] / MB:>8.1f} {ratio(1)} {row['traced'] / MB:>10.1f} {ratio(2)} "
                    f"{row['rss_peak'] / MB:>7.0f} {row['queries']:>8} {row['bytes'] / MB:>7.1f}"
                )
    print("RSS +MB: peak resident memory added by the run; RSS MB: the child process's peak; traced: tracemalloc peak")
    largest = sizes[-1]
    checks = []
    for file_format in ("csv", "xlsx"):
        if (largest, f"{file_format} export") not in results:
            continue
        export, base = results[largest, f"{file_format} export"], results[largest, f"{file_format} baseline"]
        ratio = export["seconds"] / base["seconds"]
        memory = max(export["rss_added"], export["traced"]) / MB
        checks.append(f"{file_format.upper()} {ratio:.1f}× ({'met' if ratio < TARGET_RATIO else 'NOT met'})")
        checks.append(f"{file_format.upper()} peak {memory:.0f} MB ({'met' if memory < TARGET_MB else 'NOT met'})")
    print(f"targets at {largest:,} rows (< {TARGET_RATIO:g}× the baseline, < {TARGET_MB} MB): " + "; ".join(checks))


def report_downloads(results, sizes):
    downloaded = [(size, f) for size in sizes for f in ("csv", "xlsx") if (size, f"{f} http") in results]
    if downloaded:
        print(f"\nDownloaded through gunicorn by a signed-in organiser\n{'rows':>8}  {'format':<6} {'seconds':>8} "
              f"{'× in-process':>13} {'MB out':>7} {'worker peak MB':>15} {'/healthz MB':>12}")  # fmt: skip
    for size, file_format in downloaded:
        http, export = results[size, f"{file_format} http"], results[size, f"{file_format} export"]
        print(
            f"{size:>8,}  {file_format:<6} {http['seconds']:>8.2f} {http['seconds'] / export['seconds']:>13.1f} "
            f"{http['bytes'] / MB:>7.2f} {http['peak_mb']:>15.0f} {http['healthz_mb']:>12.0f}"
        )


if __name__ == "__main__":
    main()
