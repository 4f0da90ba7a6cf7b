"""Check-in at the desk through the real stack: gunicorn with several workers on a loopback
port, a fresh database, and the desks as HTTP clients in this (separate) process.

Two measurements, each against the trivial view (/healthz) measured in the same run:

- the round trip: one desk scans tickets one after another (the JSON POST the desk page sends
  when a scanner types a code), against one client asking /healthz one request at a time;
- the rush: several desks at once, each its own signed-in member of the event's desk, scan
  the event's tickets; every ticket is scanned by two desks (a person waved through at two
  doors), so half the answers must be "already checked in". Afterwards the database must hold
  exactly one record per ticket: zero duplicates.

    .venv/bin/python bench/checkin.py                 # SQLite file in a temp folder
    .venv/bin/python bench/checkin.py --postgres      # PostgreSQL ($BENCH_DATABASE_URL or
                                                      #   postgres://postgres@127.0.0.1:5432/multaqa_bench_checkin)
    .venv/bin/python bench/checkin.py --json rows.json --quick    # for bench/run.py, small

Target (issue 11): hundreds of scans a minute from several desks with zero duplicates.

Measured on the shared two-core development machine (other work running), PostgreSQL,
4 workers, 24 SQL queries a scan, two runs: a scan's round trip 44 and 62 ms at the median
(31 and 41 × the trivial view's 1.4–1.5 ms), 1,221 and 925 scans a minute from one desk;
8 desks at once, every ticket scanned twice, 997 and 1,349 scans a minute (p50 482 and
288 ms; 1.6 and 2.0 % of the trivial view's throughput with 8 clients), 801 records for
801 tickets and no duplicates both times. On SQLite with 2 workers and 4 desks: 26 ms round
trip, 2,009 scans a minute in the rush, no duplicates.
"""

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402 - the path above comes first
    attach,
    database_name,
    drop_scratch_database,
    row,
    scratch_database,
    write_rows,
)
from bench._http import CSRF, ROOT, Server, batch, environment, measured_batch, rows, staff_sessions  # noqa: E402

# --- set-up and checks, run in a child process with Django loaded --------------------------


def setup(out, tickets, desks):
    attach()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from events.attendance.slots import slots_for
    from events.registrations.models import Registration, RegistrationSettings
    from events.registrations.services.tickets import ticket_token
    from fixtures import site
    from network.models import Person
    from tests.factories.attendance import desk_staff
    from tests.factories.registrations import event_page

    call_command("migrate", verbosity=0, interactive=False)
    site.load(lambda message: None)
    start = (timezone.now() + dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    event = event_page(title="Bench conference", start=start, end=start + dt.timedelta(hours=8))
    RegistrationSettings.objects.create(event=event, capacity=tickets + 10)
    people = Person.objects.bulk_create(
        [Person(name=f"Bench Person {n}", name_ar=f"مشارك {n}", slug=f"bench-{n}") for n in range(tickets + 1)],
        batch_size=500,
    )
    now = timezone.now()
    registrations = Registration.objects.bulk_create(
        [Registration(event=event, person=p, created_at=now, status_changed_at=now) for p in people],
        batch_size=500,
    )
    staff = [desk_staff(event, username=f"desk{n}", first_name=f"Desk {n}") for n in range(desks + 1)]
    keys = staff_sessions(staff)
    slot = slots_for(event)[0].key
    url = f"/en/desk/{event.pk}/scan/"

    # Queries of one scan, counted with the test client on the spare registration and desk.
    client = Client(enforce_csrf_checks=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = keys[-1]
    body = json.dumps({"code": ticket_token(registrations[-1]), "slot": slot, "client_key": "count"})
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["outcome"] == "green", (
        response.status_code,
        response.get("Location"),
        response.content[:300],
    )
    Path(out).write_text(
        json.dumps(
            {
                "url": url,
                "slot": slot,
                "tokens": [ticket_token(r) for r in registrations[:-1]],
                "sessions": keys[:-1],
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "queries": len(queries.captured_queries),
                "event_id": event.pk,
            }
        )
    )


def verify(out, event_id):
    attach()
    from django.db.models import Count

    from events.attendance.models import Attendance

    records = Attendance.objects.filter(event_id=event_id)
    per_ticket = records.values("registration_id", "slot").annotate(n=Count("pk"))
    Path(out).write_text(
        json.dumps({"records": records.count(), "duplicates": sum(1 for row in per_ticket if row["n"] > 1)})
    )


# --- the HTTP side, in this process ------------------------------------------------------------


def scan_job(data, desk, token, key):
    body = json.dumps({"code": token, "slot": data["slot"], "client_key": key})
    headers = {
        "Content-Type": "application/json",
        "X-CSRFToken": CSRF,
        "Cookie": f"{data['session_cookie']}={data['sessions'][desk]}; csrftoken={CSRF}",
    }
    return ("POST", data["url"], body, headers)


def child(env, *arguments):
    subprocess.run([sys.executable, __file__, *arguments], env=env, cwd=ROOT, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of a SQLite file")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--desks", type=int, default=8, help="desks scanning at once in the rush (default 8)")
    parser.add_argument("--tickets", type=int, default=600, help="tickets scanned twice (default 600)")
    parser.add_argument("--round-trips", type=int, default=200, help="scans one after another (default 200)")
    parser.add_argument("--quick", action="store_true", help="40 tickets, 20 round trips, 4 desks, 2 workers")
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    parser.add_argument("--setup", help=argparse.SUPPRESS)
    parser.add_argument("--verify", help=argparse.SUPPRESS)
    parser.add_argument("--event", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.tickets, args.round_trips, args.desks, args.workers = 40, 20, 4, 2
    if args.setup:
        return setup(args.setup, args.tickets + args.round_trips, args.desks)
    if args.verify:
        return verify(args.verify, args.event)

    folder = Path(tempfile.mkdtemp(prefix="multaqa-checkin-bench-"))
    url = scratch_database(args.postgres, folder, "multaqa_bench_checkin")
    database = database_name(url)
    # One desk here scans far faster than a person can: the desks' limits are lifted.
    env = environment(url, folder, RATE_LIMITS='{"desk_lookup": ""}')
    setup_file, verify_file = folder / "setup.json", folder / "verify.json"
    try:
        print(f"Setting up {args.tickets + args.round_trips} tickets and {args.desks} desks on {database}…", flush=True)
        child(env, "--setup", str(setup_file), "--tickets", str(args.tickets), "--round-trips",
              str(args.round_trips), "--desks", str(args.desks))  # fmt: skip
        data = json.loads(setup_file.read_text())
        round_tokens, rush_tokens = data["tokens"][: args.round_trips], data["tokens"][args.round_trips :]
        with Server(env, workers=args.workers) as server:
            # The round trip: one client, one request at a time, the trivial view before and after.
            half = [("GET", "/healthz")] * (args.round_trips // 2)
            first = batch(server, half, clients=1)
            trips = batch(server, [scan_job(data, 0, t, f"trip-{n}") for n, t in enumerate(round_tokens)], clients=1)
            second = batch(server, half, clients=1)
            # The rush: every ticket scanned by two different desks, the desks all at once; the
            # two scans of a ticket are next to each other in the queue, so they race.
            jobs = [
                scan_job(data, (n + copy) % args.desks, token, f"rush-{n}-{copy}")
                for n, token in enumerate(rush_tokens)
                for copy in range(2)
            ]
            trivial = measured_batch(server, [("GET", "/healthz")] * len(jobs), clients=args.desks)
            rush = measured_batch(server, jobs, clients=args.desks)
        child(env, "--verify", str(verify_file), "--event", str(data["event_id"]))
        found = json.loads(verify_file.read_text())
    finally:
        drop_scratch_database(url)
        shutil.rmtree(folder, ignore_errors=True)

    alone = first.p50 if first.requests >= second.requests else second.p50
    expected = len(round_tokens) + len(rush_tokens) + 1  # the scan counted during set-up
    out = [
        row("check-in: one desk, round trip", database, "latency p50", trips.p50, "ms", "/healthz, one client", alone),
        *rows(f"check-in rush ({args.desks} desks, each ticket twice)", database, rush, trivial),
    ]
    scenario = out[-1]["scenario"]
    out += [
        row(scenario, database, "scans a minute", rush.throughput * 60, "/min", "/healthz",
            trivial.throughput * 60),
        row(scenario, database, "duplicate records", found["duplicates"], f"{found['records']} for {expected} tickets"),
        row(scenario, database, "SQL queries per scan", data["queries"], "queries"),
    ]  # fmt: skip
    print(f"Check-in — {database}, gunicorn {args.workers} workers, {data['queries']} SQL queries a scan")
    print(f"round trip, one desk: p50 {trips.p50:.1f} ms (/healthz {alone:.1f} ms)")
    print(f"rush, {args.desks} desks: {rush.throughput * 60:,.0f} scans a minute, p95 {rush.p95:.0f} ms "
          f"(/healthz {trivial.throughput * 60:,.0f} a minute); {found['records']} records for {expected} "
          f"tickets, {found['duplicates']} duplicates, {rush.errors + trips.errors} failed")  # fmt: skip
    write_rows(args.json, out)
    assert not rush.errors and not trips.errors, "some scans failed"
    assert found["duplicates"] == 0 and found["records"] == expected, "records do not match the tickets"
    return None


if __name__ == "__main__":
    main()
