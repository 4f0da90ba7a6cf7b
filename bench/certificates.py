"""Certificates: 200 completion certificates drawn, against WeasyPrint's floor (a PDF of one
line of text, with the same fonts) measured in the same run.

    .venv/bin/python bench/certificates.py                   # SQLite in a temp folder
    .venv/bin/python bench/certificates.py --out /tmp/c.pdf  # also keeps one certificate

A programme of seven sessions with two organisers (with logos) and a signatory; 200
participants attended five or more sessions, and ``issue_eligible`` issues their certificates
in one go. Each certificate is then drawn on its own, as a participant downloads it within
the request (its QR code, its organisers' logos, both scripts), and all 200 in one document,
as a bulk print does. The floor is the cost every PDF pays whatever it holds (WeasyPrint's
start, the fonts); the ratio says how much a certificate costs beyond it.

Measured on the two shared cores of a development machine, SQLite: floor 49 ms; one
certificate 466 ms (9.5 × the floor), 98 s for the 200; all 200 in one PDF 42 s, 211 ms a page
(4.3 ×). Laid out with flex boxes the same page took 939 ms (22 ×): the template uses tables.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import boot, database_name, row, write_rows  # noqa: E402 - the path above comes first

PEOPLE = 200
POSTGRES_DEFAULT = "postgres://postgres@127.0.0.1:5432/multaqa_bench_certificates"
SESSIONS = 7
FLOOR = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>{fonts}</style></head>
<body><p>Multaqa ملتقى</p></body></html>"""


def build(people):
    """The programme, its participants' attendance and their certificates."""
    from django.utils import timezone

    from events.attendance.models import AttendancePlan, CompletionRule, Method, SlotUnit
    from events.attendance.services import record_many
    from events.attendance.services.certificates import issue_eligible
    from events.registrations.models import Registration, RegistrationSettings
    from fixtures import site
    from network.models import Person
    from tests.factories.events import at, event_page, image, translate
    from tests.factories.network import OrganisationFactory

    site.load(lambda message: None)
    organisers = [
        OrganisationFactory(name="Baghdad Dialogue Centre", name_ar="مركز بغداد للحوار", logo=image("logo-a")),
        OrganisationFactory(name="Tigris Youth Network", name_ar="شبكة شباب دجلة", logo=image("logo-b", (90, 40))),
    ]
    start = at(2024, 3, 10, 17)
    sessions = [
        {"title": f"الندوة {n + 1}", "kind": "talk", "start": start + dt.timedelta(weeks=n)} for n in range(SESSIONS)
    ]
    for spec in sessions:
        spec["end"] = spec["start"] + dt.timedelta(minutes=90)
    event = event_page(
        title="برنامج الحوار بين أتباع الأديان",
        event_format="online",
        start=start,
        end=sessions[-1]["end"],
        sessions=sessions,
        partners=[(organisers[0], "organiser"), (organisers[1], "co_organiser")],
    )
    translate(event, title="Interreligious Dialogue Programme")
    RegistrationSettings.objects.create(event=event, capacity=people)
    AttendancePlan.objects.create(
        event=event,
        unit=SlotUnit.SESSION,
        completion_rule=CompletionRule.SLOTS,
        completion_value=5,
        signatory="Dr. Sara Kareem, Programme Director",
        signatory_ar="د. سارة كريم، مديرة البرنامج",
    )
    persons = Person.objects.bulk_create(
        Person(name=f"Participant {n} Al-Rawi", name_ar=f"المشارك {n} الراوي", slug=f"bench-person-{n}")
        for n in range(people)
    )
    registrations = Registration.objects.bulk_create(
        Registration(event=event, person=person, status="confirmed", language="ar", reference=f"BENCH{n:07d}")
        for n, person in enumerate(persons)
    )
    for number, session in enumerate(event.sessions.order_by("start")):
        present = registrations if number < 5 else registrations[: people // 2]
        record_many(event, session.key, {r.pk: 80 for r in present}, method=Method.ONLINE, at=timezone.now())
    certificates = issue_eligible(event)
    assert len(certificates) == people, len(certificates)
    return certificates


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return (time.perf_counter() - started) * 1000, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=PEOPLE, help=f"certificates to draw (default {PEOPLE})")
    parser.add_argument("--floor", type=int, default=40, help="one-line PDFs drawn for the floor (default 40)")
    parser.add_argument("--out", help="write the first certificate's PDF here")
    parser.add_argument("--quick", action="store_true", help="10 certificates, a floor of 5")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL ($BENCH_DATABASE_URL) instead of SQLite")
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    args = parser.parse_args()
    if args.quick:
        args.people, args.floor = 10, 5
    url = os.environ.get("BENCH_DATABASE_URL", POSTGRES_DEFAULT) if args.postgres else None
    if not args.postgres:
        os.environ.pop("DATABASE_URL", None)  # boot() would take (and empty) that database

    # The 200 "your certificate is ready" emails are written nowhere.
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    label = boot(url)
    from events.attendance.services.certificates import certificate_pdf, certificates_html, event_facts, write_pdf
    from events.registrations.services.tickets import _fonts_css

    started = time.perf_counter()
    certificates = build(args.people)
    print(f"Database: {label}; {len(certificates)} certificates issued in {time.perf_counter() - started:.1f} s")

    floor_html = FLOOR.format(fonts=_fonts_css())
    write_pdf(floor_html)  # the first PDF loads WeasyPrint and its fonts
    floor = [timed(write_pdf, floor_html)[0] for _ in range(args.floor)]

    single = []
    for certificate in certificates:
        elapsed, pdf = timed(certificate_pdf, certificate)
        single.append(elapsed)
        if args.out and len(single) == 1:
            Path(args.out).write_bytes(pdf)
    facts = event_facts(certificates[0].registration.event)
    together, pdf = timed(lambda: write_pdf(certificates_html(certificates, facts)))

    base = statistics.median(floor)
    median, per_page = statistics.median(single), together / len(certificates)
    rows = [
        ("floor: one-line PDF", base, sum(floor)),
        (f"{len(single)} certificates, one PDF each", median, sum(single)),
        (f"{len(certificates)} certificates in one PDF", per_page, together),
    ]
    print(f"\n{'scenario':<40} {'median ms':>10} {'total s':>8} {'× floor':>8}")
    for name, typical, total in rows:
        print(f"{name:<40} {typical:>10.1f} {total / 1000:>8.2f} {typical / base:>8.1f}")
    database = database_name(url)
    write_rows(
        args.json,
        [
            row(rows[1][0], database, "median per PDF", rows[1][1] / 1000, "s", "one-line PDF", base / 1000),
            row(rows[2][0], database, "per page", rows[2][1] / 1000, "s", "one-line PDF", base / 1000),
        ],
    )
    print(f"\n(one PDF of {len(certificates)} pages: {len(pdf) / 1024:.0f} KiB; per page in the 'median' column)")


if __name__ == "__main__":
    main()
