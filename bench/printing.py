"""Badges and sign-in sheets: 500 badges (A6, one per page, and A4, eight per page) and a
300-person sign-in sheet, each timed against WeasyPrint's floor — a PDF of one line in the
shipped font — drawn in the same run, and the ratio printed. The 500 badges are also drawn
once as a print job through the task framework (the immediate backend), as staff start it.

    .venv/bin/python bench/printing.py                  # SQLite in a temporary folder
    .venv/bin/python bench/printing.py --out /tmp/shots # also keeps the PDFs drawn

Issue 11 asks that hundreds of badges run as a background task with progress; these figures
say how long that task takes and how much of it is WeasyPrint's own fixed cost.
"""

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import boot, database_name, row, write_rows  # noqa: E402 - the path above comes first

BADGES, SHEET_ROWS = 500, 300
POSTGRES_DEFAULT = "postgres://postgres@127.0.0.1:5432/multaqa_bench_printing"
FIRST = ["أحمد", "إبراهيم", "آمنة", "بشير", "ثامر", "حسين", "زينب", "سارة", "علي", "فاطمة", "مريم", "نور", "هدى",
         "يوسف", "فؤاد", "عمر", "ليلى", "مصطفى"]  # fmt: skip
LATIN_FIRST = ["Ahmed", "Ibrahim", "Amna", "Basheer", "Thamer", "Hussein", "Zainab", "Sara", "Ali", "Fatima", "Maryam",
               "Noor", "Huda", "Yousif", "Fuad", "Omar", "Layla", "Mustafa"]  # fmt: skip
LAST = ["الجبوري", "الكرخي", "حسن", "طاهر", "السراي", "العبيدي", "الموسوي", "التميمي", "الربيعي", "الزبيدي"]
LATIN_LAST = ["Al-Jubouri", "Al-Karkhi", "Hassan", "Taher", "Al-Sarai", "Al-Obaidi", "Al-Mousawi", "Al-Tamimi",
              "Al-Rubaie", "Al-Zubaidi"]  # fmt: skip
GOVERNORATES = ["baghdad", "basra", "nineveh", "erbil", "najaf", "karbala", "maysan", "diyala", "anbar", "kirkuk"]


def build(people):
    """An event tomorrow with ``people`` confirmed registrations (demo names, both scripts,
    one in ten with a Latin-script name only), organisations and a speaker or two."""
    from django.utils import timezone

    from events.models import Session, SessionSpeaker
    from events.registrations.models import Registration, RegistrationSettings
    from fixtures import site
    from network.models import Affiliation, Organisation, Person
    from tests.factories.registrations import event_page

    site.load(lambda message: None)
    start = (timezone.now() + dt.timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)
    event = event_page(title="منتدى المجتمع المدني للحوار", start=start, end=start + dt.timedelta(hours=8))
    RegistrationSettings.objects.create(event=event, capacity=people)
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Civic Forum {n}", name_ar=f"منتدى {LAST[n % len(LAST)]} المدني {n}", slug=f"forum-{n}")
        for n in range(30)
    )
    persons = []
    for n in range(people):
        first, last = n % len(FIRST), (n // len(FIRST)) % len(LAST)
        persons.append(
            Person(
                name=f"{LATIN_FIRST[first]} {LATIN_LAST[last]} {n}",
                name_ar="" if n % 10 == 9 else f"{FIRST[first]} {LAST[last]} {n}",
                slug=f"demo-person-{n}",
                governorate=GOVERNORATES[n % len(GOVERNORATES)],
                gender=("female", "male", "")[n % 3],
            )
        )
    persons = Person.objects.bulk_create(persons)
    Affiliation.objects.bulk_create(
        Affiliation(person=person, organisation=organisations[n % 30], is_primary=True)
        for n, person in enumerate(persons)
    )
    Registration.objects.bulk_create(
        Registration(event=event, person=person, status="confirmed", reference=f"BENCH{n:07d}")
        for n, person in enumerate(persons)
    )
    session = Session.objects.create(
        page=event, title="الجلسة الافتتاحية", start=start, end=start + dt.timedelta(hours=1)
    )
    SessionSpeaker.objects.create(session=session, person=persons[0])
    return event


def timed(draw, repeat):
    timings, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = draw()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), result


def page_count(pdf):
    """The PDF's pages as pdfinfo (poppler-utils) counts them, or "?" without it."""
    if shutil.which("pdfinfo") is None:
        return "?"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], capture_output=True, check=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def floor_pdf():
    from weasyprint import HTML

    from events.attendance.services.printing import fonts_css

    html = f"<html><style>{fonts_css()}</style><body><p>ملتقى · Multaqa</p></body></html>"
    return HTML(string=html).write_pdf()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="a folder to keep the PDFs drawn in")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each bulk PDF (the median is printed)")
    parser.add_argument("--quick", action="store_true", help="50 badges, a sheet of 30, one run each")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL ($BENCH_DATABASE_URL) instead of SQLite")
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    args = parser.parse_args()
    global BADGES, SHEET_ROWS  # noqa: PLW0603 - the sizes the whole script uses
    if args.quick:
        BADGES, SHEET_ROWS, args.repeat = 50, 30, 1
    url = os.environ.get("BENCH_DATABASE_URL", POSTGRES_DEFAULT) if args.postgres else None
    if not args.postgres:
        os.environ.pop("DATABASE_URL", None)  # boot() would take (and empty) that database
    label = boot(url)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.attendance.models import PrintJob
    from events.attendance.services import badges, sheets
    from events.attendance.slots import slots_for
    from events.attendance.tasks import start_print_job
    from events.registrations.models import Registration

    event = build(BADGES)
    slot = slots_for(event)[0]
    chosen = badges.chosen(event)
    assert len(chosen) == BADGES
    # The sheet: the first 300 people, the rest cancelled for it.
    Registration.objects.filter(event=event).exclude(pk__in=[r.pk for r in chosen[:SHEET_ROWS]]).update(
        status="cancelled"
    )
    floor_ms, _pdf = timed(floor_pdf, 20)
    results = {}
    with CaptureQueriesContext(connection) as queries:
        results[f"sheet of {SHEET_ROWS} (ar)"] = timed(lambda: sheets.sheet_pdf(event, slot.key, "ar"), args.repeat)
    sheet_queries = len(queries.captured_queries) // args.repeat
    results[f"sheet of {SHEET_ROWS} (en)"] = timed(lambda: sheets.sheet_pdf(event, slot.key, "en"), args.repeat)
    Registration.objects.filter(event=event).update(status="confirmed")
    chosen = badges.chosen(event)
    with CaptureQueriesContext(connection) as queries:
        results[f"{BADGES} badges, A6"] = timed(lambda: badges.badges_pdf(event, chosen, badges.Layout.A6), args.repeat)
    results[f"{BADGES} badges, A4 × 8"] = timed(lambda: badges.badges_pdf(event, chosen, badges.Layout.A4), args.repeat)
    options = badges.job_options(badges.Layout.A4)
    results[f"{BADGES} badges, A4, as a job"] = timed(
        lambda: start_print_job(event, PrintJob.Kind.BADGES, options, total=BADGES), 1
    )
    job = results[f"{BADGES} badges, A4, as a job"][1]
    assert job.state == PrintJob.State.DONE and job.done == job.total == BADGES, (job.state, job.done)

    print(f"Printing bench on {label}; WeasyPrint floor (one line, shipped font): {floor_ms:.1f} ms")
    database, found = database_name(url), []
    print(f"{'scenario':<28} {'median ms':>10} {'× floor':>9} {'ms per item':>12} {'pages':>6} {'KiB':>7}")
    for name, (ms, pdf) in results.items():
        if isinstance(pdf, PrintJob):
            pdf = bytes(PrintJob.objects.get(pk=pdf.pk).content)
        items = SHEET_ROWS if name.startswith("sheet") else BADGES
        pages = page_count(pdf)
        print(f"{name:<28} {ms:>10.0f} {ms / floor_ms:>9.1f} {ms / items:>12.1f} {pages:>6} {len(pdf) / 1024:>7.0f}")
        found.append(row(name, database, "seconds", ms / 1000, "s", "one-line PDF", floor_ms / 1000))
        if args.out:
            Path(args.out).mkdir(parents=True, exist_ok=True)
            (Path(args.out) / f"{name.replace(' ', '-').replace(',', '').replace('×', 'x')}.pdf").write_bytes(pdf)
    print(f"queries: {sheet_queries} per sheet, {len(queries.captured_queries) // args.repeat} per {BADGES} badges")
    write_rows(args.json, found)


if __name__ == "__main__":
    main()
